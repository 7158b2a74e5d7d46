/*
 * lint-source on Debian's real linux-6.1 tree (extracted at test time, never committed).
 * The whole tree is scanned once through the built CLI (worker pool included); every
 * function-static-lock finding is then checked by two methods that share no code with the
 * scanner: a line-based grep for indented static lock declarations (what `rg` finds), and the
 * kernel's own layout (function bodies open with `{` and close with `}` in column 0).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { DEFAULT_MAX_SIZE, lintSourcePaths, rgQuery, selectRules } from '../../src/linters/source-tree.js';
import { settleStage } from '../../src/lint/source/native-settle.js';
import { streamRg, type RgFile } from '../../src/lint/source/rg-select.js';
import { runCli } from '../support/cli.js';
import { linuxTree } from '../support/linux-tree.js';
import { checkVerdict } from './settle-reference.js';
import type { Settled } from '../../src/lint/source/native-settle.js';

const FSL = 'function-static-lock';
const DBG = 'debug-enabled-in-source';

/** drivers/net and kernel/: every finding, and why it is a true positive. */
const EXPECTED: Array<[string, string]> = [
  // The driver sets DEBUG itself ("debug on"): every pr_debug() of the NIC's paths prints.
  [`${DBG} drivers/net/ethernet/i825xx/sun3_82586.c:55`, 'unconditional #define DEBUG'],
  // One mutex for the port-type sysfs store of every mlx4 adapter in the machine.
  [`${FSL} drivers/net/ethernet/mellanox/mlx4/main.c:1251`, 'static DEFINE_MUTEX in set_port_type()'],
  // `#define DEBUG 1`: defined() is what the debug macros test, the value is irrelevant.
  [`${DBG} drivers/net/hippi/rrunner.c:23`, 'unconditional #define DEBUG 1'],
  // The firmware-log relay lock is shared by every mt7915 device though it receives `dev`.
  [`${FSL} drivers/net/wireless/mediatek/mt76/mt7915/debugfs.c:1106`, 'static DEFINE_SPINLOCK in mt7915_debugfs_write_fwlog()'],
  // Rate limiting of audit messages: one lock for all callers (global by design, but function-static).
  [`${FSL} kernel/audit.c:324`, 'static DEFINE_SPINLOCK in audit_rate_check()'],
  [`${FSL} kernel/audit.c:358`, 'static DEFINE_SPINLOCK in audit_log_lost()'],
  // CONFIG_DEBUG_STACK_USAGE's low-water mark, every exiting task takes it.
  [`${FSL} kernel/exit.c:777`, 'static DEFINE_SPINLOCK in check_stack_usage()'],
  // Serialises the affinity scratch mask of every IRQ descriptor in the system.
  [`${FSL} kernel/irq/manage.c:220`, 'static DEFINE_RAW_SPINLOCK in irq_do_set_affinity()'],
  [`${FSL} kernel/irq/manage.c:593`, 'static DEFINE_RAW_SPINLOCK in irq_setup_affinity()'],
  // One mutex for /proc/irq registration of every descriptor.
  [`${FSL} kernel/irq/proc.c:340`, 'static DEFINE_MUTEX in register_irq_proc()'],
  // sysctl handlers: one mutex for all writers of the RT throttling knobs.
  [`${FSL} kernel/sched/rt.c:3003`, 'static DEFINE_MUTEX in sched_rt_handler()'],
  [`${FSL} kernel/sched/rt.c:3042`, 'static DEFINE_MUTEX in sched_rr_handler()'],
  // Inside `#if defined(CONFIG_SYSCTL)` after an #else/#endif: still a function body.
  [`${FSL} kernel/sysctl.c:1613`, 'static DEFINE_MUTEX in proc_do_static_key()'],
];

const LOCK_LINE =
  /^\s+static\s+(DEFINE_(RAW_)?SPINLOCK|DEFINE_RWLOCK|DEFINE_MUTEX|DEFINE_SEMAPHORE|DECLARE_RWSEM|DEFINE_SEQLOCK|(raw_)?spinlock_t|rwlock_t|seqlock_t|struct\s+(mutex|semaphore|rw_semaphore))\b/;

