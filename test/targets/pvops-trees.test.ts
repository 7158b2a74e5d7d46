/*
 * Trees that differ from our sample: reformatted with extra code around the anchors (still
 * works), netback-only (irq.spread refused), not a kernel, a missing anchor (documented errors).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Policy } from '../../src/dsl/policy.js';
import { generate } from '../../src/generate/generate.js';
import { NetbackError } from '../../src/core/errors.js';
import { SAMPLE, cleanup, eraCheckpatch, gccCheck, gitAm, gitCopy, writeSeries } from './pvops-support.js';

const full: Policy = {
  threading: { model: 'kthread', groups: 'online-cpus', bindToCpu: true },
  assignment: 'round-robin',
  locks: { idxRelease: 'per-group' },
  irq: { spread: 'group-cpu' },
};

function edit(dir: string, rel: string, fn: (s: string) => string): void {
  const p = join(dir, rel);
  writeFileSync(p, fn(readFileSync(p, 'utf8')));
}

const NB = 'drivers/xen/netback/netback.c';
const IF = 'drivers/xen/netback/interface.c';
const CH = 'drivers/xen/netback/common.h';

/** Reformats and pads the sample: extra functions and comments next to every anchor. */
function reshape(dir: string): void {
  edit(dir, NB, (s) =>
    s
      .replace(
        'static void netif_idx_release(',
        '/* { a brace in a comment */\nstatic int netif_idx_release_count;\n\nstatic void netif_idx_release(',
      )
      .replace('\tstatic DEFINE_SPINLOCK(_lock);', '\tstatic   DEFINE_SPINLOCK( _lock );')
      .replace(
        'static int __init netback_init(void)\n{',
        'static void netbk_unrelated(void)\n{\n\tnetif_idx_release_count++;\n}\n\nstatic int __init netback_init(void)\n{',
      )
      .replace('xen_netbk_group_nr = num_online_cpus();', 'xen_netbk_group_nr =\n\t\tnum_online_cpus();'),
  );
  edit(dir, IF, (s) =>
    s.replace(
      'static void __netif_up(struct xen_netif *netif)\n{',
      'static void __netif_up(struct xen_netif *netif)\n{\n\t/* Join a group, then take events. */',
    ),
  );
}

/**
 * The control flow of the real netback_init() around the thread, in our own words: bind and wake
 * in the success branch, the error path in the else branch, a `&&` test in the unwind loop, and
 * the union without a comment above it.
 */
function realShape(dir: string): void {
  edit(dir, NB, (s) =>
    s
      .replace(
        /\t\t\tif \(IS_ERR\(netbk->kthread\.task\)\) \{\n([\s\S]*?)\t\t\t\}\n(\t\t\tkthread_bind[^\n]*\n\t\t\twake_up_process[^\n]*\n)/,
        (_m, fail: string, ok: string) =>
          `\t\t\tif (!IS_ERR(netbk->kthread.task)) {\n${ok.replace(/^\t/gm, '\t\t')}\t\t\t} else {\n${fail}\t\t\t}\n`,
      )
      .replace(
        'if (MODPARM_netback_kthread)\n\t\t\tkthread_stop',
        'if (MODPARM_netback_kthread && netbk->kthread.task)\n\t\t\tkthread_stop',
      )
      // The real failure message, with the function name it has always had wrong.
      .replace(
        '\t\t\t\tpr_alert("netback: no thread for group %d\\n", group);\n',
        '\t\t\t\tprintk(KERN_ALERT\n\t\t\t\t       "kthread_run() fails at netback\\n");\n',
      )
      // The group's lists and counters set up after the thread is woken, as 2.6.32 does.
      .replace(
        /(\t\tINIT_LIST_HEAD\(&netbk->net_schedule_list\);\n\t\tspin_lock_init[^\n]*\n\t\tatomic_set[^\n]*\n)\n([\s\S]*?\t\t\}\n)(\t\}\n)/,
        '$2\n$1$3',
      ),
  );
  edit(dir, CH, (s) => s.replace(/\t\/\* netback_kthread picks[^\n]*\n/, ''));
}

