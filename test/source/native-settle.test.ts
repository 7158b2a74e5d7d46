/*
 * The native settle stage (src/native/static-lock-settle/, native-settle.ts) gives, for every
 * file, the verdict JS reaches for function-static-lock on rg's path: none when no candidate
 * match starts at a `static` of its lines, clear (with the size) when one does and atFileScope
 * proves them all harmless; where JS would read the file: read when a lock declaration sits in
 * braces (the JS rule classifies it), else clear, or read for what the stage declines.
 * Checked against JS (settle-reference.ts) on the rule table behind preludes that trip each
 * lexer rule, on regex and declarator edge cases, on generated files, and end to end (the same
 * findings and counts with and without the verdicts); then the pipeline (rg | stage |
 * lint-source) and its failures, which must fall back to reading in JS.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/cli.js';
import { seededRandom } from '../support/seeded-random.js';
import { BatchLinter } from '../../src/lint/source/running/batch.js';
import { lintSourcePaths, selectRules, SOURCE_RULE_SET } from '../../src/linters/source-tree.js';
import { parseVerdict, settleStage } from '../../src/lint/source/running/native-settle.js';
import { nativeDir } from '../../src/lint/source/running/native-program.js';
import { RgOutputParser, type RgFile, type RgLine } from '../../src/lint/source/selection/rg-select.js';
import { functionStaticLock } from '../../rules/source/function-static-lock.js';
import { cCasesBehind, fn, FSL, PRELUDES as TABLE_PRELUDES } from './table.js';
import { checkVerdict } from './settle-reference.js';

const BIN = join(nativeDir(), 'static-lock-settle');
const SOURCE = functionStaticLock.candidate!.source;
const MAX = 32 << 20;
const tmp = mkdtempSync(join(tmpdir(), 'nbp-native-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every line holding `static`, as rg prints it (offset, bytes as latin-1, no newline). */
function staticLines(text: string): RgLine[] {
  const out: RgLine[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    if (line.includes('static')) out.push({ offset, text: line });
    offset += line.length + 1;
  }
  return out;
}

/** Writes the files, feeds their `static` lines to the stage as rg would, returns its verdicts. */
function nativeVerdicts(
  dir: string,
  files: Array<[string, string]>,
): { byPath: Map<string, string>; passedThrough: string } {
  mkdirSync(dir, { recursive: true });
  let input = '';
  for (const [name, text] of files) {
    const path = join(dir, name);
    writeFileSync(path, Buffer.from(text, 'latin1'));
    for (const l of staticLines(text)) input += `${path}\0${l.offset}:${l.text}\n`;
  }
  input += '\n1 files searched\n1 bytes searched\n';
  const r = spawnSync(BIN, [SOURCE, String(MAX)], { input: Buffer.from(input, 'latin1'), maxBuffer: 1 << 28 });
  expect(r.status, r.stderr.toString()).toBe(0);
  const out = r.stdout.toString('latin1');
  const byPath = new Map<string, string>();
  const records: string[] = [];
  for (const rec of out.split('\n')) {
    const nul = rec.indexOf('\0');
    if (nul >= 0 && rec[nul + 1] === '=') {
      expect(byPath.has(rec.slice(0, nul)), `one verdict per file: ${rec}`).toBe(false);
      byPath.set(rec.slice(0, nul), rec.slice(nul + 2));
    } else records.push(rec);
  }
  return { byPath, passedThrough: records.join('\n') };
}

/** Each file's verdict checked against JS (settle-reference.ts checkVerdict); the tally of kinds. */
function expectSameVerdicts(dir: string, files: Array<[string, string]>): Record<string, number> {
  const { byPath } = nativeVerdicts(dir, files);
  const tally: Record<string, number> = {};
  for (const [name, text] of files) {
    const path = join(dir, name);
    let kind: string | undefined;
    expect(
      () => (kind = checkVerdict(Buffer.from(text, 'latin1'), path, staticLines(text), byPath.get(path))),
      JSON.stringify(text.slice(0, 300)),
    ).not.toThrow();
    if (kind) tally[kind] = (tally[kind] ?? 0) + 1;
  }
  return tally;
}

