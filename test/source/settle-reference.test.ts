/* The differential oracle itself (settle-reference.ts): a `read` verdict needs one of check.c's reasons. */
import { describe, expect, it } from 'vitest';
import { checkVerdict } from './settle-reference.js';
import type { RgLine } from '../../src/lint/source/selection/rg-select.js';

const lines = (text: string): RgLine[] => {
  let offset = 0;
  return text.split('\n').flatMap((t) => {
    const l = { offset, text: t };
    offset += t.length + 1;
    return t.includes('static') ? [l] : [];
  });
};
const inFn = (body: string) => `static void f(void)\n{\n${body}\n}\n`;

describe('checkVerdict: when the stage may decline (read)', () => {
  it.each([
    ['a suppression comment', inFn('\tstatic DEFINE_MUTEX(m); /* netback-policy: ignore function-static-lock */')],
    ['a #define that may declare a lock', `#define L static DEFINE_MUTEX(l)\n${inFn('\tstatic DEFINE_MUTEX(m);')}`],
    ['a continued #define', `#define L \\\n\tstatic \\\n\tDEFINE_MUTEX(l)\n${inFn('\tstatic DEFINE_MUTEX(m);')}`],
    ['a byte a record cannot carry', inFn('\tstatic DEFINE_MUTEX(m); /* \xe9 */')],
  ])('accepts read for %s', (_why, text) => {
    expect(checkVerdict(Buffer.from(text, 'latin1'), 'a.c', lines(text), 'read')).toBe('read');
  });

  // A lock in braces is handed to the JS rule (it classifies the lock), so read needs no other reason there.
  it.each([
    ['"undefined" in a comment', inFn('\t/* undefined */\n\tstatic DEFINE_MUTEX(m);')],
    ['a #define without a lock', `#define N static int\n${inFn('\tstatic DEFINE_MUTEX(m);')}`],
  ])('accepts read for a lock in braces with %s', (_why, text) => {
    expect(checkVerdict(Buffer.from(text, 'latin1'), 'a.c', lines(text), 'read')).toBe('read');
  });

  it.each([
    ['a lock in a file-scope macro call', 'FOO(static DEFINE_MUTEX(m));\n'],
    ['#undef and a lock in an initialiser', '#undef X\nint x = (static DEFINE_MUTEX(m));\n'],
    ['a #define of a lock without static', '#define L DEFINE_MUTEX(l)\nFOO(static DEFINE_MUTEX(m));\n'],
  ])('rejects read where JS settles the file itself: %s', (_why, text) => {
    expect(() => checkVerdict(Buffer.from(text, 'latin1'), 'a.c', lines(text), 'read')).toThrow(
      /stage "read", JS "clear \d+"/,
    );
  });
});
