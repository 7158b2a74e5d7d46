/* "Did you mean": the candidates closest to a missing name, for anchor errors. */

function distance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** Up to `n` distinct candidates, closest first (ties: input order); long ones are cut. */
export function nearest(name: string, candidates: string[], n: number): string[] {
  const uniq = [...new Set(candidates)];
  return uniq
    .map((c, i) => ({ c, i, d: distance(name, c.slice(0, name.length + 20)) }))
    .sort((x, y) => x.d - y.d || x.i - y.i)
    .slice(0, n)
    .map(({ c }) => (c.length > 60 ? `${c.slice(0, 57)}...` : c));
}
