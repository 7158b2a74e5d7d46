/*
 * generate-host-config: which route each knob takes on each era, the files written for the sample
 * hosts, shellcheck over every generated shell file, and the CLI's errors.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import type { Policy } from '../../src/dsl/policy.js';
import { buildHostConfig, ERAS } from '../../src/hostconfig/command.js';
import { runCli, REPO } from '../support/cli.js';

const HOSTS = join(REPO, 'samples', 'hosts');
const SEED_POLICY = join(REPO, 'samples', 'policies', 'seed-recommended.ts');
const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'nbp-hc-'));
  temps.push(d);
  return d;
};

const SEED: Policy = {
  name: 'seed-recommended',
  threading: { model: 'kthread', groups: 'online-cpus', bindToCpu: true },
  locks: { idxRelease: 'per-group' },
  irq: { spread: 'group-cpu' },
};
const routes = (host: string, policy: Policy, target?: string) =>
  Object.fromEntries(
    buildHostConfig(policy, 'p.ts', { root: join(HOSTS, host), ...(target ? { target } : {}) }).decision.rows.map(
      (r) => [r.knob, r.route],
    ),
  );

describe('routes: every knob the policy sets gets one row, on each era', () => {
  it.each<[string, string, Policy, Record<string, string>, string?]>([
    [
      'seed policy, 2.6.32 (dense CPUs)',
      'dom0-2.6.32-seed',
      SEED,
      {
        'threading.model': 'module-parameter',
        'threading.groups': 'already',
        'threading.bindToCpu': 'already',
        'locks.idxRelease': 'needs-patch',
        'irq.spread': 'placement',
      },
    ],
    [
      'seed policy, 2.6.32 with CPU 2 offline: kthread_bind(N) is not online[N]',
      'dom0-2.6.32-kthread',
      SEED,
      {
        'threading.model': 'module-parameter',
        'threading.groups': 'already',
        'threading.bindToCpu': 'needs-patch',
        'locks.idxRelease': 'needs-patch',
        'irq.spread': 'placement',
      },
    ],
    [
      'seed policy, 6.1',
      'dom0-6.1-healthy',
      SEED,
      {
        'threading.model': 'already',
        'threading.groups': 'already',
        'threading.bindToCpu': 'placement',
        'locks.idxRelease': 'already',
        'irq.spread': 'placement',
      },
    ],
    [
      '6.1, half the CPUs as queues, a sparse host with max_queues=4',
      'dom0-6.1-sparse',
      { threading: { groups: { onlineCpusDividedBy: 2 } } },
      { 'threading.groups': 'module-parameter' },
    ],
    [
      'tasklets on 6.1',
      'dom0-6.1-healthy',
      { threading: { model: 'tasklet' } },
      { 'threading.model': 'not-available' },
    ],
    [
      '2.6.32: dropping the tasklet option, 2 groups, round-robin',
      'dom0-2.6.32-seed',
      { threading: { model: 'kthread', keepTaskletOption: false, groups: 2 }, assignment: 'round-robin' },
      {
        'threading.model': 'module-parameter',
        'threading.keepTaskletOption': 'needs-patch',
        'threading.groups': 'needs-patch',
        assignment: 'needs-patch',
      },
    ],
    [
      'mq assignment and irqbalance preferred',
      'dom0-6.1-healthy',
      { assignment: 'least-loaded', irq: { spread: 'none' } },
      { assignment: 'placement', 'irq.spread': 'already' },
    ],
    [
      '3.12-3.15 forced with --target: no groups',
      'dom0-6.1-healthy',
      { threading: { groups: 4, bindToCpu: true } },
      { 'threading.groups': 'not-applicable', 'threading.bindToCpu': 'placement' },
      'upstream-1to1',
    ],
    [
      'global lock on 6.1',
      'dom0-6.1-healthy',
      { locks: { idxRelease: 'global' } },
      { 'locks.idxRelease': 'not-available' },
    ],
  ])('%s', (_t, host, policy, want, target) => {
    expect(routes(host, policy, target)).toEqual(want);
  });
});

describe('the files for the seed policy', () => {
  it('2.6.32: netback_kthread in modprobe.d, the placement set, irqbalance kept off VIF IRQs, the patch-only knob named', () => {
    const { files, report } = buildHostConfig(SEED, 'seed.ts', { root: join(HOSTS, 'dom0-2.6.32-seed') });
    expect([...files.keys()].sort()).toEqual([
      'HOWTO.md',
      'etc/modprobe.d/netback-policy.conf',
      'etc/systemd/system/irqbalance.service.d/netback-policy.conf',
      'etc/systemd/system/netback-policy-place.service',
      'etc/systemd/system/netback-policy-place.timer',
      'etc/xen/scripts/vif-post.d/netback-policy.hook',
      'usr/local/lib/netback-policy/irqbalance-policy',
      'usr/local/lib/netback-policy/place',
    ]);
    expect(files.get('etc/modprobe.d/netback-policy.conf')).toMatch(/^options xen-netback netback_kthread=1$/m);
    expect(files.get('usr/local/lib/netback-policy/place')).toMatch(
      /^NBP_ERA='pvops-2\.6\.32'\nNBP_ASSIGNMENT='least-loaded'\nNBP_PLACE_IRQS=1\nNBP_PIN_THREADS=1$/m,
    );
    expect(files.get('HOWTO.md')).toContain(
      'Needs a kernel patch: `netback-policy generate-patch seed.ts --tree <kernel tree>` for `locks.idxRelease`.',
    );
    expect(report).toMatch(/needs a kernel patch .*: locks\.idxRelease\n/);
  });

  it('6.1: no module parameter needed (max_queues is already 8), no modprobe.d file', () => {
    const { files } = buildHostConfig(SEED, 'seed.ts', { root: join(HOSTS, 'dom0-6.1-healthy') });
    expect(files.has('etc/modprobe.d/netback-policy.conf')).toBe(false);
    expect(files.get('usr/local/lib/netback-policy/place')).toMatch(
      /^NBP_ERA='upstream-mq'\nNBP_ASSIGNMENT='round-robin'$/m,
    );
    expect(files.get('HOWTO.md')).not.toContain('Needs a kernel patch');
  });

  it('built-in netback: the parameters go on the kernel command line instead', () => {
    const root = tmp();
    cpSync(join(HOSTS, 'dom0-2.6.32-kthread'), root, { recursive: true });
    const cfg = join(root, 'boot/config-2.6.32-5-xen-amd64');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('CONFIG_XEN_NETDEV_BACKEND=m', 'CONFIG_XEN_NETDEV_BACKEND=y'));
    const { files } = buildHostConfig(SEED, 'seed.ts', { root });
    expect(files.get('kernel-cmdline.txt')).toBe('xen_netback.netback_kthread=1\n');
    expect(files.has('etc/modprobe.d/netback-policy.conf')).toBe(false);
  });

  it('irq.spread none: no irqbalance file, the HOWTO says keep irqbalance running', () => {
    const { files } = buildHostConfig({ irq: { spread: 'none' } }, 'p.ts', { root: join(HOSTS, 'dom0-6.1-healthy') });
    expect([...files.keys()]).toEqual(['HOWTO.md']);
    expect(files.get('HOWTO.md')).toContain('systemctl enable --now irqbalance');
  });

  it('is deterministic', () => {
    const a = buildHostConfig(SEED, 'seed.ts', { root: join(HOSTS, 'dom0-6.1-sparse') }).files;
    const b = buildHostConfig(SEED, 'seed.ts', { root: join(HOSTS, 'dom0-6.1-sparse') }).files;
    expect(b).toEqual(a);
  });
});

describe('shellcheck', () => {
  it('passes with no warning on every generated shell file, on every era', () => {
    const dir = tmp();
    const names: string[] = [];
    for (const era of ERAS) {
      for (const [i, policy] of [SEED, { threading: { bindToCpu: true } } as Policy].entries()) {
        const { files } = buildHostConfig(policy, 'p.ts', { root: join(HOSTS, 'dom0-6.1-healthy'), target: era });
        for (const [name, text] of files) {
          if (!/place$|irqbalance-policy$|\.hook$/.test(name)) continue;
          const p = join(dir, `${era}-${i}-${name.replace(/\//g, '_')}`);
          writeFileSync(p, text);
          names.push(p);
        }
      }
    }
    expect(names.length).toBe(ERAS.length * (3 + 2));
    const r = spawnSync('shellcheck', ['--severity=style', ...names], { encoding: 'utf8' });
    expect(r.error, 'shellcheck is not installed (Debian package shellcheck)').toBeUndefined();
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('the CLI', () => {
  it('writes the files and names them', () => {
    const out = join(tmp(), 'hc');
    const r = runCli(['generate-host-config', SEED_POLICY, '--root', join(HOSTS, 'dom0-6.1-healthy'), '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^host: .*dom0-6\.1-healthy: kernel 6\.1\.0-28-amd64 \(upstream-mq\), online CPUs 0,1,2,3,4,5,6,7\n/,
    );
    expect(r.stdout).toMatch(/wrote 7 files to .*hc \(start with .*HOWTO\.md\)\n$/);
    expect(readFileSync(join(out, 'usr/local/lib/netback-policy/place'), 'utf8')).toMatch(/^#!\/bin\/sh\n/);
    // A second run replaces its own output.
    expect(
      runCli(['generate-host-config', SEED_POLICY, '--root', join(HOSTS, 'dom0-6.1-healthy'), '--out', out]).code,
    ).toBe(0);
  });

  it('--dry-run writes nothing', () => {
    const out = join(tmp(), 'hc');
    const r = runCli([
      'generate-host-config',
      SEED_POLICY,
      '--root',
      join(HOSTS, 'dom0-2.6.32-seed'),
      '--out',
      out,
      '--dry-run',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dry run: 8 files, nothing written\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it('warns on a host that is not a dom0, and still writes for the era asked', () => {
    const r = runCli(['generate-host-config', SEED_POLICY, '--root', join(HOSTS, 'dom0-6.1-healthy'), '--dry-run'], {});
    expect(r.stdout).not.toContain('warning');
    const root = tmp();
    cpSync(join(HOSTS, 'dom0-6.1-healthy'), root, { recursive: true });
    rmSync(join(root, 'proc/xen'), { recursive: true });
    const w = runCli(['generate-host-config', SEED_POLICY, '--root', root, '--dry-run']);
    expect(w.code).toBe(0);
    expect(w.stdout).toContain('warning: not a Xen dom0: ');
  });

  it.each<[string, string[], RegExp]>([
    [
      'unknown target',
      ['--target', 'linux-9', '--dry-run'],
      /error: unknown target 'linux-9' \(known: pvops-2\.6\.32, upstream-groups, upstream-1to1, upstream-mq\)/,
    ],
    ['no --out', [], /error: no --out directory given \(pass --out DIR, or --dry-run\)/],
    ['missing root', ['--root', '/nonexistent/host', '--dry-run'], /\/nonexistent\/host: error: not a directory/],
  ])('usage error: %s -> exit 2, one line', (_t, args, msg) => {
    const r = runCli([
      'generate-host-config',
      SEED_POLICY,
      ...(args.includes('--root') ? [] : ['--root', join(HOSTS, 'dom0-6.1-healthy')]),
      ...args,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses to replace a directory it did not write', () => {
    const out = tmp();
    mkdirSync(join(out, 'mine'));
    writeFileSync(join(out, 'mine', 'keep.txt'), 'x');
    const r = runCli(['generate-host-config', SEED_POLICY, '--root', join(HOSTS, 'dom0-6.1-healthy'), '--out', out]);
    expect(r.code).toBe(2);
    expect(readFileSync(join(out, 'mine', 'keep.txt'), 'utf8')).toBe('x');
  });

  it('an unknown kernel release without --target is a clear error', () => {
    const root = tmp();
    cpSync(join(HOSTS, 'dom0-6.1-healthy'), root, { recursive: true });
    rmSync(join(root, 'proc/sys/kernel/osrelease'));
    rmSync(join(root, 'proc/version'));
    const r = runCli(['generate-host-config', SEED_POLICY, '--root', root, '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot tell the netback era from the kernel release \(not found\) \(pass --target /);
  });
});

describe('the hook and the units', () => {
  const { files } = buildHostConfig(SEED, 'p.ts', { root: join(HOSTS, 'dom0-6.1-healthy') });
  const hookText = files.get('etc/xen/scripts/vif-post.d/netback-policy.hook')!;

  /** Sources the hook as Xen's vif scripts do (bash, ERR trapped), with a fake systemd-run or place. */
  function source(command: string, withSystemd: boolean): string {
    const dir = tmp();
    const log = join(dir, 'log');
    mkdirSync(join(dir, 'bin'));
    if (withSystemd)
      writeFileSync(join(dir, 'bin', 'systemd-run'), `#!/bin/sh\necho "systemd-run $*" >> ${log}\n`, { mode: 0o755 });
    writeFileSync(join(dir, 'place'), `#!/bin/sh\necho "place $*" >> ${log}\n`, { mode: 0o755 });
    writeFileSync(join(dir, 'hook'), hookText.replaceAll('/usr/local/lib/netback-policy/place', join(dir, 'place')));
    const script = `trap 'echo ERR-TRAP' ERR; command=${command}; dev=vif7.0; . ${join(dir, 'hook')}; echo after`;
    // PATH holds only the fakes: no real systemd-run may be found.
    const r = spawnSync('/bin/bash', ['-c', script], { env: { PATH: join(dir, 'bin') }, encoding: 'utf8' });
    expect(r.stdout).toBe('after\n');
    for (let i = 0; i < 20 && command === 'online' && !existsSync(log); i++) spawnSync('/bin/sleep', ['0.1']);
    return existsSync(log) ? readFileSync(log, 'utf8').replaceAll(dir, 'DIR') : '';
  }

  it('on online: a transient systemd unit runs place --wait for that VIF', () => {
    expect(source('online', true)).toBe(
      'systemd-run --no-block --collect --quiet --unit netback-policy-place-vif7.0 DIR/place --wait vif7.0\n',
    );
  });
  it('without systemd: place --wait in the background', () => {
    expect(source('online', false)).toBe('place --wait vif7.0\n');
  });
  it('on offline: nothing', () => {
    expect(source('offline', true)).toBe('');
  });

  it('the units parse (systemd-analyze verify)', () => {
    const dir = tmp();
    for (const u of ['netback-policy-place.service', 'netback-policy-place.timer']) {
      writeFileSync(join(dir, u), files.get(`etc/systemd/system/${u}`)!);
    }
    const r = spawnSync(
      'systemd-analyze',
      ['verify', '--man=no', join(dir, 'netback-policy-place.service'), join(dir, 'netback-policy-place.timer')],
      {
        encoding: 'utf8',
      },
    );
    expect(r.error, 'systemd-analyze is not installed').toBeUndefined();
    // The one complaint: the program is not installed on the test machine.
    const complaints = (r.stdout + r.stderr)
      .split('\n')
      .filter((l) => l && !/place is not executable: No such file/.test(l));
    expect(complaints).toEqual([]);
  });
});

