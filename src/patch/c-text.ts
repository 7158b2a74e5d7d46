/*
 * A C source text prepared for locating anchors: comments, string and character literals are
 * blanked out (same length, newlines kept) so that brace matching and name searches never trip
 * over a `{` in a comment or a name in a string. Offsets in the masked text are offsets in the
 * real text, so every span found here edits the original bytes.
 */

export interface CText {
  /** Path relative to the tree root, for error messages. */
  readonly path: string;
  readonly text: string;
  /** Same length as `text`; comments and literals replaced by spaces (newlines kept). */
  readonly masked: string;
}

export function cText(path: string, text: string): CText {
  return { path, text, masked: maskComments(text) };
}

function maskComments(s: string): string {
  const out = s.split('');
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '/' && s[i + 1] === '*') {
      const end = s.indexOf('*/', i + 2);
      const stop = end < 0 ? s.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && s[i + 1] === '/') {
      let stop = s.indexOf('\n', i);
      if (stop < 0) stop = s.length;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < s.length && s[j] !== c && s[j] !== '\n') j += s[j] === '\\' ? 2 : 1;
      // Keep the quotes so a string still reads as an expression; blank its contents.
      blank(i + 1, Math.min(j, s.length));
      i = j + 1;
    } else {
      i++;
    }
  }
  return out.join('');
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

/** Brace depth at `offset` (0 = file scope), counted over the masked text. */
export function braceDepthAt(masked: string, offset: number): number {
  let d = 0;
  for (let i = 0; i < offset; i++) {
    const ch = masked[i];
    if (ch === '{') d++;
    else if (ch === '}') d--;
  }
  return d;
}