// table.ts's preludes (code that trips each lexer rule), and constant conditions and odd
// directive spellings, which the scope proof must give up on or read as the lexer does.
const PRELUDES = [
  ...TABLE_PRELUDES,
  '#if (0) /* off */\n{\n#endif\n',
  '# if \\\n 1\n#endif\n',
  '#if 0x0\n{\n#endif\n',
  '\r\n#\tifdef X\r\n{\r\n#\telse\r\n#endif\r\n',
];

/** Every C case of the table behind every prelude, as [name, text]. */
function tableFiles(): Array<[string, string]> {
  return cCasesBehind(PRELUDES).map(({ name, text }) => [name, text]);
}

// The regex's corners: each alternative of the loop, where it may end, and the spelling's edges.
const EDGES = [
  'static // DEFINE_MUTEX(m);',
  'static // no lock here\nDEFINE_MUTEX(m);',
  'static /* DEFINE_MUTEX(m) */ int x;',
  'static /* a */ DEFINE_MUTEX(m);',
  'static /* unterminated DEFINE_MUTEX(m);',
  'static __attribute__((aligned(8))) DEFINE_SPINLOCK(l);',
  'static __x((((y)))) DEFINE_SPINLOCK(l);',
  'static __x(((((y))))) DEFINE_SPINLOCK(l);',
  'static __x (a;b) DEFINE_SPINLOCK(l);',
  'static __x (a{b}) DEFINE_SPINLOCK(l);',
  'static __x\\\n(a) DEFINE_SPINLOCK(l);',
  'static __xDEFINE_SPINLOCK(l);',
  'static __read_mostly DEFINE_RWLOCK(l);',
  'static FOO DEFINE_SEQLOCK(l);',
  'static FOO_bar DEFINE_SEQLOCK(l);',
  'static FOO2_X9 spinlock_t l;',
  'static const volatile raw_spinlock_t l;',
  'static DEFINE_SPINLOCK_X(l);',
  'static spinlock_tt l;',
  'staticDEFINE_MUTEX(m);',
  'xstatic DEFINE_MUTEX(m);',
  '_static DEFINE_MUTEX(m);',
  'static struct mutex m;',
  'static struct\tmutex m;',
  'static struct\nmutex m;',
  'static struct/**/mutex m;',
  'static struct rw_semaphore s;',
  'static struct semaphore s;',
  'static rw_semaphore s;',
  'static DECLARE_RWSEM(s);',
  'static DEFINE_SEMAPHORE(s);',
  'static DEFINE_RAW_SPINLOCK(l);',
  'static rwlock_t l;',
  'static seqlock_t l;',
  'static\\\nDEFINE_MUTEX(m);',
  'static\r\nDEFINE_MUTEX(m);',
  'static\f\vDEFINE_MUTEX(m);',
  'static int DEFINE_MUTEX(m);',
  'static constant DEFINE_MUTEX(m);',
  'static structure mutex m;',
  'static mutex',
  'static DEFINE_MUTEX',
  'static',
  'static static DEFINE_MUTEX(m);',
  'static int f(struct mutex *m);',
  'static \xe9 DEFINE_MUTEX(m);',
  'static DEFINE_MUTEX\xe9(m);',
  // declarators (lock-decls.ts declarators and its regex's backtracking) and macro names
  'static spinlock_t a, *b, c[2], d = __SPIN_LOCK_UNLOCKED(d), e __cacheline_aligned;',
  'static spinlock_t __a __b c;',
  'static spinlock_t __a __b;',
  'static spinlock_t __a  __b  __c d[1];',
  'static spinlock_t foo__bar baz;',
  'static spinlock_t foo__bar;',
  'static spinlock_t foo__ bar;',
  'static spinlock_t a__b__c d;',
  'static spinlock_t f(void), g;',
  'static spinlock_t (x), y;',
  'static spinlock_t x\xa0;',
  'static spinlock_t \xa0x \xa0, y\xa0= 1;',
  'static spinlock_t 9x, y;',
  'static spinlock_t x = { (a, b) }, y;',
  'static spinlock_t x = y, z;',
  'static spinlock_t ,, x,;',
  'static spinlock_t x',
  'static struct mutex m1, m2;',
  'static struct\xa0mutex m;',
  'static struct  rw_semaphore  s , t ;',
  'static DEFINE_MUTEX( m );',
  'static DEFINE_MUTEX(\xa0m\xa0);',
  'static DEFINE_MUTEX(m, x);',
  'static DEFINE_MUTEX(9m);',
  'static DEFINE_MUTEX((m));',
  'static DEFINE_MUTEX',
  // what may come before `static` (staticSpecifier)
  'x = 1; static DEFINE_MUTEX(m);',
  'label: static DEFINE_MUTEX(m);',
  'extern static DEFINE_MUTEX(m);',
  'typedef static spinlock_t t;',
  'return static spinlock_t t;',
  '__attribute__((x)) static spinlock_t t;',
  'attr(x) static spinlock_t t;',
  'inline static spinlock_t t;',
  'static inline spinlock_t t;',
  'static __x(a) __y(b) spinlock_t t;',
  'static __x(a spinlock_t t;',
  'static int x; static spinlock_t t;',
  'netback-policy: ignore function-static-lock\nstatic DEFINE_MUTEX(m);',
];

