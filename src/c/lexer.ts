/*
 * Pass 1 of the C scanner: separates what the compiler sees as code from everything else.
 *
 * One linear pass over the bytes. Comments, the bodies of string and char literals, every
 * preprocessor line and every `#if 0` region are overwritten with spaces in a copy of the bytes
 * (newlines kept, so offsets, lines and columns stay those of the original). Directives come out
 * as data, continuation lines joined and comments removed, each with its `#if` nesting.
 * Why not a real parser: kernel code is full of macros a parser without the headers cannot
 * expand (tree-sitter leaves ERROR nodes and runs at ~5 MB/s); the rules only need scopes,
 * declarations and calls, which this and structure.ts recover exactly from the token level.
 */
import type { Directive } from './model.js';
import { asBuffer } from './bytes.js';

const NL = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
export const SLASH = 47;
export const STAR = 42;
const BSLASH = 92;
export const DQUOTE = 34;
export const SQUOTE = 39;
export const HASH = 35;

export interface LexResult {
  /** The bytes with non-code blanked (see the file comment). */
  code: Uint8Array;
  directives: Directive[];
}

/** How an `#if` group treats its branches. */
const enum Mode {
  /** Condition unknown to us: every branch is live. */
  Unknown,
  /** `#if 0` not yet followed by a live branch. */
  Zero,
  /** `#if 1` (or the live `#else` of an `#if 0`): the rest of the group is dead. */
  One,
  /** The whole group sits in a dead region. */
  Dead,
}

interface Group {
  mode: Mode;
  /** This branch's code is live. */
  live: boolean;
}

/** Spaces over [from, to), newlines kept (found natively: comments are most of the bytes). */
function blank(code: Uint8Array, src: Buffer, from: number, to: number): void {
  if (to <= from) return;
  code.fill(SPACE, from, to);
  for (let k = src.indexOf(NL, from); k >= 0 && k < to; k = src.indexOf(NL, k + 1)) code[k] = NL;
}

/** `0`, `(0)`, `1`, `(1)`: the only conditions we decide. */
export function constantCondition(body: string): 0 | 1 | undefined {
  const t = body.replace(/[\s()]/g, '');
  if (t === '0') return 0;
  if (t === '1') return 1;
  return undefined;
}

/**
 * The loop jumps from one byte that can change state (`/`, `"`, `'`, `#`) to the next, found
 * with Buffer.indexOf (memchr speed); plain code between them is never looked at in JS.
 */
export function lexC(bytes: Uint8Array): LexResult {
  const src = asBuffer(bytes);
  const n = src.length;
  const code = new Uint8Array(n);
  code.set(src);
  const directives: Directive[] = [];
  const groups: Group[] = [];
  let dead = false;
  let deadFrom = 0;
  const next = [-1, -1, -1, -1];
  const CH = [SLASH, DQUOTE, SQUOTE, HASH];
  let i = 0;

  const liveDepth = (): number => {
    let d = 0;
    for (const g of groups) if (g.mode === Mode.Unknown) d++;
    return d;
  };

  while (i < n) {
    const p = nextStop(src, i, CH, next);
    if (p >= n) break;
    const c = src[p]!;
    if (c === HASH) {
      if (!atLineStart(src, p)) {
        i = p + 1;
        continue;
      }
      const d = readDirective(src, p);
      blank(code, src, p, d.end);
      const wasDead = dead;
      // Groups whose condition we cannot decide make what is inside them conditional.
      d.condDepth = liveDepth();
      dead = applyConditional(groups, d.name, d.cond, dead);
      if (!wasDead && dead) deadFrom = d.end;
      if (wasDead && !dead) blank(code, src, deadFrom, p);
      if (!wasDead || !dead) directives.push(d);
      i = d.end;
      continue;
    }
    if (c === SLASH) {
      const nx = src[p + 1];
      if (nx === STAR) {
        const end = blockCommentEnd(src, p);
        blank(code, src, p, end);
        i = end;
      } else if (nx === SLASH) {
        const end = lineCommentEnd(src, p);
        blank(code, src, p, end);
        i = end;
      } else i = p + 1;
      continue;
    }
    // A string or char literal: keep the quotes so `"x"` still reads as one operand.
    const end = literalEnd(src, p, c);
    blank(code, src, p + 1, end - (src[end - 1] === c && end - 1 > p ? 1 : 0));
    i = end;
  }
  if (dead) blank(code, src, deadFrom, n);
  return { code, directives };
}

