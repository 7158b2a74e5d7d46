/* "Did you mean": the candidates closest to a missing name, for anchor errors. */

import { editDistance as distance } from '../core/edit-distance.js';

/** Up to `n` distinct candidates, closest first (ties: input order); long ones are cut. */
export function nearest(name: string, candidates: string[], n: number): string[] {
  const uniq = [...new Set(candidates)];
  return uniq
    .map((c, i) => ({ c, i, d: distance(name, c.slice(0, name.length + 20)) }))
    .sort((x, y) => x.d - y.d || x.i - y.i)
    .slice(0, n)
    .map(({ c }) => (c.length > 60 ? `${c.slice(0, 57)}...` : c));
}