// Function heads (structure.ts functionHead): annotations, parameters to normalise, a name the
// stage must print as it is, and heads that are not functions.
const HEADS = [
  'static void f(struct dev *d)',
  'int g(const struct my_dev * const dev, int n)',
  'static int h(struct  net_device\t*\n  ndev ,\xa0 struct x *y)',
  'void __init i(void) __acquires(l) __releases(l)',
  'void j(int a) __attribute__((cold))',
  'SYSCALL_DEFINE2(k, int, a, char __user *, b)',
  'int l(int a) = ',
  'struct s t',
  'if (x)',
  'int m(int a[static 4], void (*cb)(struct dev *))',
  'int n(struct file *f, struct my *p)',
  'int \xe9(int a)',
  "int o(char c = '\xe9')",
  '9p(int a)',
  '#define X(a) a\nint p(int a)',
];

/** `count` files made by `make` from a seeded generator (the same files every run). */
function generated(
  seed: number,
  count: number,
  make: (rand: (n: number) => number) => string,
): Array<[string, string]> {
  const rand = seededRandom(seed);
  return Array.from({ length: count }, (_, i): [string, string] => [`g${i}.c`, make(rand)]);
}

/** 4-43 random pieces, each followed by nothing, a blank or a newline. */
const soup =
  (pieces: readonly string[]) =>
  (rand: (n: number) => number): string => {
    let text = '';
    const n = 4 + rand(40);
    for (let k = 0; k < n; k++) text += pieces[rand(pieces.length)]! + ['', ' ', '\n'][rand(3)]!;
    return text;
  };

