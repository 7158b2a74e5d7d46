/*
 * The generated placement program, executed by /bin/sh against copies of the sample hosts: the
 * exact /proc/irq files it writes, the threads it pins (through a taskset stub that records the
 * call and updates the fake /proc/PID/status), idempotence, and the IRQs it must never touch.
 */
import { describe, it, expect, afterAll } from 'vitest';
import {
  cpSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
  readFileSync,
  readdirSync,
  statSync,
  existsSync,
  chmodSync,
  unlinkSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import type { Policy } from '../../src/dsl/policy.js';
import { buildHostConfig } from '../../src/hostconfig/command.js';
import { REPO } from '../support/cli.js';

const HOSTS = join(REPO, 'samples', 'hosts');
const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

const SEED: Policy = {
  name: 'seed',
  threading: { model: 'kthread', groups: 'online-cpus', bindToCpu: true },
  irq: { spread: 'group-cpu' },
};
const THREADS_ONLY: Policy = { threading: { bindToCpu: true }, irq: { spread: 'none' } };
const LEAST: Policy = { ...SEED, assignment: 'least-loaded' };

// The taskset stub: `taskset -pc CPU PID`; refuses the pids in NBP_STUB_REFUSE as the kernel
// refuses to move a kthread_bind()-bound thread.
const STUB = `#!/bin/sh
echo "$3 $2" >> "$NBP_STUB_LOG"
case " \${NBP_STUB_REFUSE:-} " in *" $3 "*) exit 1 ;; esac
sed -i "s/^Cpus_allowed_list:.*/Cpus_allowed_list:\\t$2/" "$NBP_ROOT/proc/$3/status"
`;

function files(dir: string, base = dir, out = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, base, out);
    else out.set(relative(base, p), readFileSync(p).toString('latin1'));
  }
  return out;
}

interface Run {
  code: number;
  stdout: string;
  /** Files the program changed (fake /proc/PID/status excluded: the stub writes those). */
  wrote: Record<string, string>;
  /** "pid cpu" per taskset call. */
  pinned: string[];
}

/** A copy of a sample host plus the placement program generated for it and `policy`. */
function setup(host: string, policy: Policy, changes: Record<string, string | null> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'nbp-place-'));
  temps.push(dir);
  const root = join(dir, 'root');
  cpSync(join(HOSTS, host), root, { recursive: true });
  const { files: out } = buildHostConfig(policy, 'p.ts', { root: join(HOSTS, host) });
  const place = join(dir, 'place');
  writeFileSync(place, out.get('usr/local/lib/netback-policy/place')!);
  writeFileSync(join(dir, 'taskset'), STUB);
  chmodSync(join(dir, 'taskset'), 0o755);
  for (const [p, text] of Object.entries(changes)) {
    if (text === null) unlinkSync(join(root, p));
    else writeFileSync(join(root, p), text);
  }
  const run = (args: string[] = [], env: Record<string, string> = {}): Run => {
    const before = files(root);
    const log = join(dir, `taskset-${Math.random()}.log`);
    const r = spawnSync('/bin/sh', [place, ...args], {
      env: { PATH: process.env.PATH!, NBP_ROOT: root, NBP_TASKSET: join(dir, 'taskset'), NBP_STUB_LOG: log, ...env },
      encoding: 'utf8',
    });
    const wrote: Record<string, string> = {};
    for (const [p, text] of files(root)) if (before.get(p) !== text && !p.endsWith('/status')) wrote[p] = text.trim();
    const pinned = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
    return { code: r.status ?? -1, stdout: r.stdout + r.stderr, wrote, pinned };
  };
  return { root, run };
}

const list = (irqs: Record<number, string>) =>
  Object.fromEntries(Object.entries(irqs).map(([i, c]) => [`proc/irq/${i}/smp_affinity_list`, c]));
const mask = (irqs: Record<number, string>) =>
  Object.fromEntries(Object.entries(irqs).map(([i, c]) => [`proc/irq/${i}/smp_affinity`, c]));
const pins = (first: number, cpus: number[]) =>
  cpus.flatMap((c, i) => [`${first + 2 * i} ${c}`, `${first + 2 * i + 1} ${c}`]);

