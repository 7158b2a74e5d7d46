/*
 * Names netback gives its event-channel IRQs, by era (read off the trees):
 *   vif<dom>.<handle>              2.6.32 pvops netif_map() and 2.6.39-3.15 upstream: the netdev name
 *   vif<dom>.<handle>-tx / -rx     3.10-3.15 with feature-split-event-channels ("%s-tx" of dev->name)
 *   vif<dom>.<handle>-q<n>         3.16+ multi-queue, one event channel per queue (queue->name)
 *   vif<dom>.<handle>-q<n>-tx/-rx  3.16+ multi-queue with split event channels ("%s-tx" of queue->name)
 * The queue name is formatted at connect time from the netdev name netback chose (`vif%u.%u`), so a
 * vif later renamed by the toolstack's `vifname=` still shows its original name here. The control
 * ring's IRQ (`xen-netback`) carries no per-VIF traffic and is ignored.
 */
export interface VifIrqName {
  /** `vif3.0`: the VIF the IRQ belongs to. */
  vif: string;
  domid: number;
  handle: number;
  /** Queue number on multi-queue kernels, else undefined. */
  queue: number | undefined;
  /** 'tx'/'rx' with split event channels, 'both' with one channel per queue (or per VIF). */
  dir: 'tx' | 'rx' | 'both';
}

const VIF_IRQ = /^vif(\d+)\.(\d+)(?:-q(\d+))?(?:-(tx|rx))?$/;

/** Parses one action name; undefined when it is not a netback VIF IRQ. */
export function parseVifIrqName(name: string): VifIrqName | undefined {
  const m = VIF_IRQ.exec(name);
  if (!m) return undefined;
  const domid = Number(m[1]);
  const handle = Number(m[2]);
  return {
    vif: `vif${domid}.${handle}`,
    domid,
    handle,
    queue: m[3] === undefined ? undefined : Number(m[3]),
    dir: (m[4] as 'tx' | 'rx' | undefined) ?? 'both',
  };
}

/**
 * Chips of Xen event-channel IRQs: `xen-dyn` (+`-event` handler name on 2.6.32, `-lateeoi` since
 * 5.10), classic XenLinux's `Dynamic-irq`. irqbalance recognises event channels by "xen-dyn"
 * (events_base.c says so above xen_lateeoi_chip), which is why the chip is worth reporting.
 */
export function isEventChannelChip(chip: string): boolean {
  return /^xen-dyn/.test(chip) || /^Dynamic-irq/i.test(chip);
}
