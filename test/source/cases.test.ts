/*
 * The rule table (table.ts) for the three source rules: each case gives exactly its findings
 * through lintSourceText, through the tree scan (rg and pure JS), and padded past the prefix
 * proof of function-static-lock.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintSourcePaths, lintSourceText } from '../../src/linters/source-tree.js';
import type { Finding } from '../../src/core/finding.js';
import { functionStaticLock } from '../../rules/source/function-static-lock.js';
import { CASES, cCasesBehind, FSL, fn, GNT } from './table.js';
import { lockHeldAcrossGrantCopy } from '../../rules/source/lock-held-across-grant-copy/index.js';
import { scanC } from '../../src/lint/source/scanning/scan.js';
import { seededRandom } from '../support/seeded-random.js';
import { REPO } from '../support/cli.js';

/** The worker pool runs dist/ (its threads load worker.js): runs on threads go through the build. */
const built: typeof lintSourcePaths = async (...a) =>
  (
    (await import(join(REPO, 'dist', 'src', 'linters', 'source-tree.js'))) as {
      lintSourcePaths: typeof lintSourcePaths;
    }
  ).lintSourcePaths(...a);

describe('lint-source rules (table)', () => {
  it('has at least 40 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(40));
  for (const c of CASES) {
    it(c.name, () => {
      const found = lintSourceText(c.code, c.path ?? 'drivers/foo/foo.c');
      expect(found.map((f) => `${f.ruleId}@${f.line}`)).toEqual(c.want);
      if (c.cls) expect(found.filter((f) => f.ruleId === FSL).map(classOf)).toEqual(c.cls);
    });
  }
  it('has a case of every class', () => {
    const classes = new Set(CASES.flatMap((c) => c.cls ?? []).map((k) => k.split(' ')[0]));
    expect([...classes].sort()).toEqual(['both', 'global', 'per-instance', 'undecided']);
  });
});

/**
 * A function-static-lock finding as the table's `cls` states it, after checking that its
 * severity follows the class (info for global only) and that its fix never moves a global lock.
 */
function classOf(f: Finding): string {
  const d = f.data as { class: string; struct?: string; evidence: Array<{ expr: string; scope: string }> };
  expect(f.severity).toBe(d.class === 'global' ? 'info' : 'warning');
  if (d.class === 'per-instance' || d.class === 'both') {
    expect(f.fix).toContain(`member of struct ${d.struct}`);
    expect(f.fix).toMatch(/take &\w+->\w+ here/);
    return `${d.class} ${d.struct}`;
  }
  if (d.class === 'global') {
    expect(f.fix).toBeUndefined();
    const g = d.evidence.find((e) => e.scope !== 'instance' && e.scope !== 'call');
    if (g) expect(f.message).toContain(g.scope === 'register' ? g.expr : `'${/^\w+/.exec(g.expr)![0]}'`);
    return g ? `global ${/^\w+/.exec(g.expr)![0]}` : 'global';
  }
  return d.class;
}

/*
 * The same table through the tree scan, which adds the token prefilter, each rule's candidate
 * regex and (with ripgrep) rg's line patterns: every stage must let each case through, or a
 * finding the rules can see would be lost on a real tree (the candidate once missed
 * `static raw_spinlock_t`). On the worker pool too (it runs dist/, and starts at 256 walked
 * files: lock-free filler files make up the number).
 */
describe('lint-source rules (table) through the tree scan', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nbp-cases-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files = CASES.map((c, k) => {
    const rel = c.path ? `${k}/${c.path}` : `${k}/drivers/foo/foo.c`;
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), c.code);
    return { c, file: join(dir, rel) };
  });
  mkdirSync(join(dir, 'pad'));
  for (let k = 0; k < 300; k++) writeFileSync(join(dir, 'pad', `p${k}.c`), fn(`\treturn ${k};`));
  const want = files.flatMap(({ c, file }) => c.want.map((w) => `${file} ${w}`)).sort();
  it.each([
    ['rg selecting the files', true, 1],
    ['pure JS', false, 1],
    ['rg selecting the files, worker pool', true, 3],
    ['pure JS, worker pool', false, 2],
  ])('%s: every case gives exactly its table findings', async (_, rg, jobs) => {
    const r = await (jobs > 1 ? built : lintSourcePaths)([dir], { jobs, rg });
    expect(r.stats.selector).toBe(rg ? 'rg' : 'js');
    expect(r.stats.jobs).toBe(jobs);
    expect(r.findings.map((f) => `${f.file} ${f.ruleId}@${f.line}`).sort()).toEqual(want);
  });
});

