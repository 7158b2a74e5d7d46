/*
 * Upstream xen-netback, groups era (2.6.39 to 3.11): the pvops groups moved into netback.c as a
 * static `struct xen_netbk` array, kthreads only (no tasklets, no module parameters), one group
 * per online CPU bound to CPU id N, least-loaded assignment in xen_netbk_add_xenvif(), and no
 * function-static lock (xen_netbk_idx_release() runs only in the group's thread).
 */
import type { Policy } from '../dsl/policy.js';
import type { KernelTree } from '../patch/tree.js';
import type { AnchorRef, Detection, Plan, Target } from './target.js';
import { apisNote, kernelApis } from './upstream-apis.js';
import { emptyPlan, groupsSpec, idxReleaseLocks, multiQueueOnlyNotes, threadingModel } from './upstream-common.js';
import { UPSTREAM, upstreamEra } from './upstream-files.js';
import {
  bindChange,
  groupCpuMessage,
  groupsChange,
  irqAffinityChange,
  roundRobinChange,
} from './upstream-groups-changes.js';

const ID = 'upstream-groups';

const anchors: AnchorRef[] = [
  { file: UPSTREAM.netback, kind: 'struct', name: 'xen_netbk' },
  { file: UPSTREAM.netback, kind: 'function', name: 'netback_init' },
  { file: UPSTREAM.netback, kind: 'statement', name: 'xen_netbk_group_nr = num_online_cpus();' },
  { file: UPSTREAM.netback, kind: 'statement', name: 'kthread_bind(netbk->task, group);' },
  { file: UPSTREAM.netback, kind: 'function', name: 'xen_netbk_add_xenvif' },
  { file: UPSTREAM.netback, kind: 'function', name: 'xen_netbk_remove_xenvif' },
  { file: UPSTREAM.common, kind: 'struct', name: 'xenvif' },
];

function detect(tree: KernelTree): Detection | null {
  const e = upstreamEra(tree);
  return e?.era === 'groups' ? { confidence: 1, evidence: e.evidence } : null;
}

/** The vif's interrupt fields: `irq`, or `tx_irq`/`rx_irq` once split event channels came (3.10). */
function vifIrqs(common: string): string[] {
  const vif = /\bstruct\s+xenvif\s*\{([\s\S]*?)\n\};/.exec(common)?.[1] ?? '';
  return /\btx_irq\s*;/.test(vif) ? ['tx_irq', 'rx_irq'] : ['irq'];
}

function plan(policy: Policy, tree: KernelTree): Plan {
  const p = emptyPlan();
  const netback = tree.require(UPSTREAM.netback, ID);
  const common = tree.require(UPSTREAM.common, ID);

  idxReleaseLocks(
    policy,
    ID,
    {
      perGroup: "no shared lock: xen_netbk_idx_release() runs only in its group's thread",
      noGlobal: 'there is no release lock to share',
    },
    p,
  );

  threadingModel(policy, ID, p);
  multiQueueOnlyNotes(policy, p);

  const groups = policy.threading?.groups;
  if (groups !== undefined) {
    const spec = groupsSpec(groups);
    if (spec.kind === 'online')
      p.notes.push("threading.groups 'online-cpus': already satisfied (netback_init() makes one group per online CPU)");
    else {
      const want =
        spec.kind === 'divided'
          ? `DIV_ROUND_UP(num_online_cpus(), ${spec.n})`
          : `min_t(int, ${spec.n}, num_online_cpus())`;
      if (netback.includes(`xen_netbk_group_nr = ${want};`))
        p.notes.push(`threading.groups: already satisfied (xen_netbk_group_nr = ${want})`);
      else p.changes.push(groupsChange(spec));
    }
  }

  const apis = kernelApis(tree, false);
  const bind = policy.threading?.bindToCpu;
  const boundById = /\bkthread_bind\s*\(\s*netbk->task\s*,\s*group\s*\)/.test(netback);
  const boundOnline = /\bkthread_bind\s*\(\s*netbk->task\s*,\s*netbk->cpu\s*\)/.test(netback);
  if (bind === true) {
    if (boundOnline) p.notes.push('threading.bindToCpu: already satisfied (groups are bound to online CPUs)');
    else
      p.changes.push(
        bindChange(apis, true, groupCpuMessage(netback, { bind: true, irq: policy.irq?.spread === 'group-cpu' })),
      );
  } else if (bind === false) {
    if (boundById || boundOnline) p.changes.push(bindChange(apis, false));
    else p.notes.push('threading.bindToCpu false: already satisfied (group threads are not bound)');
  }

  if (policy.assignment === 'least-loaded') {
    p.notes.push(
      "assignment 'least-loaded': already satisfied (xen_netbk_add_xenvif() picks the group with the fewest vifs)",
    );
  } else if (policy.assignment === 'round-robin') {
    if (/\bxen_netbk_next_group\b/.test(netback)) p.notes.push("assignment 'round-robin': already satisfied");
    else p.changes.push(roundRobinChange());
  }

  const spread = policy.irq?.spread;
  if (spread === 'group-cpu') {
    if (/\bxen_netbk_set_irq_affinity\b/.test(netback)) p.notes.push("irq.spread 'group-cpu': already satisfied");
    else {
      // A binding patch earlier in the series adds the stored CPU and binds to it.
      const binding = p.changes.some((c) => c.knob === 'threading.bindToCpu');
      p.changes.push(
        irqAffinityChange(apis, vifIrqs(common), {
          groupCpu: binding ? '' : groupCpuMessage(netback, { bind: !binding && boundById, irq: true }),
          rebind: !binding && boundById,
        }),
      );
      p.notes.push(
        "irq.spread 'group-cpu': advisory on this era: irq_set_affinity_hint() only records a hint for the group's CPU " +
          'and moves no interrupt by itself; something must copy it to /proc/irq/N/smp_affinity',
      );
    }
  } else if (spread === 'none') {
    p.notes.push("irq.spread 'none': already satisfied (vif interrupts are bound with no affinity)");
  }

  apisNote(apis, p);
  return p;
}

export const upstreamGroups: Target = {
  id: ID,
  description: 'upstream xen-netback, groups era (2.6.39 to 3.11): struct xen_netbk groups, one kthread each',
  files: [UPSTREAM.common, UPSTREAM.netback, UPSTREAM.interface, UPSTREAM.xenbus],
  anchors,
  detect,
  plan,
};