// online 0,2,3,5 (CPUs 1 and 4 offline); VIFs in (domid, handle) order: vif3.0 (3 split queues),
// vif7.0 (2 shared-IRQ queues), vif7.1, vif12.1 (split); vif20.0's IRQ is shared with eth1.
// IRQ 60 (already on 0) and 71 (already on 0) are in place from the start.
const SPARSE_IRQS = list({ 61: '0', 62: '2', 63: '2', 64: '3', 65: '3', 70: '5', 72: '2', 80: '3', 81: '3' });
const SPARSE_PINS = pins(3101, [0, 2, 3, 5, 0, 2, 3]);
// 8 CPUs: vif1.0 and vif2.0 have 4 split queues, vif3.0 2 shared, vif5.0 1 shared.
// 78, 94, 96, 97 and 99 already sit on their queue's CPU.
const HEALTHY_IRQS = list({
  79: '0',
  80: '1',
  81: '1',
  82: '2',
  83: '2',
  84: '3',
  85: '3',
  87: '4',
  88: '4',
  89: '5',
  90: '5',
  91: '6',
  92: '6',
  93: '7',
});
const HEALTHY_PINS = pins(2301, [0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2]);

describe("place: first run writes exactly the policy's placement, second run changes nothing", () => {
  const rows: Array<
    [string, string, Policy, Record<string, string>, string[], Record<string, string | null>?, Record<string, string>?]
  > = [
    ['6.1, sparse CPU ids, CPU 1 and 4 offline, round-robin', 'dom0-6.1-sparse', SEED, SPARSE_IRQS, SPARSE_PINS],
    [
      '6.1, sparse, least-loaded (a fresh pass places as round-robin)',
      'dom0-6.1-sparse',
      LEAST,
      SPARSE_IRQS,
      SPARSE_PINS,
    ],
    ['6.1, 8 CPUs, split tx/rx IRQs follow their queue', 'dom0-6.1-healthy', SEED, HEALTHY_IRQS, HEALTHY_PINS],
    ['6.1, irq.spread none: threads only, IRQs left to irqbalance', 'dom0-6.1-sparse', THREADS_ONLY, {}, SPARSE_PINS],
    [
      '5.10-style comm cut to 15 characters still names the queue',
      'dom0-6.1-sparse',
      SEED,
      SPARSE_IRQS,
      SPARSE_PINS,
      {
        'proc/3101/comm': 'vif3.0-q0-guest\n',
        'proc/3102/comm': 'vif3.0-q0-deall\n',
        'proc/3113/comm': 'vif12.1-q0-gues\n',
      },
    ],
    // tasklets: no thread; no smp_affinity_list before 3.0, so hex masks. blkif IRQs stay at f.
    [
      '2.6.32 tasklets, hex masks',
      'dom0-2.6.32-seed',
      SEED,
      mask({ 1252: '1', 1250: '2', 1248: '4', 1246: '8', 1244: '1', 1242: '2' }),
      [],
    ],
    [
      '2.6.32, CPU 35 online: a mask of 32-bit words',
      'dom0-2.6.32-seed',
      SEED,
      // 1250 already reads 00000000,00000002 (the kernel pads): in place, not rewritten.
      mask({ 1252: '1', 1248: '8,00000000', 1246: '1', 1244: '2', 1242: '8,00000000' }),
      [],
      { 'sys/devices/system/cpu/online': '0-1,35\n', 'proc/irq/1250/smp_affinity': '00000000,00000002\n' },
    ],
  ];
  it.each(rows)('%s', (_t, host, policy, irqs, pinned, changes) => {
    const { run } = setup(host, policy, changes ?? {});
    const first = run();
    expect(first.stdout).toMatch(/0 failed\n$/);
    expect(first.code).toBe(0);
    expect(first.wrote).toEqual(irqs);
    expect([...first.pinned].sort()).toEqual([...pinned].sort());
    const second = run();
    expect(second.wrote).toEqual({});
    expect(second.pinned).toEqual([]);
    expect(second.stdout).toMatch(/: 0 changed, \d+ already in place, 0 failed\n$/);
  });
});

