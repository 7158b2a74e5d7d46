/*
 * atFileScope (file-scope.ts) reads scope straight from the bytes for function-static-lock's
 * prefix proof on the rg path. Whenever it answers, the answer must be the lexer's and the
 * structure walk's (scan.ts, structure.ts depthsAt): checked at every candidate start of every
 * table case (plain, and behind code that trips each lexer rule), and on fixtures aimed at
 * each rule; where it cannot be sure it must say so (undefined).
 */
import { describe, expect, it } from 'vitest';
import { atFileScope } from '../../rules/source/function-static-lock/file-scope.js';
import { scanC } from '../../src/lint/source/scanning/scan.js';
import { depthsAt } from '../../src/c/structure.js';
import { lintSourceText } from '../../src/linters/source.js';
import { functionStaticLock } from '../../rules/source/function-static-lock.js';
import { cCasesBehind, FSL } from './table.js';

const ALL = new RegExp(functionStaticLock.candidate!.source, 'g');

function starts(text: string): number[] {
  const out: number[] = [];
  ALL.lastIndex = 0;
  for (let m = ALL.exec(text); m; m = ALL.exec(text)) out.push(m.index);
  return out;
}

/** The lexer's and the walk's answer: every start that is code is at depth 0. */
function reference(text: string, offsets: number[]): boolean {
  const buf = Buffer.from(text, 'latin1');
  const file = scanC(buf, 'x.c', text);
  const code = offsets.filter((o) => file.code.charCodeAt(o) === 115); // 's' of static, not blanked
  return depthsAt(file.codeBytes, file.directives, code).every((d) => d === 0);
}

describe('atFileScope agrees with the lexer and the structure walk', () => {
  it('at every candidate start of every table case, behind every prelude', () => {
    let answered = 0;
    let unsure = 0;
    for (const { text, label } of cCasesBehind()) {
      const at = starts(text);
      if (!at.length) continue;
      const got = atFileScope(Buffer.from(text, 'latin1'), at);
      if (got === undefined) {
        unsure++;
        continue;
      }
      answered++;
      expect(got, label).toBe(reference(text, at));
      // Cleared: the rule reports nothing there.
      if (got) expect(lintSourceText(text, 'x.c', { rules: [FSL] }), label).toEqual([]);
    }
    expect(answered).toBeGreaterThan(100);
    expect(unsure).toBeGreaterThan(0);
  });

  const fn = (body: string) => `static void f(struct dev *d)\n{\n${body}\n}\n`;
  it.each([
    ['file scope', 'static DEFINE_MUTEX(m);\n' + fn('\treturn;'), true],
    ['in a function', fn('\tstatic DEFINE_MUTEX(m);'), false],
    ['in a comment in a function', fn('\t/* static DEFINE_MUTEX(m); */'), true],
    ['in a string in a function', fn('\tputs("static DEFINE_MUTEX(m);");'), true],
    ['after a brace in a char literal', "static char c = '{';\nstatic DEFINE_MUTEX(m);\n", true],
    ['after a stray } at file scope', '}\nint a;\n' + fn('\tstatic DEFINE_MUTEX(m);'), false],
    ['after a struct body', 'struct s { int a; };\nstatic DEFINE_MUTEX(m);\n', true],
    ['in a macro body', '#define L static DEFINE_MUTEX(m)\n', undefined],
    ['after #if 0', '#if 0\n{\n#endif\nstatic DEFINE_MUTEX(m);\n', undefined],
    ['after #if 1', '#if 1\n#endif\nstatic DEFINE_MUTEX(m);\n', undefined],
    [
      'after #else, branches agreeing',
      '#ifdef A\nvoid f(int a) {\n#else\nvoid f(void) {\n#endif\n}\nstatic DEFINE_MUTEX(m);\n',
      true,
    ],
    ['after #else, the first branch kept', '#ifdef A\nstruct s {\n#else\n#endif\nstatic DEFINE_MUTEX(m);\n', false],
    ['in an #else branch of a function', fn('#ifdef A\n\tint x;\n#else\n\tstatic DEFINE_MUTEX(m);\n#endif'), false],
    [
      'in an #else branch: it starts from the depth at #if',
      '#ifdef A\nstruct s {\n#else\nstatic DEFINE_MUTEX(m);\n#endif\n',
      true,
    ],
    ['after #elif', '#if A\n#elif B\n#endif\nstatic DEFINE_MUTEX(m);\n', true],
    ['#else after the last start does not matter', 'static DEFINE_MUTEX(m);\n#ifdef A\n#else\n#endif\n', true],
  ])('%s', (_, text, want) => {
    const at = starts(text);
    expect(at.length).toBeGreaterThan(0);
    expect(atFileScope(Buffer.from(text, 'latin1'), at)).toBe(want);
    if (want !== undefined) expect(want).toBe(reference(text, at));
  });
});
