/*
 * Which target a tree is: every target's detect() scores the tree from the names it defines;
 * the best wins. `--target` overrides detection but not the flavour's required files.
 */
import { NetbackError } from '../core/errors.js';
import type { KernelTree } from '../patch/tree.js';
import { TARGETS, targetIds } from './index.js';
import type { Detection, Target } from './target.js';

export function detectTarget(tree: KernelTree, override?: string): { target: Target; detection: Detection } {
  if (override) {
    const target = TARGETS.find((t) => t.id === override);
    if (!target) {
      throw new NetbackError('unknown-target', `unknown target '${override}'`, {
        hint: `known: ${targetIds().join(', ')}`,
      });
    }
    const lacking = target.files.filter((f) => !tree.has(f));
    if (lacking.length) {
      throw new NetbackError('not-netback', `tree has no ${lacking.join(', ')} (required by target ${target.id})`, {
        file: tree.root,
      });
    }
    return { target, detection: target.detect(tree) ?? { confidence: 0, evidence: ['forced with --target'] } };
  }
  const scored = TARGETS.map((target) => ({ target, detection: target.detect(tree) }))
    .filter((s): s is { target: Target; detection: Detection } => s.detection !== null)
    .sort((a, b) => b.detection.confidence - a.detection.confidence);
  if (!scored.length) {
    const looked = [...new Set(TARGETS.flatMap((t) => t.files.slice(0, 1)))].join(', ');
    throw new NetbackError('not-netback', 'no netback driver found in this tree', {
      file: tree.root,
      hint: `looked for ${looked}; pass the root of a kernel tree, or --target ID (${targetIds().join(', ')})`,
    });
  }
  if (scored.length > 1 && scored[0]!.detection.confidence === scored[1]!.detection.confidence) {
    throw new NetbackError(
      'ambiguous-target',
      `tree matches both ${scored[0]!.target.id} and ${scored[1]!.target.id}`,
      {
        file: tree.root,
        hint: 'choose one with --target',
      },
    );
  }
  return scored[0]!;
}
