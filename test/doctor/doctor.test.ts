import { describe, it, expect, afterAll } from 'vitest';
import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync, unlinkSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { diagnoseHost } from '../../src/doctor/diagnose.js';
import { runCli, REPO } from '../support/cli.js';

const SEED = join(REPO, 'samples', 'hosts', 'dom0-2.6.32-seed');
const HEALTHY = join(REPO, 'samples', 'hosts', 'dom0-6.1-healthy');
const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

/** A copy of a sample host with some files changed (path → content, or null to delete). */
function hostFrom(base: string, changes: Record<string, string | null>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nbp-host-'));
  temps.push(dir);
  cpSync(base, dir, { recursive: true });
  for (const [p, text] of Object.entries(changes)) {
    const abs = join(dir, p);
    if (text === null) unlinkSync(abs);
    else {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, text);
    }
  }
  return dir;
}
const ids = (root: string) => diagnoseHost(root).diagnoses.map((d) => d.id);

describe('doctor on the seed host (2.6.32 pvops dom0)', () => {
  const r = diagnoseHost(SEED);

  it("ranks the seed's three problems first: debug config, tasklets, every VIF IRQ on CPU0", () => {
    expect(r.era).toBe('pvops-2.6.32');
    expect(r.diagnoses.map((d) => [d.id, d.severity])).toEqual([
      ['config-debug', 'error'],
      ['netback-tasklets', 'error'],
      ['vif-irq-single-cpu', 'error'],
      ['config-overhead', 'warning'],
      ['netback-static-lock', 'warning'],
    ]);
  });

  it('falls back from /proc/config.gz to /boot/config-<release> and cites file:line evidence', () => {
    expect(r.facts.sources.find((s) => s.path === '/proc/config.gz')?.status).toBe('missing');
    expect(r.facts.config?.path).toBe('/boot/config-2.6.32-5-xen-amd64');
    const cfg = r.diagnoses[0]!;
    expect(cfg.evidence.join('\n')).toMatch(/boot\/config-2\.6\.32-5-xen-amd64:\d+: CONFIG_XEN_DEBUG_FS=y/);
    expect(cfg.evidence.join('\n')).toMatch(/CONFIG_PROVE_LOCKING=y.*\[lock-debugging\]/);
    expect(cfg.fix[0]).toMatch(/scripts\/config --disable XEN_DEBUG_FS .*--disable PROVE_LOCKING/);
  });

  it('ties the tasklets to the CPU the interrupts land on, and offers module option and policy fixes', () => {
    const t = r.diagnoses.find((d) => d.id === 'netback-tasklets')!;
    expect(t.title).toMatch(/CPU0$/);
    expect(t.evidence.join('\n')).toMatch(/no netback\/<group> kernel threads/);
    expect(t.fix.join('\n')).toMatch(/options xen-netback netback_kthread=1/);
    expect(t.fix.join('\n')).toMatch(/model: 'kthread'/);
    const irq = r.diagnoses.find((d) => d.id === 'vif-irq-single-cpu')!;
    expect(irq.evidence).toContain('irqbalance is not running (no irqbalance in /proc/*/comm)');
    // 2.6.32 has no smp_affinity_list.
    expect(irq.fix.filter((x) => /smp_affinity /.test(x))).toHaveLength(6);
  });
});

describe('doctor on a healthy 6.1 dom0', () => {
  it('reads everything, including /proc/config.gz, and finds nothing', () => {
    const r = diagnoseHost(HEALTHY);
    expect(r.era).toBe('upstream-mq');
    expect(r.facts.config?.path).toBe('/proc/config.gz');
    expect(r.facts.sources.filter((s) => s.status !== 'read')).toEqual([]);
    expect(r.facts.onlineCpus).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(r.facts.netbackParams.get('max_queues')).toBe('8');
    expect(r.diagnoses).toEqual([]);
    expect(r.problems).toEqual([]);
    // A clean bill of health says what was examined.
    expect(r.checked).toEqual([
      expect.stringMatching(/^running config \(.*proc\/config\.gz with the boot parameters\): no debugging option/),
      expect.stringMatching(/19 IRQs of 4 VIFs over 8 CPUs, 8 CPUs taking at least 1%$/),
      'dom0 online CPUs: 8',
      'netback max_queues: 8',
    ]);
  });
});

