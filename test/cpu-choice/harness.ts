/*
 * The userspace harness for the generated CPU-choice code: the helper functions and their
 * file-scope state are cut out of a patched file by name, compiled with gcc against
 * cpu-choice-stubs.h and a small driver (a main() that reads commands on stdin), and run. The
 * tests compare what the compiled code chooses with the model (./model.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cText } from '../../src/patch/c-text.js';
import { findFileStatements, findFunction, hasFunction } from '../../src/patch/locate.js';

const HERE = new URL('.', import.meta.url).pathname;
const dirs: string[] = [];
process.once('exit', () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * The text of the file-scope statements matching `statics` and of the named functions (those in
 * `optional` only when present), in file order, so each is declared before its callers.
 */
export function extract(
  path: string,
  text: string,
  functions: string[],
  statics: RegExp,
  optional: string[] = [],
): string {
  const src = cText(path, text);
  const spans = findFileStatements(src, statics).map((s) => ({ start: s.start, end: s.end }));
  for (const name of [...functions, ...optional.filter((n) => hasFunction(src, n))]) {
    const fn = findFunction(src, name);
    spans.push({ start: fn.start, end: fn.end });
  }
  return spans
    .sort((a, b) => a.start - b.start)
    .map((s) => text.slice(s.start, s.end))
    .join('\n\n');
}

/** Compiles `program` (C, including the stubs) with warnings as errors; returns the binary. */
export function compile(program: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nbp-cpu-choice-'));
  dirs.push(dir);
  const c = join(dir, 'prog.c');
  writeFileSync(c, program);
  const bin = join(dir, 'prog');
  const r = spawnSync(
    'gcc',
    ['-std=gnu11', '-O1', '-Wall', '-Werror', '-Wno-unused-function', '-I', HERE, '-o', bin, c],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`gcc failed:\n${r.stderr}\n--- program ---\n${program}`);
  return bin;
}

/** Runs the binary with `input` on stdin; its stdout, split into lines of numbers. */
export function run(bin: string, input: string): number[][] {
  const r = spawnSync(bin, [], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${bin} exited ${r.status}: ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ').map(Number));
}

/** A hex online mask for the driver's `online` command. */
export function maskOf(cpus: number[]): string {
  return cpus.reduce((m, c) => m | (1n << BigInt(c)), 0n).toString(16);
}
