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
import { lintSourcePaths } from '../../src/linters/source-tree.js';
import { runCli } from '../support/cli.js';
import { linuxTree } from '../support/linux-tree.js';

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
  [
    `${FSL} drivers/net/wireless/mediatek/mt76/mt7915/debugfs.c:1106`,
    'static DEFINE_SPINLOCK in mt7915_debugfs_write_fwlog()',
  ],
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

/**
 * How the 92 function-static locks split by class (severity and class): most are global by
 * design (a function-static or file-scope buffer, a global table, a register, a sysctl knob).
 */
const SPLIT = { 'info global': 62, 'warning per-instance': 20, 'warning both': 2, 'warning undecided': 8 };

/** Locations read by hand in the tree: the class and, after it, what decides it. */
const HAND_CHECKED: Array<[string, string, string]> = [
  [
    'kernel/irq/manage.c:220',
    'global',
    'cpumask_and() writes the function-static tmp_mask; chip->irq_set_affinity is only called',
  ],
  [
    'kernel/irq/manage.c:593',
    'both',
    'writes the function-static mask and clears a flag in desc->irq_data (irqd_clear)',
  ],
  [
    'arch/x86/xen/enlighten_pv.c:846',
    'global',
    'the static traps[] array (xen_convert_trap_info, traps[out] = zero); desc is a const input',
  ],
  ['arch/powerpc/kernel/irq.c:359', 'global', 'round-robin over the function-static irq_rover'],
  ['drivers/irqchip/irq-gic.c:778', 'global', 'read-modify-write of one register with readl_relaxed/writel_relaxed'],
  [
    'arch/arm/mach-omap1/mux.c:334',
    'global',
    'omap_readl/omap_writel of the pin mux registers; cfg is a const table entry',
  ],
  ['kernel/audit.c:324', 'global', 'rate limit state in the function-statics messages and last_check'],
  ['kernel/exit.c:777', 'global', 'the function-static low-water mark lowest_to_date'],
  ['fs/inode.c:1453', 'global', 'the function-static counter; sb only goes to test_inode_iunique()'],
  ['fs/efivarfs/super.c:41', 'global', 'the function-static storage/remaining cache'],
  ['drivers/spi/spi.c:4404', 'global', 'the file-scope DMA-safe buf, taken by trylock; spi only goes to spi_sync()'],
  ['drivers/char/random.c:1571', 'global', 'the boot id behind the sysctl ctl_table (uuid = table->data)'],
  ['kernel/sched/rt.c:3003', 'global', 'the sysctl globals sysctl_sched_rt_period/runtime (restored on undo)'],
  ['kernel/sysctl.c:1613', 'global', 'the static key behind the ctl_table (key = table->data)'],
  [
    'drivers/net/ethernet/mellanox/mlx4/main.c:1251',
    'per-instance',
    '__set_port_type(info, ...) on the port container_of(attr) gives',
  ],
  [
    'drivers/net/wireless/mediatek/mt76/mt7915/debugfs.c:1106',
    'per-instance',
    'memcpy into the slot relay_reserve(dev->relay_fwlog) gives',
  ],
  ['arch/sparc/kernel/pci_msi.c:78', 'per-instance', 'the rotor pbm->msiq_rotor of one PBM'],
  ['security/selinux/avc.c:580', 'per-instance', 'WRITE_ONCE(avc->avc_cache.latest_notif, seqno)'],
  ['fs/libfs.c:888', 'per-instance', 'file->private_data set once per open file'],
  ['fs/kernfs/inode.c:29', 'per-instance', 'kn->iattr allocated once per kernfs node'],
  ['drivers/base/module.c:25', 'per-instance', 'mk->drivers_dir created once per module kobject'],
  ['drivers/gpu/drm/msm/msm_drv.c:582', 'per-instance', 'priv->gpu (priv = dev->dev_private) loaded once per device'],
  ['kernel/irq/proc.c:340', 'per-instance', 'desc->dir created once per IRQ descriptor'],
  ['net/core/net-sysfs.c:926', 'per-instance', 'rcu_assign_pointer(queue->rps_flow_table, table) of one rx queue'],
  ['net/core/net-sysfs.c:838', 'both', 'queue->rps_map of one rx queue and the global static key rps_needed'],
  ['drivers/dma/pl330.c:2606', 'undecided', 'the lock is only handed to add_desc() and pluck_desc()'],
  [
    'net/sunrpc/rpcb_clnt.c:325',
    'undecided',
    'only calls rpcb_get_local/rpcb_create_local_*(net): per-namespace state out of sight',
  ],
  ['drivers/gpu/drm/i915/i915_gpu_error.c:2084', 'undecided', 'only calls __i915_gpu_coredump(gt, ...)'],
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
  function expectSameOutput(
    other: { findings: Finding[]; notes: string[]; stats: typeof stats },
    selector: string,
  ): void {
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
    const got = findings
      .filter((f) => /^(drivers\/net|kernel)\//.test(f.file))
      .map((f) => `${f.ruleId} ${f.file}:${f.line}`);
    expect(got).toEqual(EXPECTED.map(([k]) => k));
  });

  it('finds the 92 function-static locks that a line-based grep finds, and no others', () => {
    const out = execFileSync('rg', ['-n', '--no-heading', '-g', '*.{c,h}', LOCK_LINE.source, '.'], {
      cwd: root,
      maxBuffer: 64 << 20,
    })
      .toString()
      .trim()
      .split('\n')
      .map((l) => l.replace(/^\.\//, '').split(':').slice(0, 2).join(':'))
      .sort();
    const ours = findings
      .filter((f) => f.ruleId === FSL)
      .map((f) => `${f.file}:${f.line}`)
      .sort();
    expect(ours).toHaveLength(92);
    expect(ours).toEqual(out);
  });

  it('classes the 92 locks as stated, info only for global ones, a struct-naming fix only for per-instance state', () => {
    const fsl = findings.filter((f) => f.ruleId === FSL);
    const split: Record<string, number> = {};
    for (const f of fsl) {
      const d = f.data as { class: string; struct?: string; evidence: Array<{ scope: string; struct?: string }> };
      const key = `${f.severity} ${d.class}`;
      split[key] = (split[key] ?? 0) + 1;
      if (d.class === 'global') expect(f.fix, `${f.file}:${f.line}`).toBeUndefined();
      // The fix names the struct the instance evidence goes through, never one it does not touch.
      if (d.class === 'per-instance' || d.class === 'both') {
        expect(
          d.evidence.some((e) => e.scope === 'instance' && e.struct?.replace(/^struct /, '') === d.struct),
          `${f.file}:${f.line}`,
        ).toBe(true);
        expect(f.fix).toContain(`member of struct ${d.struct}`);
      }
    }
    expect(split).toEqual(SPLIT);
    // xen_load_idt() once got "make it a member of struct desc_ptr": the descriptor is const input.
    const idt = fsl.find((f) => f.file === 'arch/x86/xen/enlighten_pv.c')!;
    expect(idt.message).toContain("function-static 'traps'");
  });

  it('classes the hand-checked locations as read in the tree', () => {
    const byPlace = new Map(
      findings.filter((f) => f.ruleId === FSL).map((f) => [`${f.file}:${f.line}`, (f.data as { class: string }).class]),
    );
    expect(HAND_CHECKED.length).toBeGreaterThanOrEqual(20);
    expect(HAND_CHECKED.map(([at, , why]) => `${at} ${byPlace.get(at)} (${why})`)).toEqual(
      HAND_CHECKED.map(([at, cls, why]) => `${at} ${cls} (${why})`),
    );
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
      if (!/\)\s*$/.test(lines[h]!))
        bad.push(`${f.file}:${f.line}: '{' at line ${k + 1} does not follow a function head`);
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
