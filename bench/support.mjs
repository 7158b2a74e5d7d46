// Shared by the benches: the median of a list, and the whole-process wall time of `node ARGS`,
// median of `runs` after one run that warms the page cache (the first run is discarded).
import { spawnSync } from 'node:child_process';

/** The median of `xs` (the upper one of an even count); `xs` is not changed. */
export function median(xs) {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

export function medianProcessMs(args, runs = Number(process.env.BENCH_RUNS ?? 10)) {
  const ms = [];
  for (let i = 0; i < runs + 1; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
    if (i) ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(ms);
}
