/*
 * Upstream xen-netback, multi-queue era (3.16 to today; Debian's 6.1 is the reference): per
 * `struct xenvif_queue` a guest-rx kthread, a dealloc kthread and NAPI, started unbound in
 * xenvif_connect_data(); `max_queues` defaults to min(8, online CPUs); no IRQ affinity. The
 * per-queue callback_lock/response_lock already are what `locks.idxRelease: 'per-group'` asks for.
 * Threads and IRQs follow each queue's CPU, placed by docs/cpu-model.md (./upstream-mq-place.ts).
 */
import type { Policy } from '../dsl/policy.js';
import type { KernelTree } from '../patch/tree.js';
import type { AnchorRef, Detection, Plan, Target } from './target.js';
import { type KernelApis, apisNote, kernelApis } from './upstream-apis.js';
import { emptyPlan, groupsSpec, idxReleaseLocks, threadingModel } from './upstream-common.js';
import { type OnlineUses, onlineCallback, onlineChange } from './upstream-mq-online.js';
import { placedBy } from './upstream-mq-place.js';
import { ERA_NAMES, UPSTREAM, upstreamEra } from './upstream-files.js';
import {
  UPSTREAM_CAP,
  bindThreadsChange,
  irqAffinityChange,
  maxQueuesChange,
  maxQueuesDefine,
} from './upstream-mq-changes.js';

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

/** threading.groups and threading.queueCap: what max_queues defaults to, as one patch or a note. */
function queueCount(policy: Policy, netback: string, p: Plan): void {
  const t = policy.threading;
  if (t?.groups === undefined && t?.queueCap === undefined) return;
  const capWanted = t.queueCap ?? UPSTREAM_CAP;
  const spec = t.groups === undefined ? ({ kind: 'online' } as const) : groupsSpec(t.groups);
  let cap = capWanted;
  if (spec.kind === 'fixed') {
    if (spec.n > capWanted)
      p.notes.push(
        `threading.groups ${spec.n}: capped at threading.queueCap (${capWanted}${t.queueCap === undefined ? ", upstream's default" : ''})`,
      );
    cap = Math.min(spec.n, capWanted);
  }
  const want = spec.kind === 'divided' ? { cap, divided: spec.n } : { cap };
  const def = maxQueuesDefine(netback);
  const divided =
    /xenvif_max_queues = min_t\(unsigned int, MAX_QUEUES_DEFAULT,\s*DIV_ROUND_UP\(num_online_cpus\(\), (\d+)\)\)/.exec(
      netback,
    );
  const plain = /xenvif_max_queues = min_t\(unsigned int, MAX_QUEUES_DEFAULT,\s*num_online_cpus\(\)\)/.test(netback);
  const same = def?.value === cap && (want.divided ? Number(divided?.[1]) === want.divided : plain);
  if (!same) {
    p.changes.push(maxQueuesChange(want));
    return;
  }
  const what = want.divided ? `min(${cap}, online CPUs / ${want.divided} rounded up)` : `min(${cap}, online CPUs)`;
  p.notes.push(`threading.groups/queueCap: already satisfied (max_queues defaults to ${what})`);
}

