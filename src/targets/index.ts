/* Every netback flavour the engine knows. A new era = one import and one entry. */
import type { Target } from './target.js';
import { pvops2632 } from './pvops-2_6_32.js';
import { upstreamMq } from './upstream-mq.js';
import { upstreamGroups } from './upstream-groups.js';
import { upstream1to1 } from './upstream-1to1.js';

export const TARGETS: readonly Target[] = [pvops2632, upstreamMq, upstreamGroups, upstream1to1];

export function targetIds(): string[] {
  return TARGETS.map((t) => t.id);
}
