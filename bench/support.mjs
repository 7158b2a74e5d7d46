// Shared by the benches: whole-process wall time of `node ARGS`, median of `runs` after one
// run that warms the page cache (the first run is discarded).
import { spawnSync } from 'node:child_process';

export function medianProcessMs(args, runs = Number(process.env.BENCH_RUNS ?? 10)) {
  const ms = [];
  for (let i = 0; i < runs + 1; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
    if (i) ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)];
}
