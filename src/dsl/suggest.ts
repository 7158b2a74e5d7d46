/*
 * "Did you mean": the closest known name to a misspelt one, by edit distance, ignoring case.
 * Only close matches are offered; a wild guess is worse than the list of known names.
 */

import { editDistance as distance } from '../core/edit-distance.js';

/** The best candidate within max(2, length/3) edits, or undefined. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(w, c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}
