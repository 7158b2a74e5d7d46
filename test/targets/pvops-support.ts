/* Helpers for the pvops series tests: git copies of sample trees, gcc against the stub headers. */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { REPO } from '../support/cli.js';
import type { Policy } from '../../src/dsl/policy.js';
import { generate } from '../../src/generate/generate.js';
import { linuxTree } from '../support/linux-tree.js';

export const SAMPLE = join(REPO, 'samples', 'trees', 'pvops-2.6.32');
export const STUBS = join(REPO, 'test', 'stubs', 'include');
const GIT = ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false'];

export function tmp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `nbp-${prefix}-`));
}

/** A git repository holding a copy of `src` (one commit). */
export function gitCopy(src: string, mutate?: (dir: string) => void): string {
  const dir = tmp('tree');
  cpSync(src, dir, { recursive: true });
  mutate?.(dir);
  execFileSync('git', ['init', '-q', dir]);
  execFileSync('git', [...GIT, '-C', dir, 'add', '-A']);
  execFileSync('git', [...GIT, '-C', dir, 'commit', '-qm', 'base']);
  return dir;
}

export function gitAm(dir: string, patch: string): { ok: boolean; err: string } {
  const r = spawnSync('git', [...GIT, '-C', dir, 'am', '-q', patch], { encoding: 'utf8' });
  return { ok: r.status === 0, err: r.stderr + r.stdout };
}

/** Every .c file of the tree through `gcc -fsyntax-only -Wall -Werror` with the stub headers. */
export function gccCheck(dir: string): string[] {
  // The driver must be there (a readdir error fails the test); kernel/irq only in trees that carry it.
  const dirs = ['drivers/xen/netback', ...(existsSync(join(dir, 'kernel/irq')) ? ['kernel/irq'] : [])];
  const files = dirs.flatMap((d) =>
    readdirSync(join(dir, d))
      .filter((f) => f.endsWith('.c'))
      .map((f) => join(d, f)),
  );
  if (!files.some((f) => f.startsWith('drivers/xen/netback/')))
    throw new Error(`gccCheck: no .c file in ${dir}/drivers/xen/netback`);
  const errors: string[] = [];
  for (const f of files) {
    const r = spawnSync(
      'gcc',
      ['-fsyntax-only', '-std=gnu99', '-Wall', '-Werror', '-Wdeclaration-after-statement', '-nostdinc', '-I', STUBS, f],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) errors.push(`${f}: ${r.stderr}`);
  }
  return errors;
}

/** Generates the series for `policy` on `tree` and writes it into a fresh directory. */
export function writeSeries(policy: Policy, tree: string, extra: { target?: string; date?: string } = {}) {
  const out = tmp('out');
  const r = generate(policy, { tree, out, version: '0.0.0-test', ...extra });
  mkdirSync(out, { recursive: true });
  for (const [name, text] of r.files) writeFileSync(join(out, name), text);
  const names = [...r.files.keys()].filter((k) => /^\d{4}-/.test(k) && !k.startsWith('0000'));
  return { out, names, result: r };
}

export function cleanup(...dirs: string[]): void {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

export interface EraCheckpatch {
  status: number | null;
  /** One `{ errors, warnings }` per patch, from checkpatch's `total:` lines. */
  totals: Array<{ errors: number; warnings: number }>;
  output: string;
}

/**
 * checkpatch.pl from the real 6.1 tree over `files`, with the limits of a pre-4.x era (80
 * columns) unless `maxLineLength` says otherwise. The caller asserts a `total:` line per patch and
 * the exit status, so a checkpatch that did not run (missing file: exit 2, no totals) fails.
 */
export function eraCheckpatch(files: string[], maxLineLength = 80): EraCheckpatch {
  const root = linuxTree();
  const r = spawnSync(
    'perl',
    [join(root, 'scripts', 'checkpatch.pl'), '--no-tree', '--no-color', `--max-line-length=${maxLineLength}`, ...files],
    {
      encoding: 'utf8',
    },
  );
  const output = `${r.stdout}${r.stderr}`;
  const totals = [...output.matchAll(/^total: (\d+) errors, (\d+) warnings/gm)].map((m) => ({
    errors: Number(m[1]),
    warnings: Number(m[2]),
  }));
  return { status: r.status, totals, output };
}
