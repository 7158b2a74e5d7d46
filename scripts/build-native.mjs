#!/usr/bin/env node
// Builds the native programs into dist/native/ with the system C compiler ($CC, else cc): each
// src/native/NAME.c is one program, and each directory src/native/NAME/ is one program made of
// its .c files (its headers beside them). Optional: without them lint-source does the same work
// in JS (same output, slower), so a missing or failing compiler is a warning and the build goes
// on; the tests (test/source/native-settle.test.ts) fail when a program is
// not there, so CI notices. Usage: build-native.mjs [SRC_DIR OUT_DIR] (the defaults above; the
// build's own test gives others).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = process.argv[2] ?? join(root, 'src', 'native');
const outDir = process.argv[3] ?? join(root, 'dist', 'native');
const cc = process.env.CC || 'cc';
const flags = ['-O2', '-std=c11', '-Wall', '-Wextra', '-Werror'];

mkdirSync(outDir, { recursive: true });
// Program name -> its C files.
const programs = new Map();
for (const f of readdirSync(srcDir).sort()) {
  const path = join(srcDir, f);
  if (statSync(path).isDirectory()) {
    const files = readdirSync(path)
      .filter((c) => c.endsWith('.c'))
      .sort()
      .map((c) => join(path, c));
    if (files.length) programs.set(f, files);
  } else if (f.endsWith('.c')) programs.set(f.slice(0, -2), [path]);
}
if (spawnSync(cc, ['--version'], { stdio: 'ignore' }).error) {
  for (const name of programs.keys()) rmSync(join(outDir, name), { force: true });
  console.error(
    `build-native: no C compiler (${cc}): lint-source will settle rg's files and walk the tree in JS (same findings, slower)`,
  );
  process.exit(0);
}
for (const [name, files] of programs) {
  const out = join(outDir, name);
  const tmp = `${out}.tmp-${process.pid}`;
  const r = spawnSync(cc, [...flags, '-o', tmp, ...files], { stdio: 'inherit' });
  if (r.status !== 0) {
    rmSync(tmp, { force: true });
    rmSync(out, { force: true });
    console.error(
      `build-native: warning: ${cc} failed on ${join(srcDir, name)}: lint-source will do its work in JS (same output, slower)`,
    );
    continue;
  }
  renameSync(tmp, out);
}
