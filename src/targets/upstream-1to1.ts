/*
 * Upstream xen-netback, 1:1 era (3.12 to 3.15): one kthread and one NAPI instance per vif, no
 * groups and no queues. Not supported: detected by name so that a tree of this era gets an error
 * that says which era it is, instead of "no netback driver found".
 */
import { NetbackError } from '../core/errors.js';
import type { KernelTree } from '../patch/tree.js';
import type { Detection, Plan, Target } from './target.js';
import { ERA_NAMES, UPSTREAM, upstreamEra } from './upstream-files.js';

const ID = 'upstream-1to1';

function detect(tree: KernelTree): Detection | null {
  const e = upstreamEra(tree);
  return e?.era === '1to1' ? { confidence: 1, evidence: e.evidence } : null;
}

function plan(_policy: unknown, tree: KernelTree): Plan {
  throw new NetbackError(
    'unsupported-era',
    `${UPSTREAM.dir} is the ${ERA_NAMES['1to1']}, which netback-policy does not support`,
    {
      file: tree.root,
      hint: 'supported: pvops-2.6.32, upstream-groups (2.6.39 to 3.11), upstream-mq (3.16 and later)',
    },
  );
}

export const upstream1to1: Target = {
  id: ID,
  description: 'upstream xen-netback, 1:1 era (3.12 to 3.15): detected, not supported',
  files: [UPSTREAM.common, UPSTREAM.netback],
  anchors: [],
  detect,
  plan,
};
