/*
 * Trees that differ from our sample: reformatted with extra code around the anchors (still
 * works), netback-only (irq.spread refused), not a kernel, a missing anchor (documented errors).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Policy } from '../../src/dsl/policy.js';
import { generate } from '../../src/patch/generate.js';
import { NetbackError } from '../../src/core/errors.js';
import { SAMPLE, cleanup, gccCheck, gitAm, gitCopy, writeSeries } from './pvops-support.js';

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

/** Reformats and pads the sample: extra functions and comments next to every anchor. */
function reshape(dir: string): void {
  edit(dir, NB, (s) =>
    s
      .replace('static void netif_idx_release(', '/* { a brace in a comment */\nstatic int netif_idx_release_count;\n\nstatic void netif_idx_release(')
      .replace('\tstatic DEFINE_SPINLOCK(_lock);', '\tstatic   DEFINE_SPINLOCK( _lock );')
      .replace('static int __init netback_init(void)\n{', 'static void netbk_unrelated(void)\n{\n\tnetif_idx_release_count++;\n}\n\nstatic int __init netback_init(void)\n{')
      .replace('xen_netbk_group_nr = num_online_cpus();', 'xen_netbk_group_nr =\n\t\tnum_online_cpus();'),
  );
  edit(dir, IF, (s) =>
    s.replace('static void __netif_up(struct xen_netif *netif)\n{', 'static void __netif_up(struct xen_netif *netif)\n{\n\t/* Join a group, then take events. */'),
  );
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

  it.each<[string, Policy, Policy, RegExp]>([
    ['kthread then tasklet', { threading: { model: 'kthread' } }, { threading: { model: 'tasklet' } }, /Use tasklets by default/],
    ['round-robin then least-loaded', { assignment: 'round-robin' }, { assignment: 'least-loaded' }, /Assert RTNL around least-loaded/],
  ])('%s: the second policy reverses the first with a patch that applies and builds', (_n, first, second, subject) => {
    const tree = gitCopy(SAMPLE);
    const a = writeSeries(first, tree);
    for (const n of a.names) expect(gitAm(tree, join(a.out, n)).ok).toBe(true);
    const b = writeSeries(second, tree);
    try {
      expect(b.names.length).toBe(1);
      expect(readFileSync(join(b.out, b.names[0]!), 'utf8')).toMatch(subject);
      expect(gitAm(tree, join(b.out, b.names[0]!)).ok).toBe(true);
      expect(gccCheck(tree)).toEqual([]);
      expect(readFileSync(join(tree, IF), 'utf8')).not.toMatch(second.assignment ? /netbk_next_group/ : /^$/);
    } finally {
      cleanup(tree, a.out, b.out);
    }
  });

  it('a netback-only tree refuses irq.spread, pointing at irqbalance and smp_affinity', () => {
    const tree = gitCopy(SAMPLE, (d) => rmSync(join(d, 'kernel'), { recursive: true }));
    try {
      expect(() => generate({ irq: { spread: 'group-cpu' } }, { tree, out: 'x', version: 't' })).toThrow(
        expect.objectContaining({ code: 'knob-refused', message: expect.stringMatching(/irq\.spread: .*not exported/), hint: expect.stringMatching(/irqbalance.*\/proc\/irq\/N\/smp_affinity/) }),
      );
      // The other knobs still work on it.
      expect(generate({ locks: { idxRelease: 'per-group' } }, { tree, out: 'x', version: 't' }).series.patches.length).toBe(1);
    } finally {
      cleanup(tree);
    }
  });

  it.each<[string, (d: string) => void, Policy, RegExp, string]>([
    ['not a kernel', (d) => rmSync(join(d, 'drivers'), { recursive: true }), full, /no netback driver found/, 'not-netback'],
    ['missing function anchor', (d) => edit(d, NB, (s) => s.replace(/netif_idx_release/g, 'netif_idx_free')), { locks: { idxRelease: 'per-group' } }, /function 'netif_idx_release' not found/, 'anchor-missing'],
    ['missing group loop', (d) => edit(d, NB, (s) => s.replace('group < xen_netbk_group_nr', 'group < 4')), { locks: { idxRelease: 'per-group' } }, /loop 'for \(group < xen_netbk_group_nr\)' in netback_init\(\) not found/, 'anchor-missing'],
    ['unknown target', () => {}, full, /unknown target 'upstream-9'/, 'unknown-target'],
    ['global lock on a per-group tree', (d) => edit(d, NB, (s) => s.replace('\tstatic DEFINE_SPINLOCK(_lock);\n', '').replace(/&_lock/g, '&netbk->net_schedule_list_lock')), { locks: { idxRelease: 'global' } }, /locks\.idxRelease: 'global'/, 'knob-refused'],
    ['removing the tasklet path', () => {}, { threading: { model: 'kthread', keepTaskletOption: false } }, /keepTaskletOption: false/, 'knob-refused'],
  ])('%s → NetbackError, exit 2', (name, mutate, policy, msg, code) => {
    const tree = gitCopy(SAMPLE, mutate);
    try {
      let err: unknown;
      try {
        generate(policy, { tree, out: 'x', version: 't', ...(name === 'unknown target' ? { target: 'upstream-9' } : {}) });
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
