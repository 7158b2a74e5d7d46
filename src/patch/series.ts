/*
 * The engine: run a target's plan over a working copy of the tree, one change at a time, and
 * diff each state against the previous one. A change that turns out to edit nothing is dropped
 * with a note (the tree already had it); refusals stop everything with one error, unless the
 * caller asks to see them all (--dry-run lists every knob: patched, satisfied or refused).
 */
import { NetbackError } from '../core/errors.js';
import type { Policy } from '../dsl/policy.js';
import type { Change, Plan, Refusal, Target } from './target.js';
import { type KernelTree, Workspace } from './tree.js';
import { type FileDiff, fileDiff } from './unified.js';

export interface SeriesPatch {
  change: Change;
  files: FileDiff[];
}

export interface Series {
  target: Target;
  policy: Policy;
  patches: SeriesPatch[];
  notes: string[];
  /** Knobs the target cannot honour (only when buildSeries was asked to keep going). */
  refusals: Refusal[];
}

export function buildSeries(
  target: Target,
  policy: Policy,
  tree: KernelTree,
  opts: { keepRefusals?: boolean } = {},
): Series {
  const plan: Plan = target.plan(policy, tree);
  if (plan.refusals.length && !opts.keepRefusals) {
    const r = plan.refusals[0]!;
    const more =
      plan.refusals.length > 1
        ? ` (and ${plan.refusals.length - 1} more: ${plan.refusals
            .slice(1)
            .map((x) => x.knob)
            .join(', ')})`
        : '';
    throw new NetbackError('knob-refused', `${r.knob}: ${r.message} on target ${target.id}${more}`, {
      file: tree.root,
      hint: r.hint,
    });
  }
  const ws = new Workspace(tree);
  const notes = [...plan.notes];
  const patches: SeriesPatch[] = [];
  for (const change of plan.changes) {
    const before = ws.snapshot();
    change.apply(ws);
    const after = ws.snapshot();
    const files: FileDiff[] = [];
    for (const path of [...after.keys()].sort()) {
      const old = before.get(path) ?? tree.require(path, change.knob);
      const d = fileDiff(path, old, after.get(path)!);
      if (d) files.push(d);
    }
    if (files.length) patches.push({ change, files });
    else notes.push(`${change.knob}: the tree already has this change; no patch`);
  }
  return { target, policy, patches, notes, refusals: opts.keepRefusals ? [...plan.refusals] : [] };
}
