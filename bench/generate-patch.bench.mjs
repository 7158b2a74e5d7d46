#!/usr/bin/env node
// generate-patch wall time on the sample pvops tree (seed-recommended policy, whole process,
// --dry-run and a real write), as a ratio to `node -e 0`. Run after `npm run build`.
import { mkdtempSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { medianProcessMs } from './support.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'src', 'cli.js');
const tree = join(root, 'samples', 'trees', 'pvops-2.6.32');
const policy = join(root, 'samples', 'policies', 'seed-recommended.ts');
const outDir = mkdtempSync(join(tmpdir(), 'nbp-bench-'));
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

const time = (args) => medianProcessMs(args, RUNS);

const base = time(['-e', '0']);
const dry = time([cli, 'generate-patch', policy, '--tree', tree, '--dry-run']);
const write = time([cli, 'generate-patch', policy, '--tree', tree, '--out', join(outDir, 'patches')]);
rmSync(outDir, { recursive: true, force: true });
const row = (name, ms) =>
  console.log(`${name.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms   ${(ms / base).toFixed(2)}x node -e 0`);
console.log(`median of ${RUNS} runs`);
row('node -e 0', base);
row('generate-patch --dry-run', dry);
row('generate-patch (5 patches written)', write);
