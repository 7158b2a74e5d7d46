/*
 * functionsThrough (structure.ts) walks a file's structure only as far as an offset can need:
 * for every offset up to `last`, functionAt on its list must answer exactly as on the whole
 * file's (the same function, with the same `{` and `}`). Checked at every offset of every table case
 * behind every prelude (unbalanced and rewound #if branches included) and of generated
 * brace-and-branch soups.
 */
import { describe, expect, it } from 'vitest';
import { scanC } from '../../src/lint/source/scanning/scan.js';
import { functionsThrough } from '../../src/c/structure.js';
import { functionAt, type FunctionBody } from '../../src/lint/source/scanning/model.js';
import { cCasesBehind } from './table.js';
import { seededRandom } from '../support/seeded-random.js';

const show = (f: FunctionBody | undefined) => (f ? `${f.name}@${f.open}-${f.close}` : 'none');

/** Offsets where the answers differ (none expected); also how many offsets are in a function. */
function compare(text: string): { wrong: string[]; inside: number; stoppedEarly: boolean } {
  const file = scanC(Buffer.from(text, 'latin1'), 'x.c', text);
  const wrong: string[] = [];
  let inside = 0;
  let stoppedEarly = false;
  for (let k = 0; k < text.length; k++) {
    const part = functionsThrough(file.codeBytes, file.code, file.directives, k);
    if (part.length < file.functions.length) stoppedEarly = true;
    const want = functionAt(file, k);
    if (want) inside++;
    const got = functionAt(file, k, part);
    if (show(got) !== show(want)) wrong.push(`${k}: ${show(got)} (whole file: ${show(want)})`);
  }
  return { wrong, inside, stoppedEarly };
}

describe('functionsThrough', () => {
  it('answers as the whole walk at every offset of every table case, behind every prelude', () => {
    let inside = 0;
    let early = 0;
    for (const { text, label } of cCasesBehind()) {
      const r = compare(text + '\nint after(void)\n{\n\treturn 0;\n}\n');
      expect(r.wrong, label).toEqual([]);
      inside += r.inside;
      if (r.stoppedEarly) early++;
    }
    // Offsets inside functions were compared, and the walk did stop early (or this proves little).
    expect(inside).toBeGreaterThan(10_000);
    expect(early).toBeGreaterThan(100);
  });

  it('answers as the whole walk on 1500 generated brace-and-branch soups', () => {
    const PIECES = [
      '{',
      '}',
      '{',
      '}',
      '#if A\n',
      '#ifdef B\n',
      '#else\n',
      '#elif C\n',
      '#endif\n',
      '#if 0\n',
      'void f(int a)\n',
      'static int g(struct dev *d)\n',
      'int x;',
      'struct s ',
      '= ',
      '(',
      ')',
      ';',
      'static DEFINE_MUTEX(m);',
      '\n',
      '/* { */',
      '"}"',
      '__attribute__((x)) ',
      'if (a) ',
      'return 0;',
    ];
    const rand = seededRandom(0xb1ace);
    let inside = 0;
    for (let i = 0; i < 1500; i++) {
      let text = '';
      const n = 5 + rand(30);
      for (let k = 0; k < n; k++) text += PIECES[rand(PIECES.length)]! + ['', ' ', '\n'][rand(3)]!;
      const r = compare(text);
      expect(r.wrong, JSON.stringify(text)).toEqual([]);
      inside += r.inside;
    }
    expect(inside).toBeGreaterThan(10_000);
  });
});
