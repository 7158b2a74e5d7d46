/*
 * The rg-accelerated candidate selection: on a fixture tree built to trip every way rg's file
 * set could differ from our walk's (ignore files, hidden directories, .git, binary bytes, a
 * BOM, oversize files, symlinks, word ends, a token across a newline), the rg path and the pure
 * JS path give the same findings, notes and counts, inline and on the worker pool; and rg
 * missing or failing falls back to JS with the same result.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lintSourcePaths, type LintSourceResult } from '../../src/linters/source-tree.js';
import { extensionGlob, rgArgs, tokenPattern } from '../../src/lint/source/selection/rg-select.js';
import { rgQuery } from '../../src/linters/source-tree.js';
import { SOURCE_RULES } from '../../rules/source/index.js';
import { CASES } from './table.js';
import { REPO, runCli } from '../support/cli.js';

/** The worker pool runs dist/ (its threads load worker.js): --jobs 2 runs go through the build. */
type Lint = typeof lintSourcePaths;
const built: Lint = async (...a) =>
  ((await import(join(REPO, 'dist', 'src', 'linters', 'source-tree.js'))) as { lintSourcePaths: Lint }).lintSourcePaths(
    ...a,
  );
const lint: (jobs: number) => Lint = (jobs) => (jobs > 1 ? built : lintSourcePaths);

const tmp = mkdtempSync(join(tmpdir(), 'nbp-rg-select-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const fn = (body: string) => `static void f(struct dev *d)\n{\n${body}\n}\n`;

/** [path, content, finding expected as `rule@line` or none] */
const FILES: Array<[string, string | Buffer, string?]> = [
  ['a.c', fn('\tstatic DEFINE_SPINLOCK(l);'), 'function-static-lock@3'],
  // rg skips these by default: ignore files, hidden directories, .git.
  ['ignored.c', fn('\tstatic DEFINE_MUTEX(m);'), 'function-static-lock@3'],
  ['.gitignore', 'ignored.c\nsub/\n'],
  ['.ignore', '*.c\n'],
  ['sub/in-ignored-dir.c', fn('\tstatic spinlock_t l;'), 'function-static-lock@3'],
  ['.hidden/h.c', fn('\tstatic rwlock_t l;'), 'function-static-lock@3'],
  ['.git/objects/x.c', fn('\tstatic DEFINE_MUTEX(m);')],
  // A NUL before the lock (rg would call it binary and stop), a UTF-16 BOM (rg would transcode).
  [
    'bin.c',
    Buffer.concat([Buffer.from('/* \0 */\n'), Buffer.from(fn('\tstatic DEFINE_SEQLOCK(s);'))]),
    'function-static-lock@4',
  ],
  [
    'bom.c',
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fn('\tstatic DEFINE_RWLOCK(l);'))]),
    'function-static-lock@3',
  ],
  // A latin-1 byte right after a token: a word end for us; not valid UTF-8 for rg.
  [
    'latin1.c',
    Buffer.concat([Buffer.from(fn('\tstatic struct mutex m;')), Buffer.from('/* mutex\xe9 */\n', 'latin1')]),
    'function-static-lock@3',
  ],
  // A name in UTF-8 (rg prints bytes); `#ifdef DEBUG` (rg lists it, its line rules it out).
  ['drivers/net/pilote-réseau.c', fn('\tstatic DEFINE_MUTEX(m);'), 'function-static-lock@3'],
  ['drivers/net/ifdef.c', '#ifdef DEBUG\nint x;\n#endif\n'],
  // `struct` ending a line, `mutex` at the start of the next: no blank before the tag.
  ['newline.c', fn('\tstatic struct\nmutex m;'), 'function-static-lock@3'],
  ['crlf.c', fn('\tstatic struct\r\nmutex m;').replace(/\n/g, '\r\n'), 'function-static-lock@3'],
  // Word ends: none of these is a lock or DEBUG.
  ['words.c', fn('\tmutex_lock(&m);\n\tspinlock_type x;') + '#define DEBUG_FS 1\n'],
  ['drivers/net/Makefile', 'obj-m += foo.o\nccflags-y += -DDEBUG\n', 'debug-enabled-in-source@2'],
  ['drivers/net/Kbuild.include', 'ccflags-y += -DVERBOSE_DEBUG\n', 'debug-enabled-in-source@1'],
  ['drivers/net/dbg.c', '#define DEBUG\n#include <linux/kernel.h>\n', 'debug-enabled-in-source@1'],
  [
    'drivers/net/grant.c',
    fn('\tspin_lock(&d->l);\n\tgnttab_batch_copy(ops, n);\n\tspin_unlock(&d->l);'),
    'lock-held-across-grant-copy@4',
  ],
  // Not walked: other endings.
  ['notes.txt', fn('\tstatic DEFINE_MUTEX(m);')],
  ['x.cc', fn('\tstatic DEFINE_MUTEX(m);')],
  // Over --max-size (a note on both paths), with and without a token.
  ['big.c', fn('\tstatic DEFINE_MUTEX(m);') + '/*' + 'x'.repeat(5000) + '*/\n'],
  ['big-plain.c', '/*' + 'x'.repeat(5000) + '*/\n'],
];

