/*
 * The census (src/native/tree-census.c, tree-census.ts) stands for the JS walk on the rg path:
 * on a fixture tree built to trip each of the walk's rules (symbolic links of every kind, .git,
 * a directory named like a source file, a FIFO, Kbuild names the program cannot decide, bytes
 * that are not UTF-8, line breaks in names), for each option set and spelling of the inputs, it
 * counts what the walk hands out and gives the walk's notes; walks() accepts exactly the walk's
 * paths; it declines the inputs it does not cover; and a failing census leaves lint-source's
 * result as it is without one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classifyInputs, type WalkOptions } from '../../src/lint/source/walk.js';
import { censusArgs, startCensus } from '../../src/lint/source/tree-census.js';
import { nativeDir } from '../../src/lint/source/native-program.js';
import { lintSourcePaths, type LintSourceResult } from '../../src/linters/source-tree.js';

const BIN = join(nativeDir(), 'tree-census');
const tmp = mkdtempSync(join(tmpdir(), 'nbp-census-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const root = join(tmp, 'tree');
const other = join(tmp, 'other');
const plain = join(tmp, 'plain');

const lock = 'static void f(struct dev *d)\n{\n\tstatic DEFINE_SPINLOCK(l);\n}\n';

beforeAll(() => {
  const files: Array<string | Buffer> = [
    'a.c', 'b.h', 'notes.txt', 'x.cc', 'drivers/net/n.c', 'drivers/net/Makefile', 'drivers/net/Kbuild',
    'scripts/Makefile.lib', 'scripts/Kbuild.include', 'Makefile.c', 'Makefilex', 'Kbuild.', 'lib.c/inner.c',
    '.hidden/h.c', '.git/objects/x.c', 'sub/.git/y.c', 'deep/a/b/c/d/e.h', 'Makefile.\u00e9', 'Kbuild.\nx',
    'line\nbreak.c', 'Makefile.\u2028',
  ];
  for (const p of files) {
    const full = join(root, String(p));
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, lock);
  }
  // A name that is not UTF-8; a regular file named .git; an empty directory.
  writeFileSync(Buffer.from(join(root, 'drivers/bad-\xff.c'), 'latin1'), lock);
  writeFileSync(join(root, 'sub', '.git-file.c'), lock);
  writeFileSync(join(root, 'drivers', '.git'), 'gitdir: elsewhere\n');
  mkdirSync(join(root, 'empty'));
  execFileSync('mkfifo', [join(root, 'fifo.c')]);
  // Symbolic links: to a file and a directory inside, out of the tree, dangling, without a dot,
  // with an ending not taken.
  writeFileSync(join(tmp, 'outside.c'), lock);
  symlinkSync('a.c', join(root, 'in-link.c'));
  symlinkSync('drivers', join(root, 'drivers-link'));
  symlinkSync(join(tmp, 'outside.c'), join(root, 'drivers/out-link.c'));
  symlinkSync(tmp, join(root, 'outdir'));
  symlinkSync('missing.h', join(root, 'deep/a/dangling.h'));
  symlinkSync(join(tmp, 'outside.c'), join(root, 'out.txt'));
  symlinkSync(join(tmp, 'outside.c'), join(root, 'Makefile.out'));
  mkdirSync(join(other, 'x'), { recursive: true });
  writeFileSync(join(other, 'x', 'o.c'), lock);
  symlinkSync(join(tmp, 'outside.c'), join(other, 'x', 'away.h'));
  // For lint-source end to end: names rg's output can carry (no line breaks), a finding of
  // each kind, links, .git.
  for (const [p, text] of [
    ['a.c', lock],
    ['drivers/net/n.c', lock],
    ['drivers/net/Makefile', 'ccflags-y += -DDEBUG\n'],
    ['drivers/net/dbg.c', '#define DEBUG\n'],
    ['.git/x.c', lock],
    ['lib.c/inner.c', lock],
  ]) {
    mkdirSync(join(plain, p!, '..'), { recursive: true });
    writeFileSync(join(plain, p!), text!);
  }
  symlinkSync(join(tmp, 'outside.c'), join(plain, 'drivers/out-link.c'));
  symlinkSync('missing.h', join(plain, 'dangling.h'));
});

/** The JS walk to its end: what it hands out and notes. */
function walkInJs(inputs: string[], opts: WalkOptions) {
  const { walker } = classifyInputs(inputs, opts);
  const paths = walker.takeAll();
  return { count: paths.length, notes: [...walker.notes].sort(), paths };
}

