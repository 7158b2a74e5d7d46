/*
 * The Policy types: what a dom0 maintainer can ask of netback. Every knob is optional; only the
 * knobs given make patches. These types are the contract between the DSL (src/dsl/) and the
 * targets (src/targets/); runtime validation (src/dsl/validate.ts) mirrors them exactly, and
 * loadPolicyFile() only ever hands a target a Policy that passed it.
 *
 * This file is also the user's reference: the TSDoc below is what an editor shows on hover.
 */

/**
 * How many netback groups to create (pvops and upstream-groups eras: one `struct xen_netbk`, and
 * one kernel thread or tasklet pair, per group), or the default `max_queues` on the multi-queue
 * era (never above {@link KthreadThreading.queueCap}). More groups spread VIFs over more CPUs;
 * fewer leave more of dom0's CPUs to the rest of dom0 (its backends, toolstack and interrupts).
 */
export type GroupCount =
  /**
   * A fixed number, an integer 1..4096. Where groups are per CPU it is capped at the number of
   * online CPUs at module load (a group without a CPU of its own only adds contention).
   */
  | number
  /** One group per online CPU at module load: what 2.6.32 does today. */
  | 'online-cpus'
  /**
   * `ceil(online CPUs / n)`, n an integer 2..64: e.g. `{ onlineCpusDividedBy: 2 }` for half the
   * CPUs (SUSE's default), leaving the other half to the rest of dom0.
   */
  | { onlineCpusDividedBy: number };

/** Knobs shared by every threading model. */
interface ThreadingCommon {
  /** Group count (see {@link GroupCount}). Omit to keep the tree's own count. */
  groups?: GroupCount;
}

/**
 * Kernel threads: each group's TX/RX work runs in its own kthread (`netback/N`), which the
 * scheduler can balance and which can be bound to a CPU. The fix for the seed's "all netback
 * work on CPU0" report.
 */
export interface KthreadThreading extends ThreadingCommon {
  model: 'kthread';
  /**
   * pvops only. `true` (the default): kthreads become the default but the tasklet path stays
   * reachable through the `netback_kthread` module parameter (`netback_kthread=0`), so a
   * regression can be worked around without a rebuild. `false`: the tasklet code path and the
   * module parameter are removed. Eras without tasklets ignore it.
   */
  keepTaskletOption?: boolean;
  /**
   * Bind group n's thread (or each queue's threads on the multi-queue era) to the n-th *online*
   * CPU with `kthread_bind()`, correct when CPU ids are sparse (2.6.32 binds to CPU id `n`, which
   * breaks when CPUs 0..n-1 are not all online). `false` leaves threads to the scheduler.
   * On the multi-queue era the threads get the CPU's affinity (`set_cpus_allowed_ptr()`), which an
   * administrator or a cpuset can still change, unless {@link KthreadThreading.strictBinding}.
   */
  bindToCpu?: boolean;
  /**
   * Multi-queue era only, with `bindToCpu: true`. `true`: bind the queue threads with
   * `kthread_bind()`, which marks them `PF_NO_SETAFFINITY`: neither `taskset` nor cpusets can move
   * them afterwards. `false` (the default): set their affinity with `set_cpus_allowed_ptr()`.
   * The groups eras always bind with `kthread_bind()`, as their trees do.
   */
  strictBinding?: boolean;
  /**
   * Multi-queue era only: the most queues the default of `max_queues` offers a VIF, an integer
   * 1..256; 8 (upstream's `MAX_QUEUES_DEFAULT`) when omitted. The guest picks its queue count up
   * to it, and each queue costs dom0 `MAX_PENDING_REQS` (256) pages for grant mappings (1 MiB),
   * two kernel threads (guest-rx and dealloc) and one or two event channels.
   */
  queueCap?: number;
}

