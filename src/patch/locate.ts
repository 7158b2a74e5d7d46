/*
 * Locating anchors by name in C text, the way a reviewer would: "the body of netif_idx_release()",
 * "struct xen_netbk", "the for loop over group in netback_init()". Never line numbers, so a tree
 * with extra functions, moved code or different whitespace still works. Every lookup that fails
 * throws a NetbackError naming the file, the anchor and the nearest names that do exist.
 */
import { NetbackError } from '../core/errors.js';
import { type CText, matchBracket, lineStart, lineEnd } from './c-text.js';
import { nearest } from './nearest.js';

/** A half-open byte range [start, end) of the original text. */
export interface Span {
  start: number;
  end: number;
}

/** A braced construct: `start` is the start of its first line, `open`/`close` its braces. */
export interface Block extends Span {
  name: string;
  /** Offset of `{`. */
  open: number;
  /** Offset of the matching `}`. */
  close: number;
}

export type AnchorKind = 'function' | 'struct' | 'statement' | 'module_param' | 'loop' | 'call';

function missing(src: CText, kind: AnchorKind, name: string, candidates: string[], where?: string): NetbackError {
  const near = nearest(name, candidates, 3);
  const scope = where ? ` in ${where}()` : '';
  return new NetbackError('anchor-missing', `anchor ${kind} '${name}'${scope} not found`, {
    file: src.path,
    hint: near.length ? `nearest: ${near.join(', ')}` : `no ${kind} of that kind in the file`,
  });
}

function depthTable(masked: string): Int32Array {
  const d = new Int32Array(masked.length + 1);
  let depth = 0;
  for (let i = 0; i < masked.length; i++) {
    d[i] = depth;
    const ch = masked[i];
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
  }
  d[masked.length] = depth;
  return d;
}
const depths = new WeakMap<CText, Int32Array>();
function depthAt(src: CText, offset: number): number {
  let t = depths.get(src);
  if (!t) depths.set(src, (t = depthTable(src.masked)));
  return t[offset]!;
}

/** Every function defined at file scope: name, header start, body braces. */
export function listFunctions(src: CText): Block[] {
  const out: Block[] = [];
  const m = src.masked;
  const re = /\b([A-Za-z_]\w*)\s*\(/g;
  for (let r = re.exec(m); r; r = re.exec(m)) {
    const nameAt = r.index;
    if (depthAt(src, nameAt) !== 0) continue;
    const paren = r.index + r[0].length - 1;
    const closeParen = matchBracket(m, paren);
    if (closeParen < 0) continue;
    // Skip attributes between `)` and `{` are not kernel style; whitespace only.
    let k = closeParen + 1;
    while (k < m.length && /\s/.test(m[k]!)) k++;
    if (m[k] !== '{') {
      re.lastIndex = closeParen + 1;
      continue;
    }
    const close = matchBracket(m, k);
    if (close < 0) continue;
    if (/^(if|for|while|switch|return|sizeof)$/.test(r[1]!)) continue;
    // The header may put the return type on the line above (`static int __init\nnetback_init(void)`).
    let start = lineStart(m, nameAt);
    if (start === nameAt && start > 0) {
      const prev = lineStart(m, start - 1);
      const prevLine = m.slice(prev, start).trim();
      if (prevLine && !/[;}]$/.test(prevLine) && !prevLine.startsWith('#')) start = prev;
    }
    out.push({ name: r[1]!, start, open: k, close, end: lineEnd(m, close) });
    re.lastIndex = close + 1;
  }
  return out;
}

/** The definition (with body) of function `name`. */
export function findFunction(src: CText, name: string): Block {
  const all = listFunctions(src);
  const hit = all.find((f) => f.name === name);
  if (!hit) throw missing(src, 'function', name, all.map((f) => f.name));
  return hit;
}

/** Whether the file defines function `name` (with a body). */
export function hasFunction(src: CText, name: string): boolean {
  return listFunctions(src).some((f) => f.name === name);
}