describe('place: what it must not do', () => {
  it('never touches an IRQ that is not only a VIF queue (shared with eth1, a vifmgr decoy, eth0, blkif)', () => {
    const { run, root } = setup('dom0-6.1-sparse', SEED);
    const before = readFileSync(join(root, 'proc/irq/90/smp_affinity_list'), 'utf8');
    const r = run();
    expect(r.stdout).toContain('irq 90 left alone: shared by vif20.0-q0,eth1, not only a VIF queue');
    for (const irq of [8, 24, 40, 41, 66, 90])
      expect(Object.keys(r.wrote)).not.toContain(`proc/irq/${irq}/smp_affinity_list`);
    expect(readFileSync(join(root, 'proc/irq/90/smp_affinity_list'), 'utf8')).toBe(before);
    // Nor the threads of that VIF, nor a process merely named like one.
    expect(r.pinned.filter((p) => /^(3115|3116|3001) /.test(p))).toEqual([]);
  });

  it('2.6.32 kthreads: netback/N goes to online[N]; the kernel refusing a kthread_bind()-bound thread is reported', () => {
    // online 0,1,3: netback/2 is bound to CPU id 2 (offline), the model wants online[2] = 3.
    const { run } = setup('dom0-2.6.32-kthread', SEED);
    const r = run([], { NBP_STUB_REFUSE: '1302' });
    expect(r.wrote).toEqual(mask({ 1242: '1', 1244: '2', 1246: '8', 1250: '1', 1248: '2' }));
    expect(r.pinned).toEqual(['1302 3']);
    expect(r.stdout).toContain(
      'thread 1302 (netback/2): the kernel refused (bound with kthread_bind); needs a kernel patch: generate-patch',
    );
    expect(r.code).toBe(1);
    const again = run([], { NBP_STUB_REFUSE: '1302' });
    expect(again.wrote).toEqual({});
    expect(again.stdout).toMatch(/0 changed, \d+ already in place, 1 failed\n$/);
  });

  it('--dry-run says what it would change and writes nothing', () => {
    const { run } = setup('dom0-6.1-sparse', SEED);
    const r = run(['--dry-run']);
    expect(r.wrote).toEqual({});
    expect(r.pinned).toEqual([]);
    expect(r.stdout).toContain('would set irq 61 (vif3.0-q0-rx) to CPU 0 (now 2)');
    expect(r.stdout).toMatch(/: 23 to change, 2 already in place, 0 failed\n$/);
  });

  it.each([
    [
      'no /proc/xen/capabilities',
      { 'proc/xen/capabilities': null },
      /not a Xen dom0 \(no control_d in .*\): nothing to place, nothing changed/,
    ],
    ['a domU', { 'proc/xen/capabilities': '\n' }, /not a Xen dom0/],
  ])('changes nothing on a host that is not a dom0: %s', (_t, changes, msg) => {
    const { run } = setup('dom0-6.1-sparse', SEED, changes);
    const r = run();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(msg);
    expect(r.wrote).toEqual({});
    expect(r.pinned).toEqual([]);
  });

  // Never run against a real dom0's /: it would place its VIFs.
  it.skipIf(existsSync('/proc/xen/capabilities'))(
    "against this machine's real / (not a dom0) it changes nothing and says why",
    () => {
      const { files: out } = buildHostConfig(SEED, 'p.ts', { root: join(HOSTS, 'dom0-6.1-sparse') });
      const dir = mkdtempSync(join(tmpdir(), 'nbp-real-'));
      temps.push(dir);
      writeFileSync(join(dir, 'place'), out.get('usr/local/lib/netback-policy/place')!);
      writeFileSync(join(dir, 'taskset'), `#!/bin/sh\necho "$@" >> ${dir}/called\nexit 1\n`);
      chmodSync(join(dir, 'taskset'), 0o755);
      const r = spawnSync('/bin/sh', [join(dir, 'place')], {
        env: { PATH: process.env.PATH!, NBP_TASKSET: join(dir, 'taskset') },
        encoding: 'utf8',
      });
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(
        'netback-policy place: not a Xen dom0 (no control_d in /proc/xen/capabilities): nothing to place, nothing changed\n',
      );
      expect(existsSync(join(dir, 'called'))).toBe(false);
    },
  );

  it('--wait gives up after --timeout when the VIF never gets its carrier', () => {
    const { run } = setup('dom0-6.1-sparse', SEED, { 'sys/class/net/vif7.0/carrier': '0\n' });
    const r = run(['--wait', 'vif7.0', '--timeout', '1']);
    expect(r.stdout).toBe('netback-policy place: vif7.0: no carrier after 1s: nothing placed\n');
    expect(r.wrote).toEqual({});
    const ok = run(['--wait', 'vif12.1', '--timeout', '1']);
    expect(ok.wrote).toEqual(SPARSE_IRQS);
  });

  it.each([
    ['60', 'ban=true\n'],
    ['81', 'ban=true\n'],
    ['40', ''],
    ['41', ''],
    ['90', ''],
  ])('as irqbalance --policyscript, IRQ %s -> %j', (irq, out) => {
    const { run } = setup('dom0-6.1-sparse', SEED);
    const r = run(['--irqbalance-policy', '/sys/devices/x', irq]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(out);
  });
});
