/* The pvops series: one change per knob, in a fixed order. */
import type { Policy } from '../dsl/policy.js';
import type { KernelTree } from '../patch/tree.js';
import type { Plan } from './target.js';

export function planPvops(_policy: Policy, _tree: KernelTree): Plan {
  return { changes: [], notes: [], refusals: [] };
}
