/*
 * debug-enabled-in-source decides most files from a prefix (prefixHits): where it answers, the
 * answer is checkC's on the whole file. Checked with no slack and no size limit, so that the
 * prefix ends right after the last candidate line: on every C case of the table behind every
 * prelude, on cases made to cut a directive or a comment at the prefix's end or to undo a
 * definition after it, and on generated files.
 */
import { describe, expect, it } from 'vitest';
import { debugEnabledInSource, prefixHits } from '../../rules/source/debug-enabled-in-source.js';
import { scanC } from '../../src/lint/source/scanning/scan.js';
import { cCasesBehind } from './table.js';
import { seededRandom } from '../support/seeded-random.js';

const PATH = 'drivers/foo/foo.c';

/** Whether the prefix decided, after checking that what it says is checkC's. */
function agrees(text: string, path = PATH): boolean {
  const bytes = Buffer.from(text, 'latin1');
  const whole = debugEnabledInSource.checkC!(scanC(bytes, path));
  const fromPrefix = prefixHits(bytes, text, path, 0, 1);
  if (fromPrefix) expect(fromPrefix, JSON.stringify(text)).toEqual(whole);
  return fromPrefix !== undefined;
}

// Defines the rule reports or must not, each followed by what a prefix must not miss.
const CUTS = [
  '#define DEBUG\nint x;\n',
  '#define DEBUG \\\n  1\nint x;\n',
  '#define DEBUG /* a comment\n running on */\nint x;\n',
  '#define DEBUG\n#undef DEBUG\n',
  '#define DEBUG\nint x;\n#undef DEBUG\n',
  '#define DEBUG\nint x;\n# undef DEBUG\n',
  '#define DEBUG\nint x;\n#undef VERBOSE_DEBUG\n',
  '#ifdef X\n#define DEBUG\n#endif\nint x;\n',
  '#if 0\n#define DEBUG\n#endif\n#define DEBUG\n',
  '#if 1\n#define DEBUG\n#else\n#endif\n',
  '#define DEBUG\n#if 0\n#undef DEBUG\n#endif\n',
  '#define DEBUG\n/* #undef DEBUG */\n',
  '#define DEBUG\n#define DEBUG_FS 1\n',
  '#define VERBOSE_DEBUG 1\n#define DEBUG\nint x;\n',
  '#define DEBUG\n#ifdef A\n',
  '#define DEBUG\n#if A\n#elif B\n',
  // after the prefix: undefs of other macros, the word in a comment (decided), and undefs of
  // DEBUG spelled across a continuation or after a comment (the whole file decides)
  '#define DEBUG\nint x;\n#undef FOO\n/* undefined */\n',
  '#define DEBUG\nint x;\n#undef \\\n DEBUG\n',
  '#define DEBUG\nint x;\n#undef /* c */ DEBUG\n',
  '#define DEBUG\nint x;\n#undef\\\nDEBUG\n',
  '#define DEBUG\nint x;\n#undef\tVERBOSE_DEBUG\n',
];

describe("prefixHits gives checkC's hits where it answers", () => {
  it('on every C case of the table behind every prelude', () => {
    let decided = 0;
    const cases = cCasesBehind();
    for (const c of cases) if (agrees(c.text)) decided++;
    expect(decided).toBeGreaterThan(10);
    expect(decided).toBeLessThan(cases.length);
  });

  it('on directives and comments cut by the prefix, and undefs after it', () => {
    const decided = CUTS.filter((t) => agrees(t));
    // Those continued past the candidate line, or undone after it, go to the whole scan.
    expect(decided).not.toContain(CUTS[1]);
    expect(decided).not.toContain(CUTS[2]);
    expect(decided).not.toContain(CUTS[4]);
    expect(decided).toContain(CUTS[0]);
    expect(decided).toContain(CUTS[16]);
    for (const k of [17, 18, 19, 20]) expect(decided).not.toContain(CUTS[k]);
    expect(decided.length).toBeGreaterThan(5);
  });

  it('in headers and userspace programs (nothing), and at the default slack on a long file', () => {
    expect(agrees('#define DEBUG\nint x;\n', 'include/linux/foo.h')).toBe(true);
    expect(agrees('#define DEBUG\nint x;\n', 'tools/perf/foo.c')).toBe(true);
    const long = '#define DEBUG\n' + 'int x;\n'.repeat(5000);
    const bytes = Buffer.from(long, 'latin1');
    expect(prefixHits(bytes, long, PATH)).toEqual(debugEnabledInSource.checkC!(scanC(bytes, PATH)));
    expect(prefixHits(bytes, long, PATH)).toHaveLength(1);
    // No candidate match: the whole scan decides.
    expect(prefixHits(Buffer.from('int x;\n'), 'int x;\n', PATH, 0, 1)).toBeUndefined();
  });

  it('on 5000 generated files', () => {
    const PIECES = [
      '#define DEBUG',
      '#define DEBUG 1',
      '#  define VERBOSE_DEBUG',
      '#define\tDEBUG',
      '#undef DEBUG',
      '#undef VERBOSE_DEBUG',
      '#ifdef A',
      '#ifndef B',
      '#if 0',
      '#if 1',
      '#if C',
      '#elif 0',
      '#elif D',
      '#else',
      '#endif',
      '#endif',
      '#define X \\',
      '/*',
      '*/',
      '// c \\',
      '"',
      "'",
      'int x;',
      '{',
      '}',
      '\\',
      '#',
      'DEBUG',
      '-DDEBUG',
      'undef',
      '#undef FOO',
      '#undef \\',
      '#undef /* c */ DEBUG',
      '/* undefined */',
      '#undef\tDEBUG ',
      'VERBOSE_DEBUG',
    ];
    const rand = seededRandom(0xdeb6);
    let decided = 0;
    let found = 0;
    for (let i = 0; i < 5000; i++) {
      let text = '';
      for (let k = 2 + rand(14); k > 0; k--) text += PIECES[rand(PIECES.length)]! + ['\n', '\n', ' ', '\r\n'][rand(4)]!;
      if (agrees(text)) {
        decided++;
        if (debugEnabledInSource.checkC!(scanC(Buffer.from(text, 'latin1'), PATH)).length) found++;
      }
    }
    expect(decided).toBeGreaterThan(1000);
    expect(found).toBeGreaterThan(300);
  });
});
