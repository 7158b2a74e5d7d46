/*
 * Upstream xen-netback (drivers/net/xen-netback/): its files, and which era a tree is, told apart
 * by the names it defines (never by version numbers, which vendor trees do not keep honest):
 * `struct xenvif_queue` (mq, 3.16-), `struct xen_netbk` inside netback.c (groups, 2.6.39-3.11),
 * `xenvif_kthread*` without either (1:1, 3.12-3.15).
 */
import type { KernelTree } from '../patch/tree.js';

const DIR = 'drivers/net/xen-netback';

export const UPSTREAM = {
  dir: DIR,
  common: `${DIR}/common.h`,
  netback: `${DIR}/netback.c`,
  interface: `${DIR}/interface.c`,
  xenbus: `${DIR}/xenbus.c`,
  /** Which affinity-hint API the era has; absent from a driver-only tree. */
  interruptH: 'include/linux/interrupt.h',
} as const;

export type UpstreamEra = 'groups' | '1to1' | 'mq';

export const ERA_NAMES: Record<UpstreamEra, string> = {
  groups: 'upstream groups era (2.6.39 to 3.11)',
  '1to1': 'upstream 1:1 era (3.12 to 3.15)',
  mq: 'upstream multi-queue era (3.16 and later)',
};

export interface EraEvidence {
  era: UpstreamEra;
  evidence: string[];
}

/** The era of the tree's xen-netback, or null when the tree has none. */
export function upstreamEra(tree: KernelTree): EraEvidence | null {
  const common = tree.read(UPSTREAM.common);
  const netback = tree.read(UPSTREAM.netback);
  if (common === undefined || netback === undefined) return null;
  if (/\bstruct\s+xenvif_queue\s*\{/.test(common)) {
    const evidence = [`${UPSTREAM.common}: struct xenvif_queue`];
    if (/\bxenvif_max_queues\b/.test(netback)) evidence.push(`${UPSTREAM.netback}: xenvif_max_queues`);
    return { era: 'mq', evidence };
  }
  if (/\bstruct\s+xen_netbk\s*\{/.test(netback)) {
    const evidence = [`${UPSTREAM.netback}: struct xen_netbk`];
    if (/\bxen_netbk_add_xenvif\s*\(/.test(netback)) evidence.push(`${UPSTREAM.netback}: xen_netbk_add_xenvif()`);
    return { era: 'groups', evidence };
  }
  const kthread = /\b(xenvif_kthread\w*)\s*\(/.exec(netback);
  if (kthread) {
    return {
      era: '1to1',
      evidence: [`${UPSTREAM.netback}: ${kthread[1]}() without struct xenvif_queue or struct xen_netbk`],
    };
  }
  return null;
}
