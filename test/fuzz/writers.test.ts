/* Property tests over the C lexer, policy validation, the mbox writer and file-name quoting. */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { lexC } from '../../src/c/lexer.js';
import { lintSourceText } from '../../src/linters/source.js';
import { validatePolicy } from '../../src/dsl/validate.js';
import { formatSeries, COVER_LETTER } from '../../src/patch/mbox.js';
import type { Series } from '../../src/patch/series.js';
import type { Target } from '../../src/targets/target.js';
import { fileDiff, type FileDiff } from '../../src/patch/unified.js';
import { escapeControls, nameFromBytes, quotePath, unquotePath } from '../../src/core/quote-path.js';
import { anyText, linesOf, params, typedOnly } from './support.js';

const cLine = fc.oneof(
  fc.constantFrom(
    'static DEFINE_SPINLOCK(lock);',
    'void f(void) {',
    '}',
    '\tstatic spinlock_t l;',
    '#if 0',
    '#if 1',
    '#else',
    '#endif',
    '#define DEBUG',
    '#ifdef CONFIG_X',
    '/* comment',
    '*/',
    '// line \\',
    '"str\\"ing',
    "'c'",
    "'\\''",
    'spin_lock(&l); gnttab_batch_copy(op, n); spin_unlock(&l);',
    '#',
    'ccflags-y += -DDEBUG',
    'R"(raw)"',
    '??/',
    '\\',
  ),
  fc.string({ maxLength: 20 }),
);

describe('C lexer and lint-source on any bytes', () => {
  it('lexC keeps every newline in place and the length unchanged, whatever the bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          linesOf(cLine).map((s) => Buffer.from(s)),
          fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
        ),
        (src) => {
          const r = lexC(src);
          expect(r.code.length).toBe(src.length);
          let kept = true;
          for (let i = 0; i < src.length; i++) if (src[i] === 10 && r.code[i] !== 10) kept = false;
          expect(kept).toBe(true);
          for (const d of r.directives)
            expect(d.offset <= d.end && d.end <= src.length && src[d.offset] === 35).toBe(true);
        },
      ),
      params(),
    );
  });

  it('lintSourceText gives findings inside the file or a typed error, for C and Kbuild', () => {
    fc.assert(
      fc.property(linesOf(cLine), fc.constantFrom('x.c', 'x.h', 'Makefile'), (text, path) => {
        const r = typedOnly(() => lintSourceText(text, path));
        if (Array.isArray(r)) for (const f of r) expect(f.line).toBeLessThanOrEqual(text.split('\n').length);
      }),
      params(),
    );
  });
});

