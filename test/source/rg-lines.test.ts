/*
 * What the rg path takes from rg's output: each file with the lines rg matched and their byte
 * offsets. Three things must hold for its findings to equal a full read's:
 *   - the output is parsed exactly (records cut anywhere by the pipe; anything unexpected makes
 *     the whole search untrusted, and the run reads every file in JS);
 *   - every candidate match starts on a line rg prints (checked with the real rg on every
 *     table case), and a rule with `fast.candidateWithinLine` has no candidate match across a newline;
 *   - lines that no longer match the file (it changed since rg read it) make the text decide.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchLinter } from '../../src/lint/source/running/batch.js';
import { lintSourceText, rgQuery, SOURCE_RULE_SET } from '../../src/linters/source-tree.js';
import { RgOutputParser, rgArgs, type RgFile, type RgLine } from '../../src/lint/source/selection/rg-select.js';
import { SOURCE_RULES } from '../../rules/source/index.js';
import { rgQuery as treeRgQuery } from '../../src/lint/source/index.js';
import type { SourceRuleSet } from '../../src/lint/source/running/engine.js';
import type { SourceRule } from '../../src/lint/source/rule.js';
import { compareFindings, type Finding } from '../../src/core/finding.js';
import { CASES } from './table.js';

const tmp = mkdtempSync(join(tmpdir(), 'nbp-rg-lines-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const STATS =
  '\n6 matches\n6 matched lines\n3 files contained matches\n7 files searched\n120 bytes printed\n999 bytes searched\n0.001 seconds spent searching\n0.002 seconds\n';
const OUTPUT =
  'a.c\x00120:\tstatic DEFINE_MUTEX(m);\n' +
  'a.c\x00300:static\r\n' +
  'd/\xc3\xa9.c\x000:x: y\x00z\n' +
  'k/Makefile\x0012:ccflags-y += -DDEBUG\n' +
  STATS;

function parse(chunks: string[]): { files: Array<[string, RgLine[]]>; stats: ReturnType<RgOutputParser['end']> } {
  const files: Array<[string, RgLine[]]> = [];
  const p = new RgOutputParser((path, lines) => files.push([path, lines]));
  for (const c of chunks) p.push(c);
  return { files, stats: p.end() };
}

describe('rg output parser', () => {
  const want = [
    [
      'a.c',
      [
        { offset: 120, text: '\tstatic DEFINE_MUTEX(m);' },
        { offset: 300, text: 'static\r' },
      ],
    ],
    // Bytes as latin-1 (the path is decoded as UTF-8 by streamRg); a NUL and a colon in a line.
    ['d/\xc3\xa9.c', [{ offset: 0, text: 'x: y\x00z' }]],
    ['k/Makefile', [{ offset: 12, text: 'ccflags-y += -DDEBUG' }]],
  ];

  it("files with their lines and rg's counts, wherever the pipe cuts the output", () => {
    for (let k = 0; k <= OUTPUT.length; k++) {
      const r = parse([OUTPUT.slice(0, k), OUTPUT.slice(k)]);
      expect(r.files, `cut at ${k}`).toEqual(want);
      expect(r.stats).toEqual({ files: 7, bytes: 999 });
    }
    expect(parse([...OUTPUT]).files).toEqual(want);
  });

  it('no matches: only the counts', () => {
    expect(parse([STATS.slice(1)])).toEqual({ files: [], stats: { files: 7, bytes: 999 } });
  });

  it.each([
    ['no counts', OUTPUT.slice(0, OUTPUT.indexOf('7 files'))],
    ['output cut short', OUTPUT.slice(0, -3)],
    ['a record after the counts', OUTPUT + 'e.c\x001:static DEFINE_MUTEX(m);\n'],
    ['an offset that is not a number', OUTPUT.replace('120:', '12x:')],
    ['no offset', OUTPUT.replace('\x00120:', '\x00')],
    ['an empty path', '\x001:static\n' + STATS],
  ])('not trusted: %s', (_, out) => {
    expect(parse([out]).stats).toBeUndefined();
  });

  it('a file in two blocks is reported twice (the run then reads every file: index.ts trusted())', () => {
    const out = 'a.c\x001:static\nb.c\x002:static\na.c\x003:static\n' + STATS;
    expect(parse([out]).files.map(([p]) => p)).toEqual(['a.c', 'b.c', 'a.c']);
  });
});

describe('every candidate match starts on a line rg prints', () => {
  it("on every table case, with the real rg and lint-source's own arguments", () => {
    const dir = join(tmp, 'table');
    const paths = CASES.map((c, k) => {
      const name = c.path ? c.path.split('/').pop()! : 'case.c';
      const p = join(dir, String(k), name);
      mkdirSync(join(p, '..'), { recursive: true });
      writeFileSync(p, c.code);
      return p;
    });
    const r = spawnSync('rg', rgArgs(rgQuery([dir + '/'], {}), 1 << 20), { encoding: 'latin1' });
    expect(r.status).toBe(0);
    const printed = new Map<string, Set<number>>();
    const parser = new RgOutputParser((path, lines) => printed.set(path, new Set(lines.map((l) => l.offset))));
    parser.push(r.stdout);
    expect(parser.end()).toBeDefined();
    let checked = 0;
    CASES.forEach((c, k) => {
      for (const rule of SOURCE_RULES) {
        const all = new RegExp(rule.candidate!.source, 'g');
        for (let m = all.exec(c.code); m; m = all.exec(c.code)) {
          const lineStart = c.code.lastIndexOf('\n', m.index - 1) + 1;
          expect(printed.get(paths[k]!)?.has(lineStart), `${rule.id} in ${c.name}`).toBe(true);
          if (rule.fast?.candidateStartsWith !== undefined)
            expect(c.code.startsWith(rule.fast.candidateStartsWith, m.index), `${rule.id} in ${c.name}`).toBe(true);
          else if (rule.fast?.candidateWithinLine) expect(m[0].includes('\n'), `${rule.id} in ${c.name}`).toBe(false);
          checked++;
          if (m[0] === '') all.lastIndex++;
        }
      }
    });
    expect(checked).toBeGreaterThan(60);
  });
});

describe('files rg listed', () => {
  const write = (name: string, code: string): string => {
    const p = join(tmp, 'listed', name);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, code);
    return p;
  };
  const linesOf = (code: string, pick: (line: string) => boolean): RgLine[] => {
    const out: RgLine[] = [];
    let offset = 0;
    for (const text of code.split('\n')) {
      if (pick(text)) out.push({ offset, text });
      offset += text.length + 1;
    }
    return out;
  };
  const linter = new BatchLinter({ set: SOURCE_RULE_SET, maxSize: 1 << 20 });
  const fsl = `static void f(struct dev *d)\n{\n\tstatic DEFINE_SPINLOCK(l);\n}\n`;

  it('the lines rg printed choose the rules; a file none of them is a candidate of is not read', () => {
    const p = write('ifdef.c', '#ifdef DEBUG\nint x;\n#endif\n');
    const r = linter.runListed([
      { path: p, lines: linesOf('#ifdef DEBUG\nint x;\n#endif\n', (l) => l.includes('DEBUG')) },
    ]);
    expect(r.stats.scanned).toBe(0);
    // A path that does not exist: were it read, the run would have nothing to scan either; the
    // lines alone settle it (no candidate on them), so no read is tried.
    expect(
      linter.runListed([{ path: join(tmp, 'nowhere.c'), lines: [{ offset: 0, text: '#ifdef DEBUG' }] }]).stats.scanned,
    ).toBe(0);
  });

  it("a function-static lock: found from rg's line, as from the whole text", () => {
    const p = write('fsl.c', fsl);
    const r = linter.runListed([{ path: p, lines: linesOf(fsl, (l) => l.includes('static')) }]);
    expect(r.findings.map((f) => `${f.ruleId}@${f.line}`)).toEqual(
      lintSourceText(fsl, p).map((f) => `${f.ruleId}@${f.line}`),
    );
    expect(r.findings).toHaveLength(1);
  });

  it.each([
    [
      'a file-scope lock (settled from the bytes: no text made)',
      'static DEFINE_MUTEX(m);\n' + fsl.replace('\tstatic DEFINE_SPINLOCK(l);', '\treturn;'),
      [],
    ],
    ['a function-static lock behind a file-scope one', 'static DEFINE_MUTEX(m);\n' + fsl, ['function-static-lock@4']],
    [
      'a comment longer than the window between static and the lock',
      fsl.replace('static DEFINE', `static /* ${'x'.repeat(3000)} */ DEFINE`),
      ['function-static-lock@3'],
    ],
    ['the same, at file scope', `static /* ${'x'.repeat(3000)} */ DEFINE_MUTEX(m);\nint y;\n`, []],
    ['static words that start no candidate', 'static int\nf(void)\n{\n\treturn 0;\n}\nstatic\nint g;\n', null],
  ])('%s: the same findings and counts as reading every file', (_, code, want) => {
    const p = write(`case-${code.length}.c`, code);
    const listed = linter.runListed([{ path: p, lines: linesOf(code, (l) => l.includes('static')) }]);
    const walked = linter.runPaths([p]);
    expect(listed.findings).toEqual(walked.findings);
    expect(listed.stats).toEqual({ ...walked.stats, files: 0, bytes: 0 });
    if (want) expect(listed.findings.map((f) => `${f.ruleId}@${f.line}`)).toEqual(want);
    // Counted as scanned exactly when a candidate matched (null: none did).
    expect(listed.stats.scanned).toBe(want ? 1 : 0);
  });

  it('lines that no longer match the file (changed since rg read it): the whole text decides', () => {
    const p = write('moved.c', '\n\n\n' + fsl);
    const stale: RgFile = { path: p, lines: linesOf(fsl, (l) => l.includes('static')) };
    const r = linter.runListed([stale]);
    expect(r.findings.map((f) => `${f.ruleId}@${f.line}`)).toEqual(['function-static-lock@6']);
  });
});

describe('a rule without its speed hooks (fast)', () => {
  // The built-in rules stripped of `fast` (also as withOptions returns them): same meaning, no hooks.
  const strip = (r: SourceRule): SourceRule => {
    const { fast: _fast, withOptions, ...meaning } = r;
    return withOptions ? { ...meaning, withOptions: (o) => strip(withOptions(o)) } : meaning;
  };
  const bare: SourceRuleSet = { rules: SOURCE_RULES.map(strip), module: SOURCE_RULE_SET.module };
  const sorted = (fs: Finding[]) => [...fs].sort(compareFindings);

  it("finds what the rules find, on the walk and on rg's files (every table case, the real rg)", () => {
    const dir = join(tmp, 'bare');
    const paths = CASES.map((c, k) => {
      const p = join(dir, String(k), c.path ? c.path.split('/').pop()! : 'case.c');
      mkdirSync(join(p, '..'), { recursive: true });
      writeFileSync(p, c.code);
      return p;
    });
    const want = sorted(new BatchLinter({ set: SOURCE_RULE_SET, maxSize: 1 << 20 }).runPaths(paths).findings);
    expect(want.length).toBeGreaterThan(40);
    const linter = new BatchLinter({ set: bare, maxSize: 1 << 20 });
    expect(sorted(linter.runPaths(paths).findings)).toEqual(want);
    const query = treeRgQuery([dir + '/'], { set: bare });
    expect(query.patterns.every((p) => !SOURCE_RULES.some((r) => r.fast?.rgLinePattern === p))).toBe(true);
    const r = spawnSync('rg', rgArgs(query, 1 << 20), { encoding: 'latin1' });
    expect(r.status).toBe(0);
    const listed: RgFile[] = [];
    const parser = new RgOutputParser((path, lines) => listed.push({ path, lines }));
    parser.push(r.stdout);
    expect(parser.end()).toBeDefined();
    expect(sorted(linter.runListed(listed).findings)).toEqual(want);
  });
});
