/*
 * The 2.6.32 pvops netback (Jeremy Fitzhardinge's xen/stable-2.6.32.x): drivers/xen/netback/.
 * Groups of struct xen_netbk, one per online CPU; tasklets by default, kthreads with the
 * `netback_kthread` module parameter. Each knob is one change, in a fixed order, in ./pvops-*.ts.
 */
import type { Policy } from '../dsl/policy.js';
import type { KernelTree } from '../patch/tree.js';
import type { AnchorRef, Detection, Plan, Target } from './target.js';
import { PVOPS, pvopsAnchors } from './pvops-files.js';
import { planPvops } from './pvops-plan.js';

function detect(tree: KernelTree): Detection | null {
  const common = tree.read(PVOPS.common);
  const netback = tree.read(PVOPS.netback);
  if (common === undefined || netback === undefined) return null;
  const evidence: string[] = [];
  if (/\bstruct\s+xen_netbk\s*\{/.test(common)) evidence.push(`${PVOPS.common}: struct xen_netbk`);
  if (/\bxen_netbk_group_nr\b/.test(netback)) evidence.push(`${PVOPS.netback}: xen_netbk_group_nr`);
  if (/\bMODPARM_netback_kthread\b/.test(netback)) evidence.push(`${PVOPS.netback}: MODPARM_netback_kthread`);
  if (/\bstruct\s+xen_netif\s*\{/.test(common)) evidence.push(`${PVOPS.common}: struct xen_netif`);
  if (!evidence.length) return null;
  return { confidence: evidence.length / 4, evidence };
}

export const pvops2632: Target = {
  id: 'pvops-2.6.32',
  description: '2.6.32 pvops netback (drivers/xen/netback/, xen/stable-2.6.32.x): groups, tasklet or kthread',
  files: [PVOPS.common, PVOPS.netback, PVOPS.interface, PVOPS.xenbus],
  anchors: pvopsAnchors as readonly AnchorRef[],
  detect,
  plan: (policy: Policy, tree: KernelTree): Plan => planPvops(policy, tree),
};