describe('pvops-2.6.32 on other trees', () => {
  it('a reshaped tree (whitespace, extra functions and comments around the anchors) still works', () => {
    const tree = gitCopy(SAMPLE, reshape);
    const { out, names } = writeSeries(full, tree);
    try {
      expect(names.length).toBe(6);
      for (const n of names) expect(gitAm(tree, join(out, n)).ok, n).toBe(true);
      expect(gccCheck(tree)).toEqual([]);
      expect(readFileSync(join(tree, NB), 'utf8')).toContain('netbk_unrelated');
    } finally {
      cleanup(tree, out);
    }
  });

  // [name, first policy, second policy, subject of the reversing patch, file, must match after, must not match after]
  it.each<[string, Policy, Policy, RegExp, string, RegExp, RegExp]>([
    [
      'kthread then tasklet',
      { threading: { model: 'kthread' } },
      { threading: { model: 'tasklet' } },
      /Use tasklets by default/,
      NB,
      /MODPARM_netback_kthread;/,
      /= 1;/,
    ],
    [
      'round-robin then least-loaded',
      { assignment: 'round-robin' },
      { assignment: 'least-loaded' },
      /Assert RTNL around least-loaded/,
      IF,
      /ASSERT_RTNL\(\);/,
      /netbk_next_group/,
    ],
    [
      'bind then unbind',
      { threading: { bindToCpu: true } },
      { threading: { bindToCpu: false } },
      /Do not bind group threads to CPUs/,
      NB,
      /wake_up_process/,
      /kthread_bind/,
    ],
    [
      'unbind then bind',
      { threading: { bindToCpu: false } },
      { threading: { bindToCpu: true } },
      /Bind each group thread to an online CPU/,
      NB,
      /\tnetbk->cpu = netbk_group_cpu\(group\);\n[\s\S]*\tget_online_cpus\(\);\n\t+if \(cpu_online\(netbk->cpu\)\)\n\t+kthread_bind\(netbk->kthread\.task, netbk->cpu\);\n\t+wake_up_process\(netbk->kthread\.task\);\n\t+put_online_cpus\(\);/,
      /kthread_bind\(netbk->kthread\.task, group\)/,
    ],
  ])(
    '%s: the second policy reverses the first with a patch that applies and builds',
    (_n, first, second, subject, file, present, absent) => {
      const tree = gitCopy(SAMPLE);
      const a = writeSeries(first, tree);
      for (const n of a.names) expect(gitAm(tree, join(a.out, n)).ok).toBe(true);
      const b = writeSeries(second, tree);
      try {
        expect(b.names.length).toBe(1);
        expect(readFileSync(join(b.out, b.names[0]!), 'utf8')).toMatch(subject);
        expect(gitAm(tree, join(b.out, b.names[0]!)).ok).toBe(true);
        expect(gccCheck(tree)).toEqual([]);
        const after = readFileSync(join(tree, file), 'utf8');
        expect(after).toMatch(present);
        expect(after).not.toMatch(absent);
        // Unbinding removes the helper it no longer needs; nothing else uses it here.
        if (second.threading?.bindToCpu === false)
          expect(readFileSync(join(tree, CH), 'utf8')).not.toMatch(/netbk_group_cpu/);
        expect(generate(second, { tree, out: 'x', version: 't' }).series.patches).toEqual([]);
      } finally {
        cleanup(tree, a.out, b.out);
      }
    },
  );

  it('removing the tasklet mode leaves nothing for tasklets; asking for them afterwards is refused', () => {
    const tree = gitCopy(SAMPLE);
    const a = writeSeries({ threading: { model: 'kthread', keepTaskletOption: false } }, tree);
    try {
      for (const n of a.names) expect(gitAm(tree, join(a.out, n)).ok).toBe(true);
      const nb = readFileSync(join(tree, NB), 'utf8');
      expect(nb).not.toMatch(/MODPARM_netback_kthread\b|tasklet_|->tasklet\./);
      // The parameter still loads, ignored, with a warning for the value that meant tasklets.
      expect(nb).toMatch(
        /\nmodule_param_named\(netback_kthread, MODPARM_netback_kthread_deprecated,\n\t\t   bool, 0\);\n/,
      );
      expect(nb).toMatch(
        /\n\tif \(!MODPARM_netback_kthread_deprecated\)\n\t\tpr_warning\("netback: netback_kthread=0 is ignored\\n"\);\n/,
      );
      expect(nb).toMatch(/\n\t\tkthread_stop\(netbk->kthread\.task\);\n/);
      expect(readFileSync(join(tree, CH), 'utf8')).not.toMatch(/\bunion\b|tasklet_struct/);
      expect(() => generate({ threading: { model: 'tasklet' } }, { tree, out: 'x', version: 't' })).toThrow(
        /no tasklet mode any more/,
      );
      expect(() =>
        generate({ threading: { model: 'kthread', keepTaskletOption: true } }, { tree, out: 'x', version: 't' }),
      ).toThrow(/no tasklet mode left to keep/);
    } finally {
      cleanup(tree, a.out);
    }
  });

  it('a tree shaped like the real 2.6.32 (bind and wake on success, && in the unwind loop, bare union) loses tasklets and binding cleanly', () => {
    const tree = gitCopy(SAMPLE, realShape);
    const before = readFileSync(join(tree, NB), 'utf8');
    expect(before.indexOf('wake_up_process')).toBeLessThan(before.indexOf('INIT_LIST_HEAD(&netbk->net_schedule_list)'));
    const policy: Policy = {
      threading: { model: 'kthread', keepTaskletOption: false, bindToCpu: false },
      locks: { idxRelease: 'per-group' },
    };
    const { out, names } = writeSeries(policy, tree);
    try {
      expect(names.map((n) => n.replace(/^\d+-/, ''))).toEqual([
        'xen-netback-make-the-idx-release-lock-per-group.patch',
        'xen-netback-set-up-a-group-before-waking-its-thread.patch',
        'xen-netback-let-the-scheduler-place-group-threads.patch',
        'xen-netback-remove-the-tasklet-mode.patch',
      ]);
      for (const n of names) {
        expect(gitAm(tree, join(out, n)).ok, n).toBe(true);
        expect(gccCheck(tree), n).toEqual([]);
      }
      const nb = readFileSync(join(tree, NB), 'utf8');
      expect(nb).not.toMatch(/MODPARM_netback_kthread\b|tasklet|kthread_bind|kthread_run/);
      // The failure message named kthread_run(); reindented, it names what is called.
      expect(nb).toContain('\t\t\tpr_alert("netback: kthread_create() failed\\n");\n');
      expect(nb).toMatch(
        /\n\t\tif \(!IS_ERR\(netbk->kthread\.task\)\) \{\n\t\t\twake_up_process\(netbk->kthread\.task\);\n\t\t\} else \{\n/,
      );
      expect(nb).toMatch(/\n\t\tif \(netbk->kthread\.task\)\n\t\t\tkthread_stop/);
      // Every part of the group is set up before its thread exists; the lock patch's init moved along.
      expect(nb).toMatch(
        /spin_lock_init\(&netbk->release_lock\);\n\t\tatomic_set\(&netbk->netfront_count, 0\);\n\n\t\tinit_waitqueue_head/,
      );
      expect(nb).toMatch(/\t\t\}\n\t\}\n\n\trc = netif_xenbus_init/);
      const cp = eraCheckpatch(names.map((n) => join(out, n)));
      expect({ status: cp.status, totals: cp.totals }, cp.output).toEqual({
        status: 0,
        totals: names.map(() => ({ errors: 0, warnings: 0 })),
      });
    } finally {
      cleanup(tree, out);
    }
  });

  it('a netback-only tree refuses irq.spread, pointing at irqbalance and smp_affinity', () => {
    const tree = gitCopy(SAMPLE, (d) => rmSync(join(d, 'kernel'), { recursive: true }));
    try {
      expect(() => generate({ irq: { spread: 'group-cpu' } }, { tree, out: 'x', version: 't' })).toThrow(
        expect.objectContaining({
          code: 'knob-refused',
          message: expect.stringMatching(/irq\.spread: .*not exported/),
          hint: expect.stringMatching(/irqbalance.*\/proc\/irq\/N\/smp_affinity/),
        }),
      );
      // The other knobs still work on it.
      expect(
        generate({ locks: { idxRelease: 'per-group' } }, { tree, out: 'x', version: 't' }).series.patches.length,
      ).toBe(1);
    } finally {
      cleanup(tree);
    }
  });

  it.each<[string, (d: string) => void, Policy, RegExp, string]>([
    [
      'not a kernel',
      (d) => rmSync(join(d, 'drivers'), { recursive: true }),
      full,
      /no netback driver found/,
      'not-netback',
    ],
    [
      'missing function anchor',
      (d) => edit(d, NB, (s) => s.replace(/netif_idx_release/g, 'netif_idx_free')),
      { locks: { idxRelease: 'per-group' } },
      /function 'netif_idx_release' not found/,
      'anchor-missing',
    ],
    [
      'missing group loop',
      (d) => edit(d, NB, (s) => s.replace('group < xen_netbk_group_nr', 'group < 4')),
      { locks: { idxRelease: 'per-group' } },
      /loop 'for \(group < xen_netbk_group_nr\)' in netback_init\(\) not found/,
      'anchor-missing',
    ],
    ['unknown target', () => {}, full, /unknown target 'upstream-9'/, 'unknown-target'],
    [
      'global lock on a per-group tree',
      (d) =>
        edit(d, NB, (s) =>
          s.replace('\tstatic DEFINE_SPINLOCK(_lock);\n', '').replace(/&_lock/g, '&netbk->net_schedule_list_lock'),
        ),
      { locks: { idxRelease: 'global' } },
      /locks\.idxRelease: 'global'/,
      'knob-refused',
    ],
    [
      'group-cpu IRQs with unbound threads',
      () => {},
      { threading: { bindToCpu: false }, irq: { spread: 'group-cpu' } },
      /irq\.spread: .*bindToCpu: false/,
      'knob-refused',
    ],
  ])('%s → NetbackError, exit 2', (name, mutate, policy, msg, code) => {
    const tree = gitCopy(SAMPLE, mutate);
    try {
      let err: unknown;
      try {
        generate(policy, {
          tree,
          out: 'x',
          version: 't',
          ...(name === 'unknown target' ? { target: 'upstream-9' } : {}),
        });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NetbackError);
      expect((err as NetbackError).code).toBe(code);
      expect((err as NetbackError).message).toMatch(msg);
      expect((err as NetbackError).exitCode).toBe(2);
      if (code === 'anchor-missing') expect((err as NetbackError).file).toBe(NB);
    } finally {
      cleanup(tree);
    }
  });
});