describe('static-lock-settle gives the JS verdicts', () => {
  it('was built (npm run build, with the C compiler CI installs)', () => {
    expect(() => readFileSync(BIN)).not.toThrow();
    expect(settleStage(selectRules({}), MAX)?.command).toBe(BIN);
  });

  it('on every table case behind every prelude', () => {
    const files = tableFiles();
    const tally = expectSameVerdicts(join(tmp, 'table'), files);
    // Every verdict occurs, so each was compared.
    expect(tally['none']).toBeGreaterThan(10);
    expect(tally['clear']).toBeGreaterThan(10);
    // A lock in a function is read: the JS rule classifies it.
    expect(tally['found']).toBeUndefined();
    expect(tally['read']).toBeGreaterThan(100);
  });

  it('on the regex and declarator edge cases, at file scope and in functions', () => {
    const files: Array<[string, string]> = [];
    EDGES.forEach((e, i) => {
      files.push([`e${i}-top.c`, `${e}\n`]);
      files.push([`e${i}-fn.c`, fn(`\t${e}`)]);
      files.push([`e${i}-end.c`, e]);
      files.push([`e${i}-heads.c`, HEADS.map((h, k) => fn(k % 2 ? `\t{ ${e} }` : `\t${e}`, h)).join('')]);
    });
    const tally = expectSameVerdicts(join(tmp, 'edges'), files);
    expect(tally['none']).toBeGreaterThan(10);
    expect(tally['clear']).toBeGreaterThan(10);
    expect(tally['read']).toBeGreaterThan(60);
  });

  it('on 5000 generated files', () => {
    // Pieces of C that move the regex and the scope proof in every direction.
    const PIECES = [
      'static',
      'static',
      'static',
      ' ',
      '\t',
      '\n',
      '\r\n',
      '\\\n',
      '/* c */',
      '/* DEFINE_MUTEX */',
      '// x\n',
      '// DEFINE_MUTEX(a)\n',
      'const',
      'volatile',
      'struct',
      '__read_mostly',
      '__attribute__((aligned(8)))',
      '__x((((y))))',
      '__x(((((y)))))',
      '__y(a;b)',
      '__z (',
      'FOO',
      'FOO_bar',
      'DEFINE_MUTEX(m);',
      'DEFINE_SPINLOCK(l);',
      'spinlock_t s;',
      'mutex',
      ' mutex m;',
      'rw_semaphore',
      'semaphore',
      'raw_spinlock_t',
      'DEFINE_SPINLOCK_X',
      '{',
      '}',
      '{',
      '}',
      '"s{"',
      "'{'",
      '"\\"{"',
      '#if 0\n',
      '#if 1\n',
      '#ifdef A\n',
      '#if B\n',
      '#elif C\n',
      '#else\n',
      '#endif\n',
      '#define M { static DEFINE_MUTEX(z);\n',
      'int f(void)\n{\n',
      'x',
      '(',
      ')',
      ';',
      '*/',
      '/*',
      '"',
      "'",
      '#',
      '\n#',
      '\xa0',
      '\xe9',
    ];
    const tally = expectSameVerdicts(join(tmp, 'gen'), generated(0x5eed, 5000, soup(PIECES)));
    expect(tally['none']).toBeGreaterThan(100);
    expect(tally['clear']).toBeGreaterThan(80);
    expect(tally['read']).toBeGreaterThan(130);
  });

  it('on 5000 generated files of functions, branches and declarators', () => {
    // What the stage decides where JS reads: the lexer's #if 0/#if 1 and branches, the
    // structure walk (heads, rewinding, abandoned branches), the declarators.
    const LOCKS = [
      'static DEFINE_MUTEX(m);',
      'static spinlock_t a, *b, c[2];',
      'static struct mutex m = x, n;',
      'static __maybe_unused DEFINE_SPINLOCK(l);',
      'static spinlock_t __a b;',
      'static DECLARE_RWSEM(r);',
    ];
    const HEADS_G = [
      'static void f(struct dev *d)',
      'int g(int a) __acquires(x)',
      'void h(void)',
      'int i(struct x *p, int n)',
      'SYSCALL_DEFINE1(j, int, a)',
      'struct s',
      'int k[] =',
      'if (x)',
      'int l(void) = ',
      'int m(int a[4], struct n *o)',
    ];
    const NOISE = [
      '{',
      '}',
      '(',
      ')',
      ';',
      '=',
      ',',
      '/* { */',
      '// }\n',
      '"{"',
      "'}'",
      'x:',
      'return',
      'extern',
      'static',
      '#if 0\n',
      '#if 1\n',
      '#if (0)\n',
      '#ifdef A\n',
      '#ifndef B\n',
      '#if C\n',
      '#elif 0\n',
      '#elif 1\n',
      '#elif D\n',
      '#else\n',
      '#endif\n',
      '#endif\n',
      '#include <x.h>\n',
      '__attribute__((x))',
      'int q;',
    ];
    const pick = (rand: (n: number) => number, xs: readonly string[]) => xs[rand(xs.length)]!;
    // A few functions (or what looks like one), locks and noise in their bodies and between.
    const make = (rand: (n: number) => number): string => {
      let text = '';
      for (let f = 1 + rand(4); f > 0; f--) {
        for (let k = rand(3); k > 0; k--) text += pick(rand, NOISE) + '\n';
        text += pick(rand, HEADS_G) + '\n{\n';
        for (let k = 1 + rand(6); k > 0; k--) text += '\t' + (rand(3) ? pick(rand, LOCKS) : pick(rand, NOISE)) + '\n';
        text += '}\n';
      }
      return text;
    };
    const tally = expectSameVerdicts(join(tmp, 'gen-fn'), generated(0xf00d, 5000, make));
    expect(tally['read']).toBeGreaterThan(1000);
    expect(tally['clear']).toBeGreaterThan(300);
    expect(tally['none']).toBeGreaterThan(10);
  });

  it("passes rg's records through unchanged, verdict after each file", () => {
    const files: Array<[string, string]> = [
      ['a.c', 'static DEFINE_MUTEX(m);\n'],
      ['b.c', '#define DEBUG\nint x;\n'],
      ['c.c', fn('\tstatic DEFINE_MUTEX(m);')],
    ];
    const dir = join(tmp, 'pass');
    const { byPath, passedThrough } = nativeVerdicts(dir, files);
    expect(passedThrough).toBe(
      `${join(dir, 'a.c')}\x000:static DEFINE_MUTEX(m);\n` +
        `${join(dir, 'c.c')}\x000:static void f(struct dev *d)\n` +
        `${join(dir, 'c.c')}\x0031:\tstatic DEFINE_MUTEX(m);\n\n1 files searched\n1 bytes searched\n`,
    );
    expect([...byPath]).toEqual([
      [join(dir, 'a.c'), 'clear 24'],
      // a lock in a function: read, and classified by the JS rule
      [join(dir, 'c.c'), 'read'],
    ]);
  });

  it('says read when the file is not as rg read it, unreadable or too large', () => {
    const dir = join(tmp, 'changed');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.c'), 'static DEFINE_MUTEX(m);\n');
    const input = (path: string) => `${path}\x000:static DEFINE_MUTEX(m);\n`;
    const run = (text: string, max = MAX) =>
      spawnSync(BIN, [SOURCE, String(max)], { input: text }).stdout.toString('latin1');
    expect(run(input(join(dir, 'a.c')))).toContain('\0=clear 24\n');
    expect(run(`${join(dir, 'a.c')}\x000:static DEFINE_MUTEX(n);\n`)).toContain('\0=read\n');
    expect(run(input(join(dir, 'gone.c')))).toContain('\0=read\n');
    expect(run(input(join(dir, 'a.c')), 10)).toContain('\0=read\n');
  });

  it('refuses another candidate regex (exit 3) and bad arguments', () => {
    expect(spawnSync(BIN, [SOURCE + 'x', String(MAX)], { input: '' }).status).toBe(3);
    expect(spawnSync(BIN, [SOURCE, 'lots'], { input: '' }).status).toBe(3);
    expect(spawnSync(BIN, [SOURCE], { input: '' }).status).toBe(3);
  });
});