const author = fc
  .tuple(
    fc.stringMatching(/^[A-Za-z][A-Za-z .'-]{0,30}[A-Za-z]$/),
    fc.stringMatching(/^[a-z0-9._-]{1,12}$/),
    fc.stringMatching(/^[a-z0-9-]{1,10}\.[a-z]{2,6}$/),
  )
  .map(([n, u, d]) => `${n} <${u}@${d}>`);

describe('policy validation', () => {
  it('answers any value with a policy or issues, never a throw', () => {
    const policyish = fc.record(
      {
        name: fc.oneof(fc.string(), fc.anything()),
        author: fc.oneof(author, fc.string(), fc.anything()),
        date: fc.oneof(fc.constantFrom('2024-01-02', '2024-02-30', '2024-01-02T25:00Z'), fc.string()),
        threading: fc.oneof(
          fc.record({
            model: fc.constantFrom('kthread', 'tasklet', 'x'),
            groups: fc.oneof(fc.integer(), fc.constantFrom('online-cpus'), fc.anything()),
          }),
          fc.anything(),
        ),
        irq: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.anything(), policyish), (v) => {
        const r = validatePolicy(v);
        expect(r.policy === undefined).toBe(r.issues.length > 0);
        for (const i of r.issues) expect(typeof i.message).toBe('string');
      }),
      params(),
    );
  });

  it('an author it accepts has no control character (it reaches mail headers)', () => {
    fc.assert(
      fc.property(fc.oneof(author, anyText(60)), (a) => {
        const r = validatePolicy({ author: a });
        if (r.policy) expect(a).not.toMatch(/[\p{Cc}]/u);
      }),
      params(),
    );
  });
});

describe('mbox writer', () => {
  const TARGET = { id: 'pvops-2.6.32', description: 'fuzz' } as unknown as Target;
  const diff = fc
    .tuple(
      fc.stringMatching(/^[a-z]{1,8}\/[a-z]{1,8}\.c$/),
      fc.array(
        fc.string({ maxLength: 30 }).map((s) => s.replace(/\r/g, '')),
        { maxLength: 8 },
      ),
      fc.nat(7),
    )
    .map(([path, lines, k]) =>
      fileDiff(path, lines.join('\n') + '\n', [...lines.slice(0, k), 'added();', ...lines.slice(k)].join('\n') + '\n'),
    )
    .filter((d): d is FileDiff => d !== null);
  const patch = fc.record({
    slug: fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+){0,4}$/),
    summary: fc.string({ minLength: 1, maxLength: 90 }).map((s) => s.replace(/[\p{Cc}]/gu, ' ')),
    body: fc.array(fc.string({ maxLength: 200 }), { maxLength: 4 }).map((ps) => ps.join('\n\n')),
    files: fc.array(diff, { minLength: 1, maxLength: 3 }),
  });
  const series = fc
    .record({
      patches: fc.array(patch, { minLength: 1, maxLength: 5 }),
      author,
      name: fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    })
    .map(
      (s): Series =>
        ({
          target: TARGET,
          policy: { author: s.author, name: s.name },
          notes: [],
          refusals: [],
          patches: s.patches.map((p) => ({
            change: {
              knob: 'threading',
              subsystem: 'xen/netback',
              slug: p.slug,
              summary: p.summary,
              body: p.body,
              apply: () => {},
            },
            files: p.files,
          })),
        }) as unknown as Series,
    );

  it('writes the same bytes twice, one message per patch with the header block git am expects', () => {
    fc.assert(
      fc.property(series, (s) => {
        const a = formatSeries(s, { version: '0' });
        expect([...formatSeries(s, { version: '0' })]).toEqual([...a]);
        const names = [...a.keys()].filter((k) => k !== COVER_LETTER && k !== 'series');
        expect(names).toHaveLength(s.patches.length);
        expect(a.get('series')).toBe(names.map((n) => `${n}\n`).join(''));
        for (const [k, text] of a) {
          if (k === 'series') continue;
          const head = text.slice(0, text.indexOf('\n\n')).split('\n');
          expect(head[0]).toMatch(/^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001$/);
          expect(head[1]).toBe(`From: ${s.policy.author}`);
          expect(head[2]).toMatch(/^Date: /);
          expect(head.slice(3).join('\n')).toMatch(/^Subject: \[PATCH \d+\/\d+\] /);
          expect(head.slice(4).every((l) => /^[ \t]/.test(l))).toBe(true);
          expect(text.endsWith('\n')).toBe(true);
        }
      }),
      params(),
    );
  });
});

describe('file names in text output', () => {
  it('quotePath is one printable line that unquotes back to the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const q = quotePath(nameFromBytes(bytes));
        expect(q).not.toMatch(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/u);
        expect(unquotePath(q)).toEqual(Buffer.from(bytes));
      }),
      params(),
    );
  });

  it('escapeControls leaves no control character but tab, and changes nothing else', () => {
    fc.assert(
      fc.property(anyText(60), (s) => {
        const e = escapeControls(s);
        // eslint-disable-next-line no-control-regex -- control bytes are what the property is about
        expect(e).not.toMatch(/[\x00-\x08\x0a-\x1f\x7f-\x9f]/);
        if (!/[\p{Cc}\u202a-\u202e\u2066-\u2069\ud800-\udfff]/u.test(s.replace(/\t/g, ''))) expect(e).toBe(s);
      }),
      params(),
    );
  });
});