it('no online CPU list: one clear line naming the file, exit 2', () => {
  const root = tmp();
  cpSync(join(HOSTS, 'dom0-6.1-healthy'), root, { recursive: true });
  rmSync(join(root, 'sys/devices/system/cpu/online'));
  const r = runCli(['generate-host-config', SEED_POLICY, '--root', root, '--dry-run']);
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(`netback-policy: ${root}/sys/devices/system/cpu/online: error: cannot read the online CPUs\n`);
});

describe('the HOWTO covers every file it comes with', () => {
  it.each<[string, Policy, string?]>([
    ['dom0-2.6.32-seed', SEED],
    ['dom0-6.1-sparse', { ...SEED, threading: { groups: { onlineCpusDividedBy: 2 }, bindToCpu: true } }],
    ['dom0-6.1-healthy', { irq: { spread: 'none' } }],
    ['dom0-6.1-healthy', SEED, 'upstream-1to1'],
  ])('%s', (host, policy, target) => {
    const { files } = buildHostConfig(policy, 'p.ts', { root: join(HOSTS, host), ...(target ? { target } : {}) });
    const howto = files.get('HOWTO.md')!;
    for (const name of files.keys()) {
      if (name === 'HOWTO.md') continue;
      const heading = howto
        .split('\n')
        .find((l) => l.startsWith('### ') && l.includes(name.replace(/\.timer$/, '.service')));
      expect(heading, `${name} has a section`).toBeDefined();
    }
    const sections = howto.split('\n### ').slice(1);
    for (const s of sections) expect(s).toMatch(/\n- install: [\s\S]*\n- verify: [\s\S]*\n- undo: /);
  });
});
