#!/usr/bin/env node
// Policy loading and check-policy, whole process, as ratios to `node -e 0` (mean of N runs after
// one warm-up). Loading is on every generate-patch; check-policy pays for ts-morph.
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'src', 'cli.js');
const seed = join(root, 'samples', 'policies', 'seed-recommended.ts');
const loader = pathToFileURL(join(root, 'dist', 'src', 'dsl', 'load.js')).href;
const N = Number(process.env.BENCH_RUNS ?? 10);

function time(args) {
  const run = () => {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  run();
  const ms = Array.from({ length: N }, run).sort((a, b) => a - b);
  return { mean: ms.reduce((a, b) => a + b, 0) / N, median: ms[N >> 1] };
}

const base = time(['-e', '0']);
const rows = [
  ['node -e 0', base],
  ['netback-policy --help', time([cli, '--help'])],
  [
    'loadPolicyFile(seed-recommended.ts)',
    time([
      '--input-type=module',
      '-e',
      `const { loadPolicyFile } = await import(${JSON.stringify(loader)}); ` +
        `await loadPolicyFile(${JSON.stringify(seed)});`,
    ]),
  ],
  ['check-policy --no-types seed-recommended.ts', time([cli, 'check-policy', '--no-types', seed])],
  ['check-policy seed-recommended.ts', time([cli, 'check-policy', seed])],
];
console.log(`policy (whole process, ${N} runs each)`);
for (const [name, t] of rows) {
  console.log(
    `  ${name.padEnd(46)} mean ${t.mean.toFixed(0).padStart(5)} ms  median ${t.median.toFixed(0).padStart(5)} ms  ` +
      `${(t.mean / base.mean).toFixed(2)}x node -e 0`,
  );
}