describe('the verdicts end to end', () => {
  it('runListed gives the same findings and counts with and without them (the table behind every prelude)', () => {
    const files = tableFiles();
    const dir = join(tmp, 'e2e');
    const { byPath } = nativeVerdicts(dir, files);
    const plain: RgFile[] = [];
    const settled: RgFile[] = [];
    for (const [name, text] of files) {
      const path = join(dir, name);
      const lines = staticLines(text);
      if (!lines.length) continue;
      plain.push({ path, lines });
      const v = byPath.get(path);
      settled.push(v ? { path, lines, settled: parseVerdict(v, FSL)! } : { path, lines });
    }
    const linter = new BatchLinter({ set: SOURCE_RULE_SET, maxSize: MAX });
    const a = linter.runListed(plain);
    const b = linter.runListed(settled);
    expect(b.findings).toEqual(a.findings);
    expect(b.stats).toEqual(a.stats);
    expect(a.findings.length).toBeGreaterThan(20);
    const unread = settled.filter((f) => f.settled && f.settled.verdict !== 'read');
    expect(unread.length).toBeGreaterThan(50);
    // The verdicts are used: files settled without reading are not read. Replaced by a file
    // with a lock in a function, they still give nothing with their verdicts (read, the new
    // text gives one finding each: none of rg's old lines is in it where it was).
    for (const f of unread) writeFileSync(f.path, '/* trap */\n' + fn('\tstatic DEFINE_MUTEX(trap);'));
    expect(linter.runListed(settled).findings).toEqual(a.findings);
    expect(linter.runListed(unread.map((f) => ({ path: f.path, lines: f.lines }))).findings.length).toBe(unread.length);
  });
});