const MAX = 4096;
let root: string;
let many: string;

beforeAll(() => {
  root = join(tmp, 'tree');
  for (const [p, content] of FILES) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), content);
  }
  // Symlinks: out of the tree (a note), inside the tree (scanned where it lives), dangling.
  writeFileSync(join(tmp, 'outside.c'), fn('\tstatic DEFINE_MUTEX(m);'));
  symlinkSync(join(tmp, 'outside.c'), join(root, 'out-link.c'));
  symlinkSync('a.c', join(root, 'in-link.c'));
  symlinkSync('missing.c', join(root, 'dangling.c'));
  // Enough files for the worker pool (it starts at 256 walked files).
  many = join(tmp, 'many');
  for (let k = 0; k < 700; k++) {
    const dir = join(many, `d${k % 7}`);
    mkdirSync(dir, { recursive: true });
    const body = k % 50 === 0 ? '\tstatic DEFINE_SPINLOCK(l);' : k % 3 === 0 ? '\tspin_lock(&d->lock);' : '\treturn;';
    writeFileSync(join(dir, `f${k}.c`), fn(body));
  }
  writeFileSync(join(many, 'd3', '.gitignore'), '*\n');
});

const saved = process.env['NETBACK_POLICY_RG'];
afterEach(() => {
  if (saved === undefined) delete process.env['NETBACK_POLICY_RG'];
  else process.env['NETBACK_POLICY_RG'] = saved;
});

/** Everything but the timing and who selected the files. */
const comparable = (r: LintSourceResult) => ({
  findings: r.findings,
  notes: r.notes,
  stats: { ...r.stats, ms: 0, selector: '' },
});

