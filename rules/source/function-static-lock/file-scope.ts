/*
 * Whether given offsets of a C file lie at file scope, read straight from its bytes: the
 * lexer's rules (lexer.ts: comments, literals, directives, the same helpers) and the structure
 * walk's brace depth (structure.ts), without the blanked copy, the directive list or the walk.
 * Used by function-static-lock's prefix proof on the rg path, where the offsets are every
 * candidate match's start: most files that hold a static lock hold it at file scope only.
 *
 * It answers only where it agrees with the lexer and the walk by construction: before the
 * last offset, no constant `#if 0`/`#if 1` (the lexer blanks dead regions). Then code is what
 * is not in a comment, a string or char literal, or a directive, and the depth at a byte of
 * code is the count of `{` minus `}` in the code before it, never below 0 (a stray `}` at file
 * scope is dropped), with the walk's branch rule: each `#elif`/`#else` branch starts from the
 * depth at its `#if`, and after `#endif` the last branch's depth holds when the first branch
 * ended at the same depth, the first branch's otherwise.
 */
import {
  atLineStart,
  blockCommentEnd,
  constantCondition,
  DQUOTE,
  HASH,
  lineCommentEnd,
  literalEnd,
  nextStop,
  readDirective,
  SLASH,
  SQUOTE,
  STAR,
} from '../../../src/c/lexer.js';

const LBRACE = 123;
const RBRACE = 125;
const CH = [SLASH, DQUOTE, SQUOTE, HASH, LBRACE, RBRACE];

/**
 * For `offsets` (ascending): true when each is at depth 0 in code or not in code at all
 * (comment, literal); false when one is in code inside braces; undefined when unsure (one lies
 * in a directive, or a constant condition comes first): ask the lexer.
 */
export function atFileScope(src: Buffer, offsets: readonly number[]): boolean | undefined {
  const m = offsets.length;
  const next = [-1, -1, -1, -1, -1, -1];
  let depth = 0;
  let i = 0;
  let oi = 0;
  // Open #if groups: the depth at the #if, at the end of the first branch, branches so far.
  const groups: Array<{ atIf: number; firstEnd: number; branches: number }> = [];
  while (oi < m) {
    // The next byte that can change state, found natively (memchr), as the lexer does.
    const p = nextStop(src, i, CH, next);
    // Offsets before it are in code, at this depth.
    for (; oi < m && offsets[oi]! < p; oi++) if (depth !== 0) return false;
    if (oi >= m) return true;
    const c = src[p]!;
    if (c === LBRACE) {
      depth++;
      i = p + 1;
      continue;
    }
    if (c === RBRACE) {
      if (depth > 0) depth--;
      i = p + 1;
      continue;
    }
    let end: number;
    if (c === HASH) {
      if (!atLineStart(src, p)) {
        i = p + 1;
        continue;
      }
      const d = readDirective(src, p);
      const name = d.name;
      if ((name === 'if' || name === 'elif') && constantCondition(d.cond) !== undefined) return undefined;
      // An offset in a directive may be a lock in a macro body.
      if (offsets[oi]! < d.end) return undefined;
      if (name === 'if' || name === 'ifdef' || name === 'ifndef')
        groups.push({ atIf: depth, firstEnd: -1, branches: 1 });
      else if (name === 'else' || name === 'elif' || name === 'endif') {
        const g = groups[groups.length - 1];
        if (g && name === 'endif') {
          groups.pop();
          if (g.branches > 1 && g.firstEnd !== depth) depth = g.firstEnd;
        } else if (g) {
          if (g.branches++ === 1) g.firstEnd = depth;
          depth = g.atIf;
        }
      }
      i = d.end;
      continue;
    }
    if (c === SLASH) {
      const nx = src[p + 1];
      if (nx === STAR) end = blockCommentEnd(src, p);
      else if (nx === SLASH) end = lineCommentEnd(src, p);
      else {
        i = p + 1;
        continue;
      }
    } else end = literalEnd(src, p, c);
    // Offsets in a comment or literal are not code: no declaration starts there.
    while (oi < m && offsets[oi]! < end) oi++;
    i = end;
  }
  return true;
}