/**
 * The first offset from `i` on that holds one of `chars` (the length if none), found natively;
 * `next[k]` keeps where `chars[k]` was last found, so each byte value is searched for again
 * only once passed.
 */
export function nextStop(src: Buffer, i: number, chars: readonly number[], next: number[]): number {
  const n = src.length;
  let p = n;
  for (let k = 0; k < chars.length; k++) {
    if (next[k]! < i) {
      const at = src.indexOf(chars[k]!, i);
      next[k] = at < 0 ? n : at;
    }
    if (next[k]! < p) p = next[k]!;
  }
  return p;
}

/** Only blanks since the start of the line: then `#` starts a directive. */
export function atLineStart(src: Uint8Array, p: number): boolean {
  for (let k = p - 1; k >= 0; k--) {
    const c = src[k]!;
    if (c === NL) return true;
    if (c !== SPACE && c !== TAB && c !== CR && c !== 12 && c !== 11) return false;
  }
  return true;
}

function isIf(name: string): boolean {
  return name === 'if' || name === 'ifdef' || name === 'ifndef';
}

/** Updates the `#if` stack for one directive; returns whether the code after it is dead. */
function applyConditional(groups: Group[], name: string, body: string, dead: boolean): boolean {
  if (isIf(name)) {
    if (dead) {
      groups.push({ mode: Mode.Dead, live: false });
      return true;
    }
    const k = name === 'if' ? constantCondition(body) : undefined;
    if (k === 0) groups.push({ mode: Mode.Zero, live: false });
    else if (k === 1) groups.push({ mode: Mode.One, live: true });
    else groups.push({ mode: Mode.Unknown, live: true });
    return !groups[groups.length - 1]!.live;
  }
  const g = groups[groups.length - 1];
  if (!g) return dead; // stray #else/#endif: the compiler rejects it; keep going
  if (name === 'elif' || name === 'else') {
    if (g.mode === Mode.Dead) return true;
    if (g.mode === Mode.One) {
      g.live = false;
      return true;
    }
    if (g.mode === Mode.Zero) {
      const k = name === 'else' ? 1 : constantCondition(body);
      if (k === 0) return true;
      g.mode = k === 1 ? Mode.One : Mode.Unknown;
      g.live = true;
      return false;
    }
    return false;
  }
  if (name === 'endif') {
    groups.pop();
    const parent = groups[groups.length - 1];
    return parent ? !parent.live || parent.mode === Mode.Dead : false;
  }
  return dead;
}

const END_COMMENT = Buffer.from('*/');

export function blockCommentEnd(src: Buffer, i: number): number {
  const e = src.indexOf(END_COMMENT, i + 2);
  return e < 0 ? src.length : e + 2;
}

/** A `//` comment runs to the end of the line, continued by a trailing backslash. */
export function lineCommentEnd(src: Buffer, i: number): number {
  let j = i;
  for (;;) {
    const nl = src.indexOf(NL, j);
    if (nl < 0) return src.length;
    let b = nl - 1;
    if (src[b] === CR) b--;
    if (src[b] !== BSLASH) return nl;
    j = nl + 1;
  }
}