describe('rg candidate selection', () => {
  it.each([1, 2, 3])(
    'fixture tree, --jobs %i: rg and pure JS agree, and both find every planted finding',
    async (jobs) => {
      const rg = await lint(jobs)([root], { jobs, maxSize: MAX });
      const js = await lint(jobs)([root], { jobs, maxSize: MAX, rg: false });
      expect(rg.stats.selector).toBe('rg');
      expect(js.stats.selector).toBe('js');
      expect(comparable(rg)).toEqual(comparable(js));
      const want = FILES.filter(([, , w]) => w)
        .map(([p, , w]) => `${join(root, p)} ${w}`)
        .sort();
      expect(rg.findings.map((f) => `${f.file} ${f.ruleId}@${f.line}`).sort()).toEqual(want);
      expect(rg.notes).toEqual([
        `${join(root, 'big-plain.c')}: larger than --max-size ${MAX} bytes, skipped`,
        `${join(root, 'big.c')}: larger than --max-size ${MAX} bytes, skipped`,
        `${join(root, 'dangling.c')}: dangling symbolic link, skipped`,
        `${join(root, 'out-link.c')}: symbolic link out of the tree (to ${join(tmp, 'outside.c')}), not followed`,
      ]);
    },
  );

  it.each([
    ['from its parent', (r: string) => [r], tmp],
    ['as .', () => ['.'], 'root'],
    ['as ./ with a file also named', () => ['./', 'a.c'], 'root'],
  ])('paths spelt %s are matched to rg output', async (_, args, cwdName) => {
    const cwd = process.cwd();
    process.chdir(cwdName === 'root' ? root : cwdName);
    try {
      const rg = await lintSourcePaths(args(root), { jobs: 1, maxSize: MAX });
      const js = await lintSourcePaths(args(root), { jobs: 1, maxSize: MAX, rg: false });
      expect(rg.stats.selector).toBe('rg');
      expect(rg.findings.length).toBe(FILES.filter(([, , w]) => w).length);
      expect(comparable(rg)).toEqual(comparable(js));
    } finally {
      process.chdir(cwd);
    }
  });

  it.each([
    [{ extensions: ['.c'], kbuild: false }, 12],
    [{ extensions: ['.h', '.txt'] }, 3],
    [{ rules: ['debug-enabled-in-source'] }, 3],
    [{ disable: ['function-static-lock'] }, 4],
  ])('options %j: rg and JS agree (%i findings)', async (o, n) => {
    const rg = await lintSourcePaths([root], { jobs: 1, maxSize: MAX, ...o });
    const js = await lintSourcePaths([root], { jobs: 1, maxSize: MAX, ...o, rg: false });
    expect(rg.stats.selector).toBe('rg');
    expect(rg.findings).toHaveLength(n);
    expect(comparable(rg)).toEqual(comparable(js));
  });

  it('700 files on the worker pool (ignore file included): same result as JS', async () => {
    // On the rg path the threads start from 3 jobs (fewer scan in the main thread).
    const rg = await built([many], { jobs: 3 });
    const js = await built([many], { jobs: 3, rg: false });
    expect(rg.stats).toMatchObject({ selector: 'rg', jobs: 3, files: 701 - 1 });
    expect((await built([many], { jobs: 2 })).stats).toMatchObject({ selector: 'rg', jobs: 1, files: 700 });
    expect(rg.findings).toHaveLength(14);
    expect(comparable(rg)).toEqual(comparable(js));
  });

  it.each([true, false])(
    'progress on the worker pool (rg %s): one unit, never backwards, ends at its total',
    async (rg) => {
      const calls: Array<[number, number, string]> = [];
      await built([many], { jobs: 3, rg, onProgress: (done, total, unit) => calls.push([done, total, unit]) });
      expect(calls.length).toBeGreaterThan(1);
      for (let k = 1; k < calls.length; k++) expect(calls[k]![0]).toBeGreaterThanOrEqual(calls[k - 1]![0]);
      for (const [done, total] of calls) expect(done).toBeLessThanOrEqual(total);
      // rg's path counts the files rg listed (all it reads), not the 700 walked.
      expect(new Set(calls.map((c) => c[2]))).toEqual(new Set([rg ? 'candidate files' : 'files']));
      const [done, total] = calls[calls.length - 1]!;
      expect(done).toBe(total);
      if (rg) expect(total).toBeGreaterThan(0);
      expect(total < 700).toBe(rg);
    },
  );

  it.each([
    // Missing: the JS path from the start (threads from 2 jobs).
    ['missing', 2, () => join(tmp, 'no-such-rg')],
    [
      'failing (exit 2)',
      // 2 jobs: the rg path's main thread reads every file after all; 3: its threads do.
      1,
      () => {
        const p = join(tmp, 'bad-rg');
        writeFileSync(p, '#!/bin/sh\necho a.c\nexit 2\n');
        chmodSync(p, 0o755);
        return p;
      },
    ],
  ] as const)('rg %s: falls back to JS with the same result', async (_, twoJobs, make) => {
    const js = await built([root, many], { jobs: 2, maxSize: MAX, rg: false });
    process.env['NETBACK_POLICY_RG'] = make();
    for (const [jobs, threads] of [
      [1, 1],
      [2, twoJobs],
      [3, 3],
    ] as const) {
      const r = await lint(jobs)([root, many], { jobs, maxSize: MAX });
      expect(r.stats.selector).toBe('js');
      expect(comparable(r)).toEqual({ ...comparable(js), stats: { ...comparable(js).stats, jobs: threads } });
    }
  });

  it.each([['text'], ['json'], ['sarif']])('CLI %s output is byte-identical with and without --no-rg', (format) => {
    const args = ['lint-source', root, many, '--max-size', String(MAX), '--format', format];
    const rg = runCli(args);
    const js = runCli([...args, '--no-rg']);
    expect(rg.code).toBe(1);
    expect(js.code).toBe(1);
    expect(js.stderr).toBe('');
    // Only the timing, who chose the files and the threads used may differ.
    const strip = (out: string) =>
      out
        .replace(/"ms": ?\d+/g, '"ms":0')
        .replace(/"selector": ?"(rg|js)"/g, '"selector":""')
        .replace(/"jobs": ?\d+/g, '"jobs":0');
    expect(strip(js.stdout)).toBe(strip(rg.stdout));
    if (format === 'json') expect(JSON.parse(rg.stdout).stats.selector).toBe('rg');
  });

  it('rg arguments: no ignore files or config, binary as text, byte patterns, matched lines with their offsets, counts of what it searched', () => {
    const args = rgArgs(
      {
        roots: ['', 'drivers/'],
        patterns: ['b|c', tokenPattern('\nmutex'), tokenPattern('a.b')],
        globs: ['*.c', extensionGlob('.[h]')],
      },
      4096,
    );
    for (const flag of [
      '--no-config',
      '--no-ignore',
      '--hidden',
      '--no-follow',
      '--text',
      '--null',
      '--case-sensitive',
      '--byte-offset',
      '--no-line-number',
      '--no-heading',
      '--stats',
    ])
      expect(args).toContain(flag);
    expect(args).not.toContain('--fixed-strings');
    expect(args.join(' ')).toContain('--max-filesize 4096');
    expect(args.join(' ')).toContain(
      '-e (?-u)a\\.b -e (?-u)b|c -e (?-u)mutex -g *.c -g *.\\[h\\] -g !.git/ -- . drivers/',
    );
  });

  it('rg query: the patterns of the rules that check the kinds of file walked', () => {
    const pattern = (id: string) => SOURCE_RULES.find((r) => r.id === id)!.fast!.rgLinePattern!;
    const all = rgQuery(['x/'], {});
    expect(all.globs).toEqual(['*.c', '*.h', 'Makefile', 'Makefile.*', 'Kbuild', 'Kbuild.*']);
    expect([...all.patterns].sort()).toEqual(SOURCE_RULES.map((r) => r.fast!.rgLinePattern!).sort());
    // Only Kbuild files are walked: only the rule that checks them.
    expect(rgQuery([''], { extensions: [] })).toEqual({
      roots: [''],
      patterns: [pattern('debug-enabled-in-source')],
      globs: ['Makefile', 'Makefile.*', 'Kbuild', 'Kbuild.*'],
    });
    // No rule for the files walked: nothing to search for (the run reads every file in JS).
    expect(rgQuery([''], { extensions: [], rules: ['function-static-lock'] }).patterns).toEqual([]);
  });

  it("each rule's rg pattern finds a line in every table case its candidate regex matches", () => {
    // The whole-tree test proves it on linux-6.1; this holds it on every spelling in the table.
    // (The texts are ASCII, so JS's \s and \w are rg's ASCII ones; `s`: `.` takes a \r as rg does.)
    for (const r of SOURCE_RULES) {
      const rg = new RegExp(r.fast!.rgLinePattern!, 's');
      for (const text of CASES.map((c) => c.code)) {
        if (!r.candidate!.test(text)) continue;
        expect(
          text.split('\n').some((line) => rg.test(line)),
          `${r.id}: ${JSON.stringify(text.slice(0, 80))}`,
        ).toBe(true);
      }
    }
  });
});