describe('found verdicts', () => {
  const dir = join(tmp, 'found');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'a.c');
  const text = fn('\tstatic DEFINE_MUTEX(m);');
  writeFileSync(path, text);
  const lines = staticLines(text);
  const linter = new BatchLinter({ set: SOURCE_RULE_SET, maxSize: MAX });
  const js = linter.runListed([{ path, lines }]);
  const withHits = (hits: Array<{ line: number; column: number; fields: string[] }>) =>
    linter.runListed([{ path, lines, settled: { rule: FSL, verdict: 'found', size: text.length, hits } }]);

  it('are not worded by function-static-lock (it classifies each lock in JS): the file is read', () => {
    expect(js.findings).toHaveLength(1);
    expect(functionStaticLock.fast?.hitFromNative).toBeUndefined();
    // What a found verdict says is not used: the file's own lock is reported, classified.
    expect(withHits([{ line: 3, column: 2, fields: ['DEFINE_SPINLOCK', 'other', 'g', 'struct dev *d'] }])).toEqual(js);
    expect(js.findings[0]).toMatchObject({ line: 3, data: { lock: 'm', class: 'undecided' } });
  });
});

describe('the verdict records', () => {
  const parse = (out: string, verdicts: string | null = FSL) => {
    const got: Array<[string, number, string | undefined]> = [];
    const p = new RgOutputParser(
      (path, lines, s) => got.push([path, lines.length, s && `${s.verdict} ${s.size}`]),
      verdicts ?? undefined,
    );
    p.push(out);
    return { got, stats: p.end() };
  };
  const STATS = '\n2 files searched\n50 bytes searched\n';

  it('attach to the file whose records came last', () => {
    const { got, stats } = parse(
      'a.c\x000:static x\na.c\0=clear 24\nb.c\x003:static y\nb.c\0=none\nc.c\x001:DEBUG\nd.c\x000:static z\nd.c\0=found 9\x1e1\x1f2\x1fa\x1fb\n' +
        STATS,
    );
    expect(got).toEqual([
      ['a.c', 1, 'clear 24'],
      ['b.c', 1, 'none 0'],
      ['c.c', 1, undefined],
      ['d.c', 1, 'found 9'],
    ]);
    expect(stats).toEqual({ files: 2, bytes: 50 });
  });

  it("carry a found verdict's hits as fields", () => {
    expect(
      parseVerdict(
        'found 58\x1e3\x1f2\x1fDEFINE_MUTEX\x1fm\x1ff\x1fstruct dev *d\x1e10\x1f1\x1fspinlock_t\x1fa,b\x1fg\x1f',
        FSL,
      ),
    ).toEqual({
      rule: FSL,
      verdict: 'found',
      size: 58,
      hits: [
        { line: 3, column: 2, fields: ['DEFINE_MUTEX', 'm', 'f', 'struct dev *d'] },
        { line: 10, column: 1, fields: ['spinlock_t', 'a,b', 'g', ''] },
      ],
    });
  });

  it.each([
    ['found without hits', 'found 9'],
    ['found with a line 0', 'found 9\x1e0\x1f1\x1fa'],
    ['found with no column', 'found 9\x1e1'],
    ['found with a column that is not a number', 'found 9\x1e1\x1fx\x1fa'],
    ['found with a line past 2^53', 'found 9\x1e99999999999999999\x1f1\x1fa'],
    ['found with a byte that is not printable ASCII', 'found 9\x1e1\x1f1\x1f\xe9'],
    ['found with a tab', 'found 9\x1e1\x1f1\x1fa\tb'],
    ['clear with hits', 'clear 9\x1e1\x1f1\x1fa'],
    ['found with a bad size', 'found x\x1e1\x1f1\x1fa'],
  ])('are not verdicts: %s', (_, text) => {
    expect(parseVerdict(text, FSL)).toBeUndefined();
  });

  it.each([
    ['for another file', 'a.c\x000:static x\nb.c\0=none\n'],
    ['twice', 'a.c\x000:static x\na.c\0=none\na.c\0=none\n'],
    ['before any record', 'a.c\0=none\n'],
    ['unknown', 'a.c\x000:static x\na.c\0=maybe\n'],
    ['a size that is not one', 'a.c\x000:static x\na.c\0=clear -1\n'],
  ])('make the output untrusted when %s', (_, out) => {
    expect(parse(out + STATS).stats).toBeUndefined();
  });

  it('are not accepted without a stage', () => {
    expect(parse('a.c\x000:static x\na.c\0=none\n' + STATS, null).stats).toBeUndefined();
  });
});

