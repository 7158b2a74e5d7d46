/*
 * Locating anchors by name in C text, the way a reviewer would: "the body of netif_idx_release()",
 * "struct xen_netbk", "the for loop over group in netback_init()". Never line numbers, so a tree
 * with extra functions, moved code or different whitespace still works. Every lookup that fails
 * throws a NetbackError naming the file, the anchor and the nearest names that do exist.
 */
import { NetbackError } from '../core/errors.js';
import { type CText, matchBracket, lineStart, lineEnd } from './c-text.js';
import { nearest } from './nearest.js';
import { depthsOf, functionsOf, scanText, type TextScan } from '../c/functions.js';

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

const scans = new WeakMap<CText, TextScan>();
function scanOf(src: CText): TextScan {
  let t = scans.get(src);
  if (!t) scans.set(src, (t = scanText(src.text)));
  return t;
}

/** The items at file scope (brace depth 0), by the C scanner's structure walk. */
function atFileScope<T>(src: CText, items: T[], offsetOf: (item: T) => number): T[] {
  const depths = depthsOf(scanOf(src), items.map(offsetOf));
  return items.filter((_, k) => depths[k] === 0);
}

const functions = new WeakMap<CText, Block[]>();

/**
 * Every function defined at file scope: name, header start, body braces. Found by the C scanner
 * lint-source uses (src/c/), so annotated heads (`__releases(x)`) and preprocessor alternatives
 * read the same in both.
 */
export function listFunctions(src: CText): Block[] {
  let out = functions.get(src);
  if (out) return out;
  const m = src.masked;
  out = functionsOf(scanOf(src)).map((f) => {
    // The header may put the return type on the line above (`static int __init\nnetback_init(void)`).
    let start = lineStart(m, f.nameOffset);
    if (start === f.nameOffset && start > 0) {
      const prev = lineStart(m, start - 1);
      const prevLine = m.slice(prev, start).trim();
      if (prevLine && !/[;}]$/.test(prevLine) && !prevLine.startsWith('#')) start = prev;
    }
    return { name: f.name, start, open: f.open, close: f.close, end: lineEnd(m, f.close) };
  });
  functions.set(src, out);
  return out;
}

/** The definition (with body) of function `name`. */
export function findFunction(src: CText, name: string): Block {
  const all = listFunctions(src);
  const hit = all.find((f) => f.name === name);
  if (!hit) throw missing(src, 'function', name, blockNames(all));
  return hit;
}

/** Whether the file defines function `name` (with a body). */
export function hasFunction(src: CText, name: string): boolean {
  return listFunctions(src).some((f) => f.name === name);
}

/** `struct name { ... };` at file scope. */
export function findStruct(src: CText, name: string): Block {
  const m = src.masked;
  const names: string[] = [];
  for (const r of atFileScope(src, [...m.matchAll(/\bstruct\s+([A-Za-z_]\w*)\s*\{/g)], (x) => x.index)) {
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
  return first(src, statementsIn(src, within), pattern, label, within.name);
}

/** Every statement inside `within` matching `pattern` (see findStatement), in order. */
export function findStatements(src: CText, within: Block, pattern: RegExp): Span[] {
  return matching(statementsIn(src, within), pattern);
}

/** A statement's line span and its text (comments ignored, whitespace collapsed). */
type Statement = Span & { text: string };

/** The spans of the statements matching `pattern`, in order. */
function matching(all: Statement[], pattern: RegExp): Span[] {
  return all.filter((s) => pattern.test(s.text)).map(({ start, end }) => ({ start, end }));
}

/** The first statement matching `pattern`, else the error naming the nearest of `all` (in function `where`). */
function first(src: CText, all: Statement[], pattern: RegExp, label: string, where?: string): Span {
  const hit = matching(all, pattern)[0];
  if (!hit) throw missing(src, 'statement', label, statementTexts(all), where);
  return hit;
}

/** What a failed lookup saw instead, for its error: the names of blocks, the texts of statements. */
const blockNames = (blocks: Block[]): string[] => blocks.map((b) => b.name);
const statementTexts = (statements: Statement[]): string[] => statements.map((s) => s.text);

/** The simple statements of a block: text between `;`, `{` and `}`, with their line spans. */
function statementsIn(src: CText, within: Block): Statement[] {
  const m = src.masked;
  const out: Statement[] = [];
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
      const text = m
        .slice(from, i + 1)
        .replace(/\s+/g, ' ')
        .trim();
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
    const text = m
      .slice(paren + 1, cp)
      .replace(/\s+/g, ' ')
      .trim();
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
    const calls = [
      ...new Set([...src.masked.slice(within.open, within.close).matchAll(/\b([A-Za-z_]\w*)\s*\(/g)].map((x) => x[1]!)),
    ];
    throw missing(src, 'call', callee, calls, within.name);
  }
  return hits[0]!;
}

/** The whole file as a block, for file-scope lookups. */
function fileBlock(src: CText): Block {
  return { name: src.path, start: 0, open: -1, close: src.masked.length, end: src.masked.length };
}

/** The statements at file scope: declarations, macro calls ending in `;`. */
function fileStatements(src: CText): Statement[] {
  return atFileScope(src, statementsIn(src, fileBlock(src)), (s) => s.start);
}

/** A file-scope statement (declaration, macro call ending in `;`) matching `pattern`. */
export function findFileStatement(src: CText, pattern: RegExp, label: string): Span {
  return first(src, fileStatements(src), pattern, label);
}

/** Every file-scope statement matching `pattern`. */
export function findFileStatements(src: CText, pattern: RegExp): Span[] {
  return matching(fileStatements(src), pattern);
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