/** A string or char literal ends at its unescaped quote, or (unterminated) at the newline. */
export function literalEnd(src: Uint8Array, i: number, q: number): number {
  let j = i + 1;
  while (j < src.length) {
    const c = src[j]!;
    if (c === BSLASH) {
      j += 2;
      continue;
    }
    if (c === q) return j + 1;
    if (c === NL) return j;
    j++;
  }
  return src.length;
}

/**
 * A directive from its `#` to the newline that is neither escaped nor inside a block comment.
 * Only the name is read here; the body is built on demand (directiveBody): a register header
 * has hundreds of thousands of #defines nobody needs the text of.
 */
export function readDirective(src: Buffer, start: number): Directive {
  const n = src.length;
  let j = start + 1;
  while (j < n && (src[j] === SPACE || src[j] === TAB)) j++;
  const nameStart = j;
  while (j < n && isIdentByte(src[j]!)) j++;
  const name = latin1Of(src, nameStart, j);
  const bodyStart = j;
  while (j < n) {
    const c = src[j]!;
    if (c === NL) break;
    if (c === BSLASH && (src[j + 1] === NL || (src[j + 1] === CR && src[j + 2] === NL))) {
      j += src[j + 1] === NL ? 2 : 3;
      continue;
    }
    if (c === SLASH && src[j + 1] === STAR) {
      j = blockCommentEnd(src, j);
      continue;
    }
    if (c === SLASH && src[j + 1] === SLASH) {
      j = lineCommentEnd(src, j);
      break;
    }
    if (c === DQUOTE || c === SQUOTE) {
      j = literalEnd(src, j, c);
      continue;
    }
    j++;
  }
  // `#if`/`#elif` conditions are needed at once (#if 0); they are short.
  const d: Directive = { offset: start, end: j, name, bodyStart, condDepth: 0, cond: '' };
  if (name === 'if' || name === 'elif') d.cond = directiveBody(src, d).body;
  return d;
}

function isIdentByte(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

function latin1Of(src: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let k = from; k < to; k++) s += String.fromCharCode(src[k]!);
  return s;
}

/**
 * A directive's body: continuation lines joined, comments replaced by one space, string
 * literals verbatim, leading blanks dropped; `offsets[k]` is the file offset of `body[k]`.
 */
export function directiveBody(src: Uint8Array | string, d: Directive): { body: string; offsets: Int32Array } {
  const at = typeof src === 'string' ? (k: number) => src.charCodeAt(k) : (k: number) => src[k]!;
  const chars: number[] = [];
  const offs: number[] = [];
  const end = d.end;
  let j = d.bodyStart;
  while (j < end) {
    const c = at(j);
    if (c === BSLASH && (at(j + 1) === NL || (at(j + 1) === CR && at(j + 2) === NL))) {
      j += at(j + 1) === NL ? 2 : 3;
      continue;
    }
    if (c === SLASH && at(j + 1) === STAR) {
      let k = j + 2;
      while (k < end && !(at(k) === STAR && at(k + 1) === SLASH)) k++;
      chars.push(SPACE);
      offs.push(j);
      j = k + 2;
      continue;
    }
    if (c === SLASH && at(j + 1) === SLASH) break;
    if (c === DQUOTE || c === SQUOTE) {
      let k = j + 1;
      while (k < end && at(k) !== c && at(k) !== NL) k += at(k) === BSLASH ? 2 : 1;
      for (let q = j; q <= Math.min(k, end - 1); q++) {
        if (at(q) === NL) continue;
        chars.push(at(q));
        offs.push(q);
      }
      j = k + 1;
      continue;
    }
    if (c !== CR && c !== NL) {
      chars.push(c);
      offs.push(j);
    }
    j++;
  }
  let lead = 0;
  while (lead < chars.length && (chars[lead] === SPACE || chars[lead] === TAB)) lead++;
  let body = '';
  for (let k = lead; k < chars.length; k += 4096)
    body += String.fromCharCode(...chars.slice(k, Math.min(k + 4096, chars.length)));
  return { body, offsets: Int32Array.from(offs.slice(lead)) };
}