describe('lint-source on linux-6.1', () => {
  let root: string;
  let findings: Finding[];
  let notes: string[];
  let stats: { files: number; bytes: number; skipped: number; scanned: number; selector: string };
  beforeAll(() => {
    root = linuxTree();
    const r = runCli(['lint-source', '.', '--format', 'json', '--jobs', '2'], { cwd: root });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    findings = out.findings;
    notes = out.notes;
    stats = out.stats;
  });

  /** Another run's JSON: the same findings, notes and counts as the first run's. */
  function expectSameOutput(other: { findings: Finding[]; notes: string[]; stats: typeof stats }, selector: string): void {
    expect(other.stats.selector).toBe(selector);
    expect(JSON.stringify(other.findings)).toBe(JSON.stringify(findings));
    expect(other.notes).toEqual(notes);
    for (const k of ['files', 'bytes', 'skipped', 'scanned'] as const) expect(other.stats[k]).toBe(stats[k]);
  }

  it('rg picks the candidates (ripgrep is on PATH), and the pure JS path gives byte-identical output', () => {
    expect(stats.selector).toBe('rg');
    const r = runCli(['lint-source', '.', '--format', 'json', '--jobs', '2', '--no-rg'], { cwd: root });
    expect(r.code).toBe(1);
    expectSameOutput(JSON.parse(r.stdout), 'js');
  });

  it('without the native settle stage (NETBACK_POLICY_SETTLE=off), the rg path gives byte-identical output', () => {
    const r = runCli(['lint-source', '.', '--format', 'json', '--jobs', '2'], { cwd: root, env: { NETBACK_POLICY_SETTLE: 'off' } });
    expect(r.code).toBe(1);
    expectSameOutput(JSON.parse(r.stdout), 'rg');
  });

  it('the native stage gives JS\'s verdict on every file rg lists, and the JS rule\'s findings where JS reads', async () => {
    const query = rgQuery([root + '/'], {});
    const stage = settleStage(selectRules({}), DEFAULT_MAX_SIZE);
    expect(stage).toBeDefined();
    const listed: RgFile[] = [];
    const rg = await streamRg(query, (f) => listed.push(f), DEFAULT_MAX_SIZE, stage);
    expect(rg.ok).toBe(true);
    const tally: Record<string, number> = {};
    const wrong: string[] = [];
    let hits = 0;
    for (const f of listed) {
      const s = f.settled;
      const got = s && (s.verdict === 'clear' ? `clear ${s.size}` : s.verdict === 'found' ? verdictText(s) : s.verdict);
      try {
        const kind = checkVerdict(readFileSync(f.path), f.path, f.lines, got);
        if (kind) tally[kind] = (tally[kind] ?? 0) + 1;
      } catch (e) {
        wrong.push((e as Error).message);
      }
      hits += s?.hits?.length ?? 0;
    }
    expect(wrong).toEqual([]);
    // Most files rg lists are settled without Node reading them; of the 92 locks, all but
    // those in files the stage declines come as the stage's findings.
    expect(tally['clear']! + tally['none']!).toBeGreaterThan(2_000);
    expect(tally['found']).toBeGreaterThan(70);
    expect(hits).toBeGreaterThan(85);
    expect(tally['read'] ?? 0).toBeLessThan(10);
  });

  it('on the worker pool (rg path from 3 jobs): the same findings in drivers/net and kernel', () => {
    const r = runCli(['lint-source', 'drivers/net', 'kernel', '--format', 'json', '--jobs', '3'], { cwd: root });
    expect(r.code).toBe(1);
    const pool = JSON.parse(r.stdout);
    expect(pool.stats).toMatchObject({ selector: 'rg', jobs: 3 });
    const mine = (fs: Finding[]) => JSON.stringify(fs.filter((f) => /^(drivers\/net|kernel)\//.test(f.file)));
    expect(mine(pool.findings)).toBe(mine(findings));
    expect(pool.findings.length).toBeGreaterThan(10);
  });

  it('scans the whole tree', () => {
    expect(stats.files).toBeGreaterThan(55_000);
    expect(stats.bytes).toBeGreaterThan(1_100_000_000);
  });

  it('reports exactly the stated findings in drivers/net and kernel', () => {
    const got = findings.filter((f) => /^(drivers\/net|kernel)\//.test(f.file)).map((f) => `${f.ruleId} ${f.file}:${f.line}`);
    expect(got).toEqual(EXPECTED.map(([k]) => k));
  });

  it('finds the 92 function-static locks that a line-based grep finds, and no others', () => {
    const out = execFileSync('rg', ['-n', '--no-heading', '-g', '*.{c,h}', LOCK_LINE.source, '.'], { cwd: root, maxBuffer: 64 << 20 })
      .toString()
      .trim()
      .split('\n')
      .map((l) => l.replace(/^\.\//, '').split(':').slice(0, 2).join(':'))
      .sort();
    const ours = findings.filter((f) => f.ruleId === FSL).map((f) => `${f.file}:${f.line}`).sort();
    expect(ours).toHaveLength(92);
    expect(ours).toEqual(out);
  });

  it('reports no file-scope static: every finding sits in a function body by the kernel layout', () => {
    const bad: string[] = [];
    for (const f of findings.filter((x) => x.ruleId === FSL)) {
      const lines = readFileSync(join(root, f.file), 'latin1').split('\n');
      if (!LOCK_LINE.test(lines[f.line - 1]!)) bad.push(`${f.file}:${f.line}: not a static lock line`);
      // Walk up: the first column-0 brace must be the `{` opening a function.
      let k = f.line - 2;
      while (k >= 0 && !/^[{}]/.test(lines[k]!)) k--;
      if (k < 0 || !lines[k]!.startsWith('{')) {
        bad.push(`${f.file}:${f.line}: no function body open above`);
        continue;
      }
      let h = k - 1;
      while (h >= 0 && /^\s*(#.*)?$/.test(lines[h]!)) h--;
      if (!/\)\s*$/.test(lines[h]!)) bad.push(`${f.file}:${f.line}: '{' at line ${k + 1} does not follow a function head`);
    }
    expect(bad).toEqual([]);
  });

  it('the prefilter loses nothing: drivers/net and kernel scanned in full give the same findings', async () => {
    const paths = ['drivers/net', 'kernel'].map((d) => join(root, d));
    const fast = await lintSourcePaths(paths, { jobs: 1 });
    const full = await lintSourcePaths(paths, { jobs: 1, noPrefilter: true });
    expect(full.stats.scanned).toBeGreaterThan(fast.stats.scanned * 10);
    expect(full.findings).toEqual(fast.findings);
  });
});

/** A found verdict as the stage wrote it (parseVerdict's inverse). */
function verdictText(s: Settled): string {
  return `found ${s.size}` + (s.hits ?? []).map((h) => `\x1e${h.line}\x1f${h.column}\x1f${h.fields.join('\x1f')}`).join('');
}