describe('doctor: each source changes the diagnosis', () => {
  // name, base host, changes, ids expected present, ids expected absent
  const table: Array<[string, string, Record<string, string | null>, string[], string[]]> = [
    [
      'netback_kthread visible as Y',
      SEED,
      { 'sys/module/xen_netback/parameters/netback_kthread': 'Y\n' },
      ['netback-static-lock'],
      ['netback-tasklets'],
    ],
    [
      'kthreads on the boot line',
      SEED,
      { 'proc/cmdline': 'root=/dev/sda1 xen-netback.netback_kthread=1\n' },
      [],
      ['netback-tasklets'],
    ],
    [
      'kthreads via modprobe.d',
      SEED,
      { 'etc/modprobe.d/netback.conf': 'options xen-netback netback_kthread=1\n' },
      [],
      ['netback-tasklets'],
    ],
    [
      'netback/N threads running',
      SEED,
      { 'proc/3001/comm': 'netback/0\n', 'proc/3002/comm': 'netback/1\n' },
      [],
      ['netback-tasklets'],
    ],
    [
      'explicitly tasklets on the boot line',
      SEED,
      { 'proc/cmdline': 'xen-netback.netback_kthread=0\n' },
      ['netback-tasklets'],
      [],
    ],
    [
      'clean config',
      SEED,
      { 'boot/config-2.6.32-5-xen-amd64': 'CONFIG_XEN=y\nCONFIG_XEN_NETDEV_BACKEND=m\n' },
      ['netback-tasklets'],
      ['config-debug', 'config-overhead'],
    ],
    [
      'lock debugging on the 6.1 host',
      HEALTHY,
      { 'proc/config.gz': 'CONFIG_XEN=y\nCONFIG_PROVE_LOCKING=y\n' },
      ['config-debug'],
      [],
    ],
    ['no /proc/interrupts', HEALTHY, { 'proc/interrupts': null }, [], ['vif-irq-single-cpu']],
    ['one dom0 vCPU', HEALTHY, { 'sys/devices/system/cpu/online': '0\n' }, ['dom0-one-cpu'], []],
    [
      'max_queues=1 on 8 CPUs',
      HEALTHY,
      { 'sys/module/xen_netback/parameters/max_queues': '1\n' },
      ['netback-max-queues'],
      [],
    ],
  ];
  it.each(table)('%s', (_name, base, changes, present, absent) => {
    const got = ids(hostFrom(base, changes));
    for (const id of present) expect(got).toContain(id);
    for (const id of absent) expect(got).not.toContain(id);
  });

  it('kthread mode raises the static lock above the tasklet case', () => {
    const score = (root: string) => diagnoseHost(root).diagnoses.find((d) => d.id === 'netback-static-lock')!.score;
    expect(score(hostFrom(SEED, { 'proc/3001/comm': 'netback/0\n' }))).toBeGreaterThan(score(SEED));
  });

  it('a 6.1 host whose interrupts pile on CPU0', () => {
    const unbalanced = join(REPO, 'samples', 'proc-interrupts', 'mq-6.1-unbalanced.txt');
    const dir = hostFrom(HEALTHY, {});
    cpSync(unbalanced, join(dir, 'proc', 'interrupts'));
    const r = diagnoseHost(dir);
    expect(r.diagnoses[0]!.id).toBe('vif-irq-single-cpu');
    expect(r.diagnoses[0]!.evidence).toContain('irqbalance is running, yet the VIF IRQs stay put');
    expect(r.diagnoses[0]!.fix.join('\n')).toMatch(/smp_affinity_list/);
  });

  it('an empty root: every source missing, noted, nothing fatal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nbp-empty-'));
    temps.push(dir);
    const r = diagnoseHost(dir);
    expect(r.diagnoses).toEqual([]);
    expect(r.facts.sources.every((s) => s.status === 'missing')).toBe(true);
    expect(r.era).toBe('unknown');
  });

  it('a malformed /proc/interrupts skips that check only, naming file:line', () => {
    const dir = hostFrom(SEED, { 'proc/interrupts': '  CPU0 CPU1\n 5: 1 xen-dyn-event vif1.0\n' });
    const r = diagnoseHost(dir);
    expect(r.problems).toEqual([
      expect.stringMatching(/^interrupts check skipped: .*proc\/interrupts:2: IRQ 5 has 1 counts for 2 CPU columns$/),
    ]);
    expect(r.diagnoses.map((d) => d.id)).toContain('config-debug');
  });
});

describe('netback-policy doctor (built CLI)', () => {
  it('seed host: ranked text report, exit 1', () => {
    const r = runCli(['doctor', '--root', 'samples/hosts/dom0-2.6.32-seed']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/kernel 2\.6\.32-5-xen-amd64 \(pvops netback/);
    expect(r.stdout).toMatch(/^ {2}missing \/proc\/config\.gz$/m);
    expect(r.stdout).toMatch(/^1\. error: debugging compiled into the running kernel/m);
    expect(r.stdout).toMatch(/^2\. error: netback runs in tasklets/m);
    expect(r.stdout).toMatch(/^3\. error: 100\.0% of VIF interrupts/m);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('3 errors, 2 warnings, 0 info');
  });

  it('healthy host: exit 0; json for scripts', () => {
    const t = runCli(['doctor', '--root', 'samples/hosts/dom0-6.1-healthy']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('No known netback throughput hazard found on this host.');
    const j = runCli(['doctor', '--root', 'samples/hosts/dom0-2.6.32-seed', '--format', 'json']);
    const doc = JSON.parse(j.stdout);
    expect(doc.host).toMatchObject({
      release: '2.6.32-5-xen-amd64',
      era: 'pvops-2.6.32',
      onlineCpus: [0, 1, 2, 3],
      dom0: true,
    });
    expect(doc.diagnoses.map((d: { rank: number; id: string }) => `${d.rank}:${d.id}`).slice(0, 3)).toEqual([
      '1:config-debug',
      '2:netback-tasklets',
      '3:vif-irq-single-cpu',
    ]);
    expect(doc.summary).toEqual({ error: 3, warning: 2, info: 0 });
  });

  it('--fail-on error ignores warnings', () => {
    const dir = hostFrom(HEALTHY, { 'sys/module/xen_netback/parameters/max_queues': '1\n' });
    expect(runCli(['doctor', '--root', dir]).code).toBe(1);
    expect(runCli(['doctor', '--root', dir, '--fail-on', 'error']).code).toBe(0);
  });

  it.each([
    [['--root', '/nonexistent/host'], /^netback-policy: \/nonexistent\/host: error: not a directory/],
    [['--format', 'sarif'], /unknown --format 'sarif' \(use text or json\)/],
  ])('usage error %j: exit 2', (args, msg) => {
    const r = runCli(['doctor', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(msg);
  });

  it("runs on this machine's real /proc and /sys without failing", () => {
    const r = runCli(['doctor', '--format', 'json']);
    const j = JSON.parse(r.stdout);
    expect(j.sources.length).toBeGreaterThan(3);
    // Whatever this host has, the exit code is the one its own report implies (--fail-on warning).
    expect(r.code).toBe(j.summary.error + j.summary.warning > 0 ? 1 : 0);
  });
});