async function census(inputs: string[], opts: WalkOptions) {
  const { walker } = classifyInputs(inputs, opts);
  const c = await startCensus(walker);
  return c && { count: c.count, notes: [...c.notes].sort() };
}

/** A shell script standing in for the census program. */
function program(name: string, body: string): string {
  const p = join(tmp, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
}

async function inDir(dir: string, f: () => Promise<void>): Promise<void> {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    await f();
  } finally {
    process.chdir(cwd);
  }
}

const OPTIONS: WalkOptions[] = [{}, { extensions: ['.c'], kbuild: false }, { extensions: ['.h', '.txt'] }, { extensions: ['.c', 'c'], kbuild: true }];

describe('tree-census', () => {
  it('is built', () => {
    expect(spawnSync(BIN, ['--bogus']).status).toBe(2);
  });

  it.each(OPTIONS)('counts and notes what the JS walk hands out and notes (%j)', async (opts) => {
    const js = walkInJs([root], opts);
    expect(js.count).toBeGreaterThan(3);
    expect(await census([root], opts)).toEqual({ count: js.count, notes: js.notes });
  });

  it('the fixture trips the walk rules it was built for', () => {
    const js = walkInJs([root], {});
    const rel = js.paths.map((p) => p.slice(root.length + 1)).sort();
    expect(rel).toContain('lib.c/inner.c');
    expect(rel).toContain('.hidden/h.c');
    expect(rel).toContain('Makefile.c');
    expect(rel).toContain('Makefile.\u00e9');
    expect(rel).toContain('line\nbreak.c');
    expect(rel.some((p) => p.startsWith('drivers/bad-'))).toBe(true);
    expect(rel.filter((p) => p.includes('.git/'))).toEqual([]);
    expect(rel).not.toContain('fifo.c');
    expect(rel).not.toContain('Kbuild.\nx');
    expect(rel).not.toContain('Makefile.\u2028');
    expect(rel).not.toContain('in-link.c');
    expect(js.notes).toEqual([
      `${root}/Makefile.out: symbolic link out of the tree (to ${tmp}/outside.c), not followed`,
      `${root}/deep/a/dangling.h: dangling symbolic link, skipped`,
      `${root}/drivers/out-link.c: symbolic link out of the tree (to ${tmp}/outside.c), not followed`,
      `${root}/outdir: symbolic link out of the tree (to ${tmp}), not followed`,
    ]);
  });

  it.each([
    ['.', () => ['.'], root],
    ['./', () => ['./'], root],
    ['relative with a trailing slash', () => ['tree/'], tmp],
    ['two inputs side by side', () => [root, other], tmp],
    ['two relative inputs', () => ['tree', 'other/x'], tmp],
  ])('inputs spelt %s', async (_, inputs, cwd) => {
    await inDir(cwd, async () => {
      const js = walkInJs(inputs(), {});
      expect(await census(inputs(), {})).toEqual({ count: js.count, notes: js.notes });
    });
  });

  it('walks() accepts exactly the paths the walk hands out', () => {
    const { walker } = classifyInputs([root, other], {});
    const js = walkInJs([root, other], {});
    for (const p of js.paths) expect(walker.walks(p)).toBe(true);
    for (const p of [
      `${root}/.git/objects/x.c`, `${root}/sub/.git/y.c`, `${root}/notes.txt`, `${root}/x.cc`, `${root}/Kbuild.\nx`,
      `${root}//a.c`, `${root}/./a.c`, `${root}/drivers/../a.c`, `${tmp}/outside.c`, `${root}/`, 'a.c',
    ]) {
      expect(walker.walks(p)).toBe(false);
    }
    const named = classifyInputs([root, join(root, 'a.c')], {}).walker;
    expect(named.walks(join(root, 'a.c'))).toBe(false);
    expect(named.walks(join(root, 'b.h'))).toBe(true);
  });

  it.each([
    ['nested inputs', [root, join(root, 'drivers')], {}],
    ['. beside another input', ['.', root], {}],
    ['an ending that is not ASCII', [root], { extensions: ['.\u00e9'] }],
  ])('declines %s (the walk runs in JS)', (_, inputs, opts) => {
    expect(censusArgs(classifyInputs(inputs as string[], opts as WalkOptions).walker)).toBeUndefined();
  });

  it('fails on a directory it cannot open, so that the walk notes it', async () => {
    // As root (CI) permissions do not stop a read: an input that is gone by the time it runs.
    const gone = join(tmp, 'gone');
    mkdirSync(gone);
    const { walker } = classifyInputs([gone], {});
    rmSync(gone, { recursive: true });
    expect(censusArgs(walker)).toEqual(['-k', '-e', '.c', '-e', '.h', '--', `${gone}/`]);
    expect(await startCensus(walker)).toBeUndefined();
  });
});

