/*
 * A C source text prepared for locating anchors: comments, string and character literals are
 * blanked out (same length, newlines kept) so that brace matching and name searches never trip
 * over a `{` in a comment or a name in a string. Offsets in the masked text are offsets in the
 * real text, so every span found here edits the original bytes.
 */

import { maskCommentsAndLiterals } from '../c/mask.js';

export interface CText {
  /** Path relative to the tree root, for error messages. */
  readonly path: string;
  readonly text: string;
  /** Same length as `text`; comments and literals replaced by spaces (newlines kept). */
  readonly masked: string;
}

export function cText(path: string, text: string): CText {
  return { path, text, masked: maskCommentsAndLiterals(text) };
}

/** 1-based line number of an offset. */
export function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Offset of the start of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the newline ending the line holding `offset` (or the text's end). */
export function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** The leading whitespace of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const ls = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(ls))![0];
}

/**
 * Given the offset of an opening bracket in `masked`, the offset of its matching closer.
 * Returns -1 when unbalanced (a truncated or non-C file).
 */
export function matchBracket(masked: string, open: number): number {
  const o = masked[open];
  const c = o === '{' ? '}' : o === '(' ? ')' : o === '[' ? ']' : '';
  if (!c) return -1;
  let depth = 0;
  for (let i = open; i < masked.length; i++) {
    const ch = masked[i];
    if (ch === o) depth++;
    else if (ch === c && --depth === 0) return i;
  }
  return -1;
}