function plan(policy: Policy, tree: KernelTree): Plan {
  const p = emptyPlan();
  const netback = tree.require(UPSTREAM.netback, ID);
  const iface = tree.require(UPSTREAM.interface, ID);

  idxReleaseLocks(
    policy,
    ID,
    {
      perGroup: 'each queue has its own callback_lock and response_lock',
      noGlobal: 'the dealloc locks are per queue by design',
    },
    p,
  );

  threadingModel(policy, ID, p);

  queueCount(policy, netback, p);

  const apis = kernelApis(tree, true);
  const placed = placedBy(iface);
  const assignment = policy.assignment ?? placed ?? 'round-robin';
  if (placed && policy.assignment && placed !== policy.assignment) {
    p.refusals.push({
      knob: 'assignment',
      message: `this ${ID} tree already places queues ${placed}; changing the rule is not a patch ${ID} makes`,
      hint: `revert the placement patch, or set assignment: '${placed}'`,
    });
  }
  const bound = /\bkthread_bind\s*\(\s*queue->task/.test(iface)
    ? 'kthread_bind()'
    : /\bset_cpus_allowed_ptr\s*\(\s*queue->task/.test(iface)
      ? 'set_cpus_allowed_ptr()'
      : null;
  const bind = policy.threading?.bindToCpu;
  const strict = policy.threading?.strictBinding === true;
  const spread = policy.irq?.spread;
  const irqLater = spread === 'group-cpu' && !/affinity_hint\s*\(\s*queue->/.test(iface);
  const threadsPinned = bound !== null || bind === true;
  const online = onlinePlan(policy, iface, apis, { bound, threadsPinned }, p);
  let adds = placed === null;
  if (bind === true) {
    if (bound && (bound === 'kthread_bind()') === strict)
      p.notes.push(
        `threading.bindToCpu: already satisfied (queue threads are pinned with ${bound} in xenvif_connect_data())`,
      );
    else if (bound) {
      p.refusals.push({
        knob: 'threading.bindToCpu',
        message: `this ${ID} tree already pins queue threads with ${bound}; switching to ${strict ? 'kthread_bind()' : 'set_cpus_allowed_ptr()'} is not a patch ${ID} makes`,
        hint: `revert the pinning patch, or set strictBinding: ${!strict}`,
      });
    } else {
      p.changes.push(
        bindThreadsChange(apis, { assignment, adds, threadsPinned, irqLater, onlineLater: !!online }, strict),
      );
      adds = false;
    }
  } else if (bind === false) {
    if (bound) {
      p.refusals.push({
        knob: 'threading.bindToCpu',
        message: `this ${ID} tree already binds queue threads; unbinding is not a patch ${ID} makes`,
        hint: 'revert the binding patch instead',
      });
    } else p.notes.push('threading.bindToCpu false: already satisfied (queue threads are not bound)');
  }

  if (spread === 'group-cpu') {
    if (!irqLater) p.notes.push("irq.spread 'group-cpu': already satisfied (queue IRQs get an affinity hint)");
    else {
      p.changes.push(
        irqAffinityChange(apis, { assignment, adds, threadsPinned, irqLater: false, onlineLater: !!online }),
      );
      adds = false;
    }
  } else if (spread === 'none') {
    p.notes.push("irq.spread 'none': already satisfied (queue IRQs are bound with no affinity)");
  }
  if (online) p.changes.push(onlineChange(apis, online));

  if (policy.assignment !== undefined && placed === policy.assignment) {
    p.notes.push(`assignment '${placed}': already satisfied (xenvif_place_queue() places queues that way)`);
  } else if (policy.assignment !== undefined && placed === null && adds) {
    p.refusals.push({
      knob: 'assignment',
      message:
        "assignment chooses the CPUs of each vif's queues for their threads and interrupts, " +
        `but this policy pins neither on the ${ERA_NAMES.mq} (${ID})`,
      hint: "add threading.bindToCpu: true or irq.spread: 'group-cpu', or remove assignment",
    });
  }

  apisNote(apis, p);
  return p;
}

/**
 * Whether the series ends with the CPU-online callback, and what it puts back: only when the
 * policy pins threads or points interrupts, the kernel has multi-instance hotplug states and the
 * tree has no callback yet. Notes or refusals say why not otherwise.
 */
function onlinePlan(
  policy: Policy,
  iface: string,
  apis: KernelApis,
  pins: { bound: string | null; threadsPinned: boolean },
  p: Plan,
): OnlineUses | null {
  const spread = policy.irq?.spread === 'group-cpu';
  if (policy.threading?.bindToCpu !== true && !spread) return null;
  const uses: OnlineUses = {
    threads: pins.threadsPinned,
    strict: pins.bound === 'kthread_bind()' || (pins.bound === null && policy.threading?.strictBinding === true),
    irqs: spread,
  };
  const existing = onlineCallback(iface);
  if (existing !== null) {
    const covers =
      (!uses.threads || /set_cpus_allowed_ptr\s*\(\s*queue->task, mask\)/.test(existing)) &&
      (!uses.irqs || /\(queue->tx_irq, mask\)/.test(existing));
    if (covers) p.notes.push('CPU online: already satisfied (xenvif_cpu_online() puts queues back on their CPU)');
    else
      p.refusals.push({
        knob: uses.irqs ? 'irq.spread' : 'threading.bindToCpu',
        message: `this ${ID} tree's xenvif_cpu_online() does not put back the ${uses.irqs ? 'interrupts' : 'threads'} this policy pins`,
        hint: 'revert the CPU-online patch, then generate the series again',
      });
    return null;
  }
  if (!apis.onlineStates) {
    p.notes.push(
      'CPU online: this kernel has no multi-instance hotplug states (cpuhp_setup_state_multi(), 4.10+): ' +
        'a queue moved off a CPU that went offline stays off it until the vif reconnects',
    );
    return null;
  }
  return uses;
}

export const upstreamMq: Target = {
  id: ID,
  description: 'upstream xen-netback, multi-queue era (3.16+, e.g. Debian 6.1): per-queue kthreads and NAPI',
  files: [UPSTREAM.common, UPSTREAM.netback, UPSTREAM.interface, UPSTREAM.xenbus],
  anchors,
  detect,
  plan,
};