describe('the pipeline', () => {
  const tree = join(tmp, 'tree');
  mkdirSync(join(tree, 'd'), { recursive: true });
  writeFileSync(join(tree, 'top.c'), 'static DEFINE_MUTEX(global);\n' + fn('\treturn;'));
  writeFileSync(join(tree, 'd', 'fn.c'), fn('\tstatic DEFINE_SPINLOCK(l);\n\tspin_lock(&l);'));
  writeFileSync(join(tree, 'd', 'none.c'), 'static int x;\n#define DEBUG\n');
  writeFileSync(join(tree, 'd', 'Makefile'), 'ccflags-y += -DDEBUG\n');
  for (let i = 0; i < 300; i++)
    writeFileSync(
      join(tree, `f${i}.c`),
      i % 3 ? `static DEFINE_MUTEX(m${i});\nint f${i};\n` : fn(`\tstatic DEFINE_MUTEX(m${i});`),
    );

  // The pool's threads run the built code.
  type Lint = typeof lintSourcePaths;
  const built: Lint = async (...a) =>
    (
      (await import(join(REPO, 'dist', 'src', 'linters', 'source-tree.js'))) as { lintSourcePaths: Lint }
    ).lintSourcePaths(...a);
  const run = async (env: Record<string, string | undefined>, jobs = 1) => {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      return await (jobs > 1 ? built : lintSourcePaths)([tree], { jobs });
    } finally {
      process.env = saved;
    }
  };

  it('gives what the JS path gives, inline and on the pool', async () => {
    const js = await run({ NETBACK_POLICY_SETTLE: 'off' });
    expect(js.stats.selector).toBe('rg');
    expect(js.findings.length).toBe(100 + 1 + 2);
    for (const jobs of [1, 3]) {
      const native = await run({}, jobs);
      expect(native.stats.selector).toBe('rg');
      expect(native.findings).toEqual(js.findings);
      expect(native.notes).toEqual(js.notes);
      expect({ ...native.stats, ms: 0, jobs: 0 }).toEqual({ ...js.stats, ms: 0, jobs: 0 });
    }
  });

  it('falls back to reading every file in JS when the stage fails or says what it should not', async () => {
    const js = await lintSourcePaths([tree], { jobs: 1, rg: false });
    const script = (name: string, body: string): string => {
      const p = join(tmp, name);
      writeFileSync(p, `#!/bin/sh\n${body}\n`);
      chmodSync(p, 0o755);
      return p;
    };
    for (const stage of [
      script('refuses', 'exit 3'),
      script('garbles', `printf 'x.c\\000=maybe\\n'; cat`),
      script('dies', 'head -c 100; exit 0'),
      join(tmp, 'missing-stage'),
    ]) {
      const r = await run({ NETBACK_POLICY_SETTLE: stage });
      expect(r.findings, stage).toEqual(js.findings);
      expect({ ...r.stats, ms: 0, jobs: 0, selector: '' }).toEqual({ ...js.stats, ms: 0, jobs: 0, selector: '' });
      // A missing program is no stage at all; the others make rg's output untrusted.
      expect(r.stats.selector, stage).toBe(stage.endsWith('missing-stage') ? 'rg' : 'js');
    }
  });
});
