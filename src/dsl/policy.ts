/*
 * The Policy types: what a dom0 maintainer can ask of netback. Every knob is optional; only the
 * knobs given make patches. These types are the contract between the DSL (src/dsl/) and the
 * targets (src/targets/); runtime validation (src/dsl/validate.ts) mirrors them exactly.
 */

/** How many netback groups (pvops/groups era) or the default queue count (mq era). */
export type GroupCount =
  /** A fixed number, 1..4096. On an era with per-CPU groups it is capped at the online CPUs. */
  | number
  /** One per online CPU at module load (what 2.6.32 does today). */
  | 'online-cpus'
  /** ceil(online CPUs / n): e.g. `{ onlineCpusDividedBy: 2 }` for half the CPUs (SUSE's default). */
  | { onlineCpusDividedBy: number };

export interface ThreadingPolicy {
  /**
   * 'kthread': each group's TX/RX work runs in its own kernel thread (schedulable, bindable, and
   * visible to the scheduler's load balancing). 'tasklet': softirq context on the CPU that raised it,
   * which in 2.6.32 means every VIF interrupt's CPU — usually CPU0.
   */
  model?: 'kthread' | 'tasklet';
  /**
   * With model 'kthread' on pvops: keep the other mode reachable through the `netback_kthread`
   * module parameter (true, the default) or remove the tasklet code path (false).
   */
  keepTaskletOption?: boolean;
  groups?: GroupCount;
  /** Bind each group's (or queue's) thread to one online CPU, correct when CPU ids are sparse. */
  bindToCpu?: boolean;
}

export interface LockPolicy {
  /**
   * The lock guarding a group's dealloc ring in netif_idx_release(): 'per-group' moves the
   * function-static `_lock` into `struct xen_netbk`, so groups stop serialising on one lock.
   */
  idxRelease?: 'per-group' | 'global';
}

export interface IrqPolicy {
  /** 'group-cpu': point each VIF's (or queue's) event-channel IRQ at the CPU of its group's thread. */
  spread?: 'none' | 'group-cpu';
}

export interface Policy {
  /** Short name, used in the cover letter (kebab-case). */
  name?: string;
  /** `Name <email>`: the From: and Signed-off-by: of every patch. */
  author?: string;
  /** ISO 8601 date for the Date: headers, so the series is byte-identical run to run. */
  date?: string;
  threading?: ThreadingPolicy;
  /** How a new VIF picks its group (pvops and groups era only). */
  assignment?: 'least-loaded' | 'round-robin';
  locks?: LockPolicy;
  irq?: IrqPolicy;
}
