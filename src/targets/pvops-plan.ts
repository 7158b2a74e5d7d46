/*
 * The pvops series: one change per knob, in a fixed order chosen so that every prefix builds
 * and each patch reads on its own: the core export first (a separate subsystem), then the lock,
 * the threading knobs (groups, binding, then the model), assignment, and finally IRQ affinity,
 * which uses the group-to-CPU helper.
 */
import type { Policy } from '../dsl/policy.js';
import type { KernelTree } from '../patch/tree.js';
import type { Plan } from './target.js';
import { planIdxRelease } from './pvops-locks.js';
import { planGroups, planModel } from './pvops-threading.js';
import { planBind } from './pvops-bind.js';
import { planWakeOrder } from './pvops-wake-order.js';
import { planAssignment } from './pvops-assign.js';
import { planIrqSpread } from './pvops-irq.js';
import { multiQueueOnlyNotes } from './upstream-common.js';

export function planPvops(policy: Policy, tree: KernelTree): Plan {
  const plan: Plan = { changes: [], notes: [], refusals: [] };
  const irq: Plan = { changes: [], notes: [], refusals: [] };
  // IRQ planning runs first so its export patch can open the series.
  planIrqSpread(policy, tree, irq);
  plan.changes.push(...irq.changes.filter((c) => c.knob === 'irq.export'));
  planIdxRelease(policy, tree, plan);
  planWakeOrder(policy, tree, plan);
  planGroups(policy, tree, plan);
  // Binding to the n-th online CPU lands before kernel threads become the default (or the only
  // mode), so no bisect point runs threads by default on kthread_bind(task, group), an offline id.
  planBind(policy, tree, plan);
  planModel(policy, tree, plan);
  planAssignment(policy, tree, plan);
  multiQueueOnlyNotes(policy, plan);
  plan.changes.push(...irq.changes.filter((c) => c.knob !== 'irq.export'));
  plan.notes.push(...irq.notes);
  plan.refusals.push(...irq.refusals);
  return plan;
}
