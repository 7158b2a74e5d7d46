/* The pvops netback's files and the names its changes anchor on (read off the real tree). */
import type { AnchorRef } from './target.js';

export const PVOPS = {
  common: 'drivers/xen/netback/common.h',
  netback: 'drivers/xen/netback/netback.c',
  interface: 'drivers/xen/netback/interface.c',
  xenbus: 'drivers/xen/netback/xenbus.c',
  irqCore: 'kernel/irq/manage.c',
} as const;

export const pvopsAnchors: AnchorRef[] = [
  { file: PVOPS.common, kind: 'struct', name: 'xen_netbk' },
  { file: PVOPS.common, kind: 'struct', name: 'xen_netif' },
  { file: PVOPS.netback, kind: 'function', name: 'netif_idx_release' },
  { file: PVOPS.netback, kind: 'function', name: 'netback_init' },
  { file: PVOPS.netback, kind: 'loop', name: 'netback_init: for (group ...)' },
  { file: PVOPS.netback, kind: 'module_param', name: 'netback_kthread' },
  { file: PVOPS.netback, kind: 'function', name: 'xen_netbk_bh_handler' },
  { file: PVOPS.interface, kind: 'function', name: 'netbk_add_netif' },
  { file: PVOPS.interface, kind: 'function', name: '__netif_up' },
  { file: PVOPS.irqCore, kind: 'function', name: 'irq_set_affinity' },
];