/*
 * The same table with 8 KB of lock-free functions after each case: long enough for
 * function-static-lock's prefix proof (fast.provesClean) to lex only the top of the file. It must
 * clear exactly the cases without a finding, and every case keeps its findings.
 */
describe('lint-source rules (table), padded past the prefix proof', () => {
  const pad = Array.from(
    { length: 160 },
    (_, k) => `static int pad${k}(struct dev *d)\n{\n\treturn d->n + ${k};\n}\n`,
  ).join('');
  const quick = functionStaticLock.fast!.provesClean!;
  for (const c of CASES) {
    it(c.name, () => {
      const code = c.code + pad;
      const got = lintSourceText(code, c.path ?? 'drivers/foo/foo.c').map((f) => `${f.ruleId}@${f.line}`);
      expect(got).toEqual(c.want);
      const buf = Buffer.from(code, 'latin1');
      if (c.want.some((w) => w.startsWith(FSL))) expect(quick(buf, code)).toBe(false);
    });
  }
  it('clears file-scope locks from a prefix, not locks in functions or macros used below', () => {
    const clear = (code: string) => quick(Buffer.from(code + pad, 'latin1'), code + pad);
    expect(clear('static DEFINE_SPINLOCK(a);\nstatic struct mutex m;\n')).toBe(true);
    expect(clear('/* static DEFINE_SPINLOCK(a); */\n')).toBe(true);
    expect(clear(fn('\tstatic DEFINE_SPINLOCK(l);'))).toBe(false);
    expect(clear('#define LOCAL_LOCK(n) static DEFINE_MUTEX(n)\n')).toBe(false);
    // A lock near the end: the prefix would be the whole file.
    expect(
      quick(Buffer.from(pad + 'static DEFINE_SPINLOCK(z);\n', 'latin1'), pad + 'static DEFINE_SPINLOCK(z);\n'),
    ).toBe(false);
  });
});

/*
 * lock-held-across-grant-copy's fast.provesClean (no lock call in the text at all) says "nothing"
 * only where checkC finds nothing: on every C case of the table behind every prelude and on
 * generated files of locks, unlocks, hypercalls and blocks; and it does clear files.
 */
describe('lock-held-across-grant-copy clears files without a lock call, and only those', () => {
  const quick = lockHeldAcrossGrantCopy.fast!.provesClean!;
  const agrees = (text: string): boolean => {
    const buf = Buffer.from(text, 'latin1');
    const cleared = quick(buf, text);
    if (cleared) expect(lockHeldAcrossGrantCopy.checkC!(scanC(buf, 'drivers/foo/foo.c')), text).toEqual([]);
    return cleared;
  };
  it('on the table behind every prelude', () => {
    const cases = cCasesBehind();
    const cleared = cases.filter((c) => agrees(c.text)).length;
    expect(cleared).toBeGreaterThan(cases.length / 2);
    for (const c of CASES)
      if (c.want.some((w) => w.startsWith(GNT))) expect(quick(Buffer.from(c.code), c.code)).toBe(false);
  });
  it('on 3000 generated functions', () => {
    const PIECES = [
      'spin_lock(&a);',
      'raw_spin_lock_irqsave(&a, f);',
      'read_lock_bh(&b);',
      'write_lock(&c);',
      'spin_unlock(&a);',
      'gnttab_batch_copy(ops, n);',
      'HYPERVISOR_grant_table_op(1, op, n);',
      'gnttab_map_refs(m, NULL, p, n);',
      '{',
      '}',
      'if (e) {',
      'return;',
      'goto out;',
      '/* spin_lock(&a); */',
      '"spin_lock(&a)"',
      'x = 1;',
    ];
    const rand = seededRandom(0x6a7);
    let cleared = 0;
    for (let i = 0; i < 3000; i++) {
      let body = '';
      for (let k = 1 + rand(10); k > 0; k--) body += '\t' + PIECES[rand(PIECES.length)] + '\n';
      if (agrees(fn(body))) cleared++;
    }
    expect(cleared).toBeGreaterThan(200);
  });
});
