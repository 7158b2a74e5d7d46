#!/usr/bin/env node
// Builds the native programs (src/native/*.c) into dist/native/ with the system C compiler
// ($CC, else cc). Optional: without them lint-source does the same work in JS (same output,
// slower), so a missing or failing compiler is a warning and the build goes on; the tests
// (test/source/native-settle.test.ts, tree-census.test.ts) fail when a program is not there, so
// CI notices.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'src', 'native');
const outDir = join(root, 'dist', 'native');
const cc = process.env.CC || 'cc';
const flags = ['-O2', '-std=c11', '-Wall', '-Wextra', '-Werror'];

mkdirSync(outDir, { recursive: true });
const sources = readdirSync(srcDir).filter((f) => f.endsWith('.c')).sort();
if (spawnSync(cc, ['--version'], { stdio: 'ignore' }).error) {
  for (const f of sources) rmSync(join(outDir, f.slice(0, -2)), { force: true });
  console.error(`build-native: no C compiler (${cc}): lint-source will settle rg's files and walk the tree in JS (same findings, slower)`);
  process.exit(0);
}
for (const f of sources) {
  const out = join(outDir, f.slice(0, -2));
  const tmp = `${out}.tmp-${process.pid}`;
  const r = spawnSync(cc, [...flags, '-o', tmp, join(srcDir, f)], { stdio: 'inherit' });
  if (r.status !== 0) {
    rmSync(tmp, { force: true });
    rmSync(out, { force: true });
    console.error(`build-native: warning: ${cc} failed on src/native/${f}: lint-source will do its work in JS (same output, slower)`);
    continue;
  }
  renameSync(tmp, out);
}
