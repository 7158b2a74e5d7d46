import { describe, it, expect } from 'vitest';
import { maskCommentsAndLiterals } from '../src/c/mask.js';

// [name, source, C mask, TypeScript mask (templates are literals)]
const CASES: Array<[string, string, string, string]> = [
  ['block comment', 'a /* { */ b', 'a         b', 'a         b'],
  ['line comment keeps the newline', 'a // {\nb', 'a     \nb', 'a     \nb'],
  ['string contents', 'f("{x}")', 'f("   ")', 'f("   ")'],
  ['escaped quote', "c = '\\'';", "c = '  ';", "c = '  ';"],
  ['unterminated string stops at the line end', 'x = "ab\ny {', 'x = "  \ny {', 'x = "  \ny {'],
  ['backtick: C code, TS literal over lines', 'a `{\n}` b', 'a `{\n}` b', 'a ` \n ` b'],
  ['comment markers inside a string', '"/*" x', '"  " x', '"  " x'],
];

describe('maskCommentsAndLiterals', () => {
  it.each(CASES)('%s', (_n, src, c, ts) => {
    expect(maskCommentsAndLiterals(src)).toBe(c);
    expect(maskCommentsAndLiterals(src, { templateLiterals: true })).toBe(ts);
    expect(c).toHaveLength(src.length);
  });
});