/** `struct name { ... };` at file scope. */
export function findStruct(src: CText, name: string): Block {
  const m = src.masked;
  const re = /\bstruct\s+([A-Za-z_]\w*)\s*\{/g;
  const names: string[] = [];
  for (let r = re.exec(m); r; r = re.exec(m)) {
    if (depthAt(src, r.index) !== 0) continue;
    names.push(r[1]!);
    if (r[1] !== name) continue;
    const open = r.index + r[0].length - 1;
    const close = matchBracket(m, open);
    if (close < 0) break;
    return { name, start: lineStart(m, r.index), open, close, end: lineEnd(m, close) };
  }
  throw missing(src, 'struct', name, names);
}

/**
 * One statement inside `within` whose text (comments ignored, whitespace collapsed) matches
 * `pattern`. The span covers whole lines, from the statement's first line to the line of its `;`.
 */
export function findStatement(src: CText, within: Block, pattern: RegExp, label: string): Span {
  const hits = findStatements(src, within, pattern);
  if (!hits.length) throw missing(src, 'statement', label, statementsIn(src, within).map((s) => s.text), within.name);
  return hits[0]!;
}

/** Every statement inside `within` matching `pattern` (see findStatement), in order. */
export function findStatements(src: CText, within: Block, pattern: RegExp): Span[] {
  return statementsIn(src, within)
    .filter((s) => pattern.test(s.text))
    .map(({ start, end }) => ({ start, end }));
}

/** The simple statements of a block: text between `;`, `{` and `}`, with their line spans. */
function statementsIn(src: CText, within: Block): Array<Span & { text: string }> {
  const m = src.masked;
  const out: Array<Span & { text: string }> = [];
  let from = within.open + 1;
  for (let i = from; i < within.close; i++) {
    const ch = m[i];
    if (ch === '#' && /^[ \t]*$/.test(m.slice(lineStart(m, i), i))) {
      // A preprocessor line (with its continuations) ends what came before and is no statement:
      // without this, a declaration after `#include`s would start at the first `#include`.
      let e = m.indexOf('\n', i);
      while (e > 0 && m[e - 1] === '\\') e = m.indexOf('\n', e + 1);
      i = e < 0 || e > within.close ? within.close : e;
      from = i + 1;
    } else if (ch === '{' || ch === '}') {
      from = i + 1;
    } else if (ch === '(') {
      const c = matchBracket(m, i);
      if (c > 0 && c < within.close) i = c;
    } else if (ch === ';') {
      const text = m.slice(from, i + 1).replace(/\s+/g, ' ').trim();
      const first = from + (m.slice(from).length - m.slice(from).trimStart().length);
      if (text !== ';') out.push({ start: lineStart(m, first), end: lineEnd(m, i), text });
      from = i + 1;
    }
  }
  return out;
}

/** `module_param(name, ...)` or `module_param_named(name, ...)`; the span covers its line(s). */
export function findModuleParam(src: CText, name: string): Span {
  const m = src.masked;
  const re = /\bmodule_param(?:_named)?\s*\(\s*([A-Za-z_]\w*)/g;
  const names: string[] = [];
  for (let r = re.exec(m); r; r = re.exec(m)) {
    names.push(r[1]!);
    if (r[1] === name) {
      const close = matchBracket(m, m.indexOf('(', r.index));
      return { start: lineStart(m, r.index), end: lineEnd(m, close) };
    }
  }
  throw missing(src, 'module_param', name, names);
}

/**
 * A `for`/`while` loop inside `within` whose header (the text in its parentheses, whitespace
 * collapsed) matches `header`. Returns the loop as a block: `open`/`close` are its body braces.
 */
export function findLoop(src: CText, within: Block, header: RegExp, label: string): Block {
  const m = src.masked;
  const re = /\b(for|while)\s*\(/g;
  re.lastIndex = within.open;
  const seen: string[] = [];
  for (let r = re.exec(m); r && r.index < within.close; r = re.exec(m)) {
    const paren = r.index + r[0].length - 1;
    const cp = matchBracket(m, paren);
    const text = m.slice(paren + 1, cp).replace(/\s+/g, ' ').trim();
    seen.push(`${r[1]} (${text})`);
    let k = cp + 1;
    while (/\s/.test(m[k] ?? '')) k++;
    if (!header.test(text) || m[k] !== '{') continue;
    const close = matchBracket(m, k);
    return { name: label, start: lineStart(m, r.index), open: k, close, end: lineEnd(m, close) };
  }
  throw missing(src, 'loop', label, seen, within.name);
}

/** The statement inside `within` that calls `callee(`. */
export function findCall(src: CText, within: Block, callee: string): Span {
  const re = new RegExp(`\\b${callee}\\s*\\(`);
  const hits = findStatements(src, within, re);
  if (!hits.length) {
    const calls = [...new Set([...src.masked.slice(within.open, within.close).matchAll(/\b([A-Za-z_]\w*)\s*\(/g)].map((x) => x[1]!))];
    throw missing(src, 'call', callee, calls, within.name);
  }
  return hits[0]!;
}

/** The whole file as a block, for file-scope lookups. */
function fileBlock(src: CText): Block {
  return { name: src.path, start: 0, open: -1, close: src.masked.length, end: src.masked.length };
}

/** A file-scope statement (declaration, macro call ending in `;`) matching `pattern`. */
export function findFileStatement(src: CText, pattern: RegExp, label: string): Span {
  const hit = findFileStatements(src, pattern)[0];
  if (!hit) {
    const all = statementsIn(src, fileBlock(src)).filter((s) => depthAt(src, s.start) === 0);
    throw missing(src, 'statement', label, all.map((s) => s.text));
  }
  return hit;
}

/** Every file-scope statement matching `pattern`. */
export function findFileStatements(src: CText, pattern: RegExp): Span[] {
  return statementsIn(src, fileBlock(src))
    .filter((s) => depthAt(src, s.start) === 0 && pattern.test(s.text))
    .map(({ start, end }) => ({ start, end }));
}

/** The text of a span with comments removed and whitespace collapsed, for comparisons. */
export function normalized(src: CText, span: Span): string {
  return src.masked.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
}

/** Start of the block comment that ends on the line just above `offset`'s line, else that line. */
export function withLeadingComment(src: CText, offset: number): number {
  const ls = lineStart(src.text, offset);
  if (ls === 0) return ls;
  const prevStart = lineStart(src.text, ls - 1);
  if (!/\*\/\s*$/.test(src.text.slice(prevStart, ls))) return ls;
  const open = src.text.lastIndexOf('/*', ls);
  return open < 0 ? ls : lineStart(src.text, open);
}

/** The parameter names of a function, in order (`(struct x *a, int b)` → [a, b]). */
export function paramNames(src: CText, fn: Block): string[] {
  const head = src.masked.slice(fn.start, fn.open);
  const open = head.indexOf('(');
  const close = head.lastIndexOf(')');
  return head
    .slice(open + 1, close)
    .split(',')
    .map((p) => /([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*$/.exec(p.trim())?.[1] ?? '')
    .filter((n) => n && n !== 'void');
}
