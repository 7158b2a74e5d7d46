/*
 * Upstream xen-netback, multi-queue era (3.16 to today; Debian's 6.1 is the reference): per
 * `struct xenvif_queue` a guest-rx kthread, a dealloc kthread and NAPI, started unbound in
 * xenvif_connect_data(); `max_queues` defaults to min(8, online CPUs); no IRQ affinity. The
 * per-queue callback_lock/response_lock already are what `locks.idxRelease: 'per-group'` asks for.
 */
import type { Policy } from '../dsl/policy.js';
import type { KernelTree } from '../patch/tree.js';
import type { AnchorRef, Detection, Plan, Target } from './target.js';
import { apisNote, kernelApis } from './upstream-apis.js';
import { emptyPlan, groupsSpec, threadingModel } from './upstream-common.js';
import { ERA_NAMES, UPSTREAM, upstreamEra } from './upstream-files.js';
import { bindThreadsChange, irqAffinityChange, maxQueuesChange, maxQueuesDefine } from './upstream-mq-changes.js';

const ID = 'upstream-mq';

const anchors: AnchorRef[] = [
  { file: UPSTREAM.common, kind: 'struct', name: 'xenvif_queue' },
  { file: UPSTREAM.netback, kind: 'function', name: 'netback_init' },
  { file: UPSTREAM.netback, kind: 'statement', name: 'if (xenvif_max_queues == 0) xenvif_max_queues = ...' },
  { file: UPSTREAM.interface, kind: 'function', name: 'xenvif_connect_data' },
  { file: UPSTREAM.interface, kind: 'statement', name: 'task = kthread_run(xenvif_kthread_guest_rx, ...)' },
  { file: UPSTREAM.interface, kind: 'statement', name: 'task = kthread_run(xenvif_dealloc_kthread, ...)' },
  { file: UPSTREAM.interface, kind: 'function', name: 'xenvif_disconnect_queue' },
  { file: UPSTREAM.interface, kind: 'call', name: 'unbind_from_irqhandler' },
];

function detect(tree: KernelTree): Detection | null {
  const e = upstreamEra(tree);
  return e?.era === 'mq' ? { confidence: 1, evidence: e.evidence } : null;
}

function plan(policy: Policy, tree: KernelTree): Plan {
  const p = emptyPlan();
  const netback = tree.require(UPSTREAM.netback, ID);
  const iface = tree.require(UPSTREAM.interface, ID);

  if (policy.locks?.idxRelease === 'per-group') {
    p.notes.push("locks.idxRelease 'per-group': already satisfied (each queue has its own callback_lock and response_lock)");
  } else if (policy.locks?.idxRelease === 'global') {
    p.refusals.push({
      knob: 'locks.idxRelease',
      message: `locks.idxRelease 'global' cannot be honoured on ${ID}: the dealloc locks are per queue by design`,
      hint: "use 'per-group' (already satisfied) or remove the knob",
    });
  }

  threadingModel(policy, ID, p);

  const groups = policy.threading?.groups;
  if (groups !== undefined) {
    const spec = groupsSpec(groups);
    const def = maxQueuesDefine(netback);
    const unchanged = spec.kind === 'fixed' && def?.value === spec.n && /min_t\([^;]*MAX_QUEUES_DEFAULT/.test(netback);
    if (unchanged) p.notes.push(`threading.groups ${spec.n}: already satisfied (max_queues defaults to min(${spec.n}, online CPUs))`);
    else p.changes.push(maxQueuesChange(spec));
  }

  const apis = kernelApis(tree, true);
  const bound = /\bkthread_bind\s*\(\s*queue->task/.test(iface);
  const bind = policy.threading?.bindToCpu;
  if (bind === true) {
    if (bound) p.notes.push('threading.bindToCpu: already satisfied (queue threads are bound in xenvif_connect_data())');
    else p.changes.push(bindThreadsChange(apis));
  } else if (bind === false) {
    if (bound) {
      p.refusals.push({
        knob: 'threading.bindToCpu',
        message: `this ${ID} tree already binds queue threads; unbinding is not a patch ${ID} makes`,
        hint: 'revert the binding patch instead',
      });
    } else p.notes.push('threading.bindToCpu false: already satisfied (queue threads are not bound)');
  }

  if (policy.assignment !== undefined) {
    p.refusals.push({
      knob: 'assignment',
      message: `assignment means nothing on the ${ERA_NAMES.mq} (${ID}): every vif has its own queues, there are no groups to pick`,
      hint: 'remove assignment from the policy (it applies to pvops-2.6.32 and upstream-groups)',
    });
  }

  const spread = policy.irq?.spread;
  if (spread === 'group-cpu') {
    if (/affinity_hint\s*\(\s*queue->/.test(iface)) p.notes.push("irq.spread 'group-cpu': already satisfied (queue IRQs get an affinity hint)");
    else p.changes.push(irqAffinityChange(apis));
  } else if (spread === 'none') {
    p.notes.push("irq.spread 'none': already satisfied (queue IRQs are bound with no affinity)");
  }

  const note = p.changes.some((c) => c.knob === 'threading.bindToCpu' || c.knob === 'irq.spread') ? apisNote(apis) : null;
  if (note) p.notes.push(note);
  return p;
}

export const upstreamMq: Target = {
  id: ID,
  description: 'upstream xen-netback, multi-queue era (3.16+, e.g. Debian 6.1): per-queue kthreads and NAPI',
  files: [UPSTREAM.common, UPSTREAM.netback, UPSTREAM.interface, UPSTREAM.xenbus],
  anchors,
  detect,
  plan,
};