/**
 * Tasklets (pvops only; every upstream era removed them, so a target there refuses this): work
 * runs in softirq context on the CPU that scheduled it, which is the CPU that took the VIF's
 * interrupt, usually CPU0. Tasklets cannot be bound, so `bindToCpu` may only be `false`, and
 * `keepTaskletOption` does not apply (the tasklet path is the default and always kept).
 */
export interface TaskletThreading extends ThreadingCommon {
  model: 'tasklet';
  keepTaskletOption?: undefined;
  bindToCpu?: false;
  strictBinding?: undefined;
  queueCap?: undefined;
}

/** No model change: keep the tree's default model and set only the other threading knobs. */
export interface UnchangedThreading extends ThreadingCommon {
  model?: undefined;
  /** `keepTaskletOption` only means something with `model: 'kthread'`. */
  keepTaskletOption?: undefined;
  /** As {@link KthreadThreading.bindToCpu}; applies whenever the tree runs group threads. */
  bindToCpu?: boolean;
  /** As {@link KthreadThreading.strictBinding}. */
  strictBinding?: boolean;
  /** As {@link KthreadThreading.queueCap}. */
  queueCap?: number;
}

/** How each group's work is run. The `model` decides which other knobs are allowed. */
export type ThreadingPolicy = KthreadThreading | TaskletThreading | UnchangedThreading;

/**
 * Where a new VIF starts (docs/cpu-model.md): on the groups eras the group it joins; on the
 * multi-queue era the online CPU of its queue 0, its queue N going N online CPUs further on.
 */
export type Assignment =
  /**
   * The group with the fewest VIFs (`netfront_count`), ties to the lowest index: 2.6.32 today;
   * on multi-queue the online CPU with the fewest queues placed on it.
   */
  | 'least-loaded'
  /**
   * The next group in turn, with the counter read and incremented atomically (two VIFs coming up
   * at once must not land on the same group); on multi-queue a cursor over the online CPUs that
   * advances by the VIF's queue count. The default on multi-queue.
   */
  | 'round-robin';

export interface LockPolicy {
  /**
   * The lock guarding a group's dealloc ring in `netif_idx_release()`. `'per-group'` replaces the
   * function-static `_lock`, which every group shares although each has its own ring, with a
   * `spinlock_t` in `struct xen_netbk`, so groups stop serialising on one lock (the seed's
   * throughput ceiling). `'global'` keeps (or restores) the single lock. Trees where the lock is
   * already per group/queue need no patch and get a note.
   */
  idxRelease?: 'per-group' | 'global';
}

export interface IrqPolicy {
  /**
   * `'group-cpu'`: when a VIF (or queue) joins a group, point its event-channel IRQ at the CPU of
   * that group's thread, so the interrupt, the softirq and the thread share a cache instead of
   * every VIF interrupt landing on CPU0. Needs `irq_set_affinity()` (not exported to modules in
   * 2.6.32: the target adds the export or refuses) or `irq_set_affinity_hint()` on later eras.
   * `'none'`: leave affinity to irqbalance or `/proc/irq/N/smp_affinity`.
   */
  spread?: 'none' | 'group-cpu';
}

export interface Policy {
  /** Short kebab-case name (`dom0-scale-out`), used in the cover letter's subject. */
  name?: string;
  /** `Name <email>`: the From: and Signed-off-by: of every patch. */
  author?: string;
  /**
   * ISO 8601 date (`2024-05-01` or `2024-05-01T12:00:00Z`) for the Date: headers, so the series
   * is byte-identical run to run. `--date` on the command line overrides it.
   */
  date?: string;
  /** Threading model, group count and CPU binding (see {@link ThreadingPolicy}). */
  threading?: ThreadingPolicy;
  /** Where a new VIF starts: its group, or its first queue's CPU (see {@link Assignment}). */
  assignment?: Assignment;
  /** Locking (see {@link LockPolicy}). */
  locks?: LockPolicy;
  /** Interrupt affinity (see {@link IrqPolicy}). */
  irq?: IrqPolicy;
}
