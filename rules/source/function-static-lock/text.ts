/*
 * Small readers over code-only text (model.ts) shared by function-static-lock's sections, names
 * and accesses: blanks, matching brackets, top-level commas.
 */
import { isSpace } from '../../../src/c/structure.js';

/** The last non-blank offset before `at` (-1 if none). */
export function prev(code: string, at: number): number {
  let k = at - 1;
  while (k >= 0 && isSpace(code.charCodeAt(k))) k--;
  return k;
}

/** The first non-blank offset from `at` on (the length if none). */
export function next(code: string, at: number): number {
  let k = at;
  while (k < code.length && isSpace(code.charCodeAt(k))) k++;
  return k;
}

/** The bracket `c` matching the `o` at `open` (the last offset if unbalanced). */
export function matching(code: string, open: number, o = '(', c = ')'): number {
  let depth = 0;
  for (let k = open; k < code.length; k++) {
    if (code[k] === o) depth++;
    else if (code[k] === c && --depth === 0) return k;
  }
  return code.length - 1;
}

/** Splits at commas outside parentheses, brackets and braces. */
export function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s[k]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, k));
      start = k + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}
