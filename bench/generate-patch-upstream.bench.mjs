#!/usr/bin/env node
// generate-patch wall time on the real linux-6.1 tree (upstream-mq, seed-recommended policy:
// 3 patches) and on our upstream-groups sample tree, whole process, --dry-run and a real write,
// as a ratio to `node -e 0`. Run after `npm run build`; the real tree is the one the tests
// extract (missing: the sample rows still run, then the bench fails).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { medianProcessMs } from './support.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'src', 'cli.js');
const linux = join(process.env.NETBACK_POLICY_CACHE ?? join(tmpdir(), 'netback-policy-cache'), 'linux-source-6.1');
const groups = join(root, 'samples', 'trees', 'upstream-groups-3.0');
const policy = join(root, 'samples', 'policies', 'seed-recommended.ts');
const outDir = mkdtempSync(join(tmpdir(), 'nbp-bench-upstream-'));
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

const time = (args) => medianProcessMs(args, RUNS);

const row = (name, ms) =>
  console.log(`${name.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms   ${(ms / base).toFixed(2)}x node -e 0`);
const base = time(['-e', '0']);
console.log(`median of ${RUNS} runs`);
row('node -e 0', base);
try {
  if (existsSync(join(linux, '.extracted'))) {
    row('upstream-mq linux-6.1 --dry-run', time([cli, 'generate-patch', policy, '--tree', linux, '--dry-run']));
    row(
      'upstream-mq linux-6.1 (3 patches written)',
      time([cli, 'generate-patch', policy, '--tree', linux, '--out', join(outDir, 'mq')]),
    );
  } else {
    console.error(
      `generate-patch-upstream bench: FAILED: ${linux} not extracted (run the tests once to extract linux-source-6.1)`,
    );
    process.exitCode = 1;
  }
  row('upstream-groups sample --dry-run', time([cli, 'generate-patch', policy, '--tree', groups, '--dry-run']));
  row(
    'upstream-groups sample (2 patches written)',
    time([cli, 'generate-patch', policy, '--tree', groups, '--out', join(outDir, 'groups')]),
  );
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