describe('lint-source with and without the census', () => {
  const saved = process.env['NETBACK_POLICY_CENSUS'];
  afterEach(() => {
    if (saved === undefined) delete process.env['NETBACK_POLICY_CENSUS'];
    else process.env['NETBACK_POLICY_CENSUS'] = saved;
  });
  const comparable = (r: LintSourceResult) => ({ findings: r.findings, notes: r.notes, stats: { ...r.stats, ms: 0 } });

  it('runs on the rg path, and its result is the JS walk\'s', async () => {
    const log = join(tmp, 'census-ran');
    process.env['NETBACK_POLICY_CENSUS'] = program('logging-census', `echo "$@" > '${log}'\nexec '${BIN}' "$@"`);
    const r = await lintSourcePaths([plain, other], { jobs: 1 });
    expect(readFileSync(log, 'utf8')).toBe(`-k -e .c -e .h -- ${plain}/ ${other}/\n`);
    process.env['NETBACK_POLICY_CENSUS'] = 'off';
    expect(comparable(r)).toEqual(comparable(await lintSourcePaths([plain, other], { jobs: 1 })));
  });

  it.each([
    ['off', () => 'off'],
    ['failing', () => program('bad-census', 'printf "n1\\0"\nexit 1')],
    ['miscounting', () => program('wrong-census', 'printf "n1\\0"')],
  ])('census %s: the same result as with it, from the JS walk', async (_, make) => {
    const opts = { jobs: 1, maxSize: 4096 };
    const withCensus = await lintSourcePaths([plain, other], opts);
    expect(withCensus.stats.selector).toBe('rg');
    process.env['NETBACK_POLICY_CENSUS'] = make();
    const without = await lintSourcePaths([plain, other], opts);
    expect(without.stats.selector).toBe('rg');
    expect(comparable(without)).toEqual(comparable(withCensus));
    expect(withCensus.findings.map((f) => `${f.file.slice(tmp.length + 1)}:${f.line} ${f.ruleId}`).sort()).toEqual([
      'other/x/o.c:3 function-static-lock',
      'plain/a.c:3 function-static-lock',
      'plain/drivers/net/Makefile:1 debug-enabled-in-source',
      'plain/drivers/net/dbg.c:1 debug-enabled-in-source',
      'plain/drivers/net/n.c:3 function-static-lock',
      'plain/lib.c/inner.c:3 function-static-lock',
    ]);
    expect(withCensus.notes).toHaveLength(3);
    expect(withCensus.stats.files).toBe(6);
  });
});
