/**
 * A seeded generator of integers in [0, n) (mulberry32), for generated test files that are the
 * same on every run. An LCG's low bits repeat in short cycles, and so did the files' shapes.
 */
export function seededRandom(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}
