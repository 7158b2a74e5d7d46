/*
 * Pass 2 of the C scanner: finds function bodies in the code-only bytes from lexer.ts.
 *
 * C functions never nest, so the only question is what each `{` at file scope opens. We keep
 * the "head" since the last `;` or `}` at file scope: a head that ends in a parameter list
 * (optionally followed by `__attribute__((...))`/`__acquires(x)`-style annotations) and has no
 * `=` outside parentheses opens a function body; anything else (struct/union/enum bodies,
 * initialisers, braces inside a file-scope macro's parentheses) is not a function. Getting this
 * wrong in the safe direction only loses findings, never reports a file-scope static.
 *
 * Preprocessor branches may leave braces unbalanced (`#ifdef A` `void f(int a) {` `#else`
 * `void f(void) {` `#endif`): at `#else`/`#elif` we rewind to the state at `#if`, and at `#endif`
 * keep the last branch's state when the branches agree on depth, the first branch's otherwise
 * (what a reader of the code assumes: the first branch is the primary one). The branches not
 * kept are blanked in a private copy used only to read heads, so `#if A` `int x = 1;` `#else`
 * `#endif` `void f(void) {` is still a function.
 */
import type { Directive, FunctionBody } from './model.js';
import { asBuffer } from './bytes.js';
import { nextStop } from './lexer.js';

const LBRACE = 123;
const RBRACE = 125;
const LPAREN = 40;
const RPAREN = 41;
const SEMI = 59;

interface OpenFunction {
  name: string;
  nameOffset: number;
  params: string;
  open: number;
}

interface State {
  depth: number;
  /** Parenthesis depth at file scope (braces inside parentheses are not function bodies). */
  paren: number;
  headStart: number;
  /** Just after the last body closed at file scope: where an old-style (K&R) head may begin. */
  runStart: number;
  fn: OpenFunction | null;
}

interface Branch {
  atIf: State;
  firstEnd: State | null;
  /** [start, end) of each branch's text, for blanking the branches not kept. */
  ranges: Array<[number, number]>;
  branchStart: number;
}

/** The code with abandoned preprocessor branches blanked, made only when a file has some. */
class Heads {
  private alt: Uint8Array | null = null;
  constructor(
    private readonly code: Uint8Array,
    private readonly codeText: string,
  ) {}
  blank(from: number, to: number): void {
    if (to <= from) return;
    this.alt ??= this.code.slice();
    for (let k = from; k < to; k++) if (this.alt[k] !== 10) this.alt[k] = 32;
  }
  head(start: number, brace: number, runStart = start): OpenFunction | null {
    const fn = this.read(start, brace, functionHead);
    if (fn || start === runStart) return fn;
    // An old-style head: `int f(a, b) int a; char *b;` spans the statements before the `{`:
    // it begins after the `;` or `}` before the last parameter list since the last body. Only
    // a `;` right before the `{` can end one (not a struct tag, not an initialiser's `=`).
    const b = this.alt ?? this.code;
    let k = brace - 1;
    while (k >= runStart && isSpace(b[k]!)) k--;
    if (k < runStart || b[k] !== SEMI) return null;
    while (k >= runStart && b[k] !== RPAREN) k--;
    for (let depth = 0; k >= runStart; k--) {
      if (b[k] === RPAREN) depth++;
      else if (b[k] === LPAREN && --depth === 0) break;
    }
    while (k > runStart && b[k - 1] !== SEMI && b[k - 1] !== RBRACE) k--;
    return k > runStart || k === runStart ? this.read(Math.max(k, runStart), brace, krHead) : null;
  }
  private read(start: number, brace: number, parse: typeof functionHead): OpenFunction | null {
    if (!this.alt) return parse(this.codeText, start, brace);
    const text = asBuffer(this.alt).toString('latin1', start, brace + 1);
    const fn = parse(text, 0, brace - start);
    return fn && { ...fn, nameOffset: fn.nameOffset + start, open: brace };
  }
}

const copy = (s: State): State => ({
  depth: s.depth,
  paren: s.paren,
  headStart: s.headStart,
  runStart: s.runStart,
  fn: s.fn,
});

// At file scope (with heads), what else can matter besides braces.
const FILE_SCOPE = [LBRACE, RBRACE, LPAREN, RPAREN, SEMI];

// Characters that can matter: braces, parentheses, semicolons. Everything else is skipped fast.
const INTERESTING = new Uint8Array(256);
for (const c of [LBRACE, RBRACE, LPAREN, RPAREN, SEMI]) INTERESTING[c] = 1;

export function findFunctions(code: Uint8Array, codeText: string, directives: Directive[]): FunctionBody[] {
  return walk(code, directives, new Heads(code, codeText), []).functions;
}

/**
 * findFunctions' bodies as far as an offset up to `last` can be in one: the walk stops at the
 * first byte past `last` where it is at file scope with no `#if` group open. Nothing after that
 * can open, close or drop a function begun before it (`#else`/`#elif` only rewind to a state
 * saved at an `#if` still open), so for every offset up to `last`, functionAt on this list
 * answers as on findFunctions' (tested at every offset of the table cases). A lock in a
 * function near the top of a large file then costs a walk of the top only.
 */
export function functionsThrough(
  code: Uint8Array,
  codeText: string,
  directives: Directive[],
  last: number,
): FunctionBody[] {
  return walk(code, directives, new Heads(code, codeText), [], last).functions;
}

/**
 * The brace depth at each of `offsets` (ascending), by the same walk as findFunctions (the same
 * branch rewinding) without reading any function head, and stopping at the last offset. Depth 0
 * is file scope: findFunctions would find no function there. Most static locks are file-scope
 * globals near the top of a file, so this settles them at a fraction of findFunctions' cost.
 */
export function depthsAt(code: Uint8Array, directives: Directive[], offsets: number[]): number[] {
  return walk(code, directives, null, offsets).depths;
}

function walk(
  code: Uint8Array,
  directives: Directive[],
  heads: Heads | null,
  offsets: number[],
  settleAfter = -1,
): { functions: FunctionBody[]; depths: number[] } {
  const out: FunctionBody[] = [];
  const depths: number[] = [];
  let s: State = { depth: 0, paren: 0, headStart: 0, runStart: 0, fn: null };
  const branches: Branch[] = [];
  let di = 0;
  const conditionals = directives.filter((d) => /^(if|ifdef|ifndef|elif|else|endif)$/.test(d.name));
  let nextDirective = conditionals.length ? conditionals[0]!.offset : code.length;
  // Without heads, the walk ends at the last offset asked about.
  const n = heads ? code.length : Math.min(code.length, offsets.length ? offsets[offsets.length - 1]! + 1 : 0);
  let oi = 0;
  let nextOffset = offsets.length ? offsets[0]! : -1;

  // Inside a body only braces matter (and without heads, only braces matter anywhere): jump
  // from brace to brace with memchr (Buffer.indexOf) instead of reading every byte. At file
  // scope with heads, parentheses and `;` matter too: jump to the next of any of them.
  const bytes = asBuffer(code);
  let nextOpen = -1;
  let nextClose = -1;
  const at0 = FILE_SCOPE.map(() => -1);
  for (let i = 0; i < n; i++) {
    if (i > settleAfter && settleAfter >= 0 && s.depth === 0 && branches.length === 0) break;
    while (nextOffset >= 0 && nextOffset <= i) {
      depths.push(s.depth);
      nextOffset = ++oi < offsets.length ? offsets[oi]! : -1;
    }
    if (i === nextDirective) {
      const d = conditionals[di++]!;
      nextDirective = di < conditionals.length ? conditionals[di]!.offset : code.length;
      s = applyBranch(branches, d, s, heads);
      i = d.end - 1;
      continue;
    }
    if (s.depth > 0 || !heads) {
      if (nextOpen < i) nextOpen = bytes.indexOf(LBRACE, i) >>> 0; // -1 becomes 2^32-1: never
      if (nextClose < i) nextClose = bytes.indexOf(RBRACE, i) >>> 0;
      let j = Math.min(nextOpen, nextClose, nextDirective, n);
      if (nextOffset >= 0 && nextOffset < j) j = nextOffset;
      if (j > i) {
        i = j - 1;
        continue;
      }
    } else {
      let j = Math.min(nextStop(bytes, i, FILE_SCOPE, at0), nextDirective, n);
      if (nextOffset >= 0 && nextOffset < j) j = nextOffset;
      if (j > i) {
        i = j - 1;
        continue;
      }
    }
    const c = code[i]!;
    if (INTERESTING[c] === 0) continue;
    if (s.depth === 0) {
      if (c === LPAREN) s.paren++;
      else if (c === RPAREN) s.paren = Math.max(0, s.paren - 1);
      else if (c === SEMI) {
        if (s.paren === 0) s.headStart = i + 1;
      } else if (c === LBRACE) {
        s.depth = 1;
        s.fn = s.paren === 0 && heads ? heads.head(s.headStart, i, s.runStart) : null;
      } else if (c === RBRACE) {
        // A stray `}` at file scope (unbalanced preprocessor branches): start afresh.
        s.headStart = s.runStart = i + 1;
        s.paren = 0;
      }
      continue;
    }
    if (c === LBRACE) s.depth++;
    else if (c === RBRACE) {
      s.depth--;
      if (s.depth === 0 && s.fn) {
        out.push({ ...s.fn, close: i });
        s.fn = null;
        s.headStart = s.runStart = i + 1;
      }
      // After a struct body or initialiser the declaration goes on to its `;`.
    }
  }
  // Offsets past the end get the depth where the walk stopped.
  while (depths.length < offsets.length) depths.push(s.depth);
  if (s.fn) out.push({ ...s.fn, close: code.length });
  out.sort((a, b) => a.open - b.open);
  return { functions: out, depths };
}

function applyBranch(branches: Branch[], d: Directive, s: State, heads: Heads | null): State {
  const name = d.name;
  if (name === 'if' || name === 'ifdef' || name === 'ifndef') {
    branches.push({ atIf: copy(s), firstEnd: null, ranges: [], branchStart: d.end });
    return s;
  }
  const b = branches[branches.length - 1];
  if (!b) return s;
  b.ranges.push([b.branchStart, d.offset]);
  b.branchStart = d.end;
  if (name === 'elif' || name === 'else') {
    if (!b.firstEnd) b.firstEnd = copy(s);
    return copy(b.atIf);
  }
  branches.pop();
  if (b.ranges.length < 2) return s;
  const keepFirst = !!b.firstEnd && b.firstEnd.depth !== s.depth;
  const kept = keepFirst ? 0 : b.ranges.length - 1;
  if (heads) b.ranges.forEach(([from, to], k) => k !== kept && heads.blank(from, to));
  return keepFirst ? b.firstEnd! : s;
}

/** C keywords that look like a call when followed by `(`: never a function's (or a call's) name. */
export const NOT_FUNCTION_NAMES: ReadonlySet<string> = new Set([
  'if',
  'for',
  'while',
  'switch',
  'return',
  'sizeof',
  'typeof',
  '__typeof__',
  'do',
  'else',
]);
const NOT_FUNCTIONS = NOT_FUNCTION_NAMES;

/**
 * If `code[start..brace)` is a function definition's head, its name and parameters. Trailing
 * annotations (`__acquires(x)`, `__attribute__((x))`, `__must_hold(x)`) are skipped.
 */
function functionHead(code: string, start: number, brace: number): OpenFunction | null {
  let end = brace - 1;
  while (end >= start && isSpace(code.charCodeAt(end))) end--;
  for (let guard = 0; guard < 8; guard++) {
    if (end < start || code.charCodeAt(end) !== RPAREN) return null;
    const open = matchingOpen(code, start, end);
    if (open < 0) return null;
    let k = open - 1;
    while (k >= start && isSpace(code.charCodeAt(k))) k--;
    const idEnd = k + 1;
    while (k >= start && isIdent(code.charCodeAt(k))) k--;
    const name = code.slice(k + 1, idEnd);
    if (!name || /^\d/.test(name) || NOT_FUNCTIONS.has(name)) return null;
    let before = k;
    while (before >= start && isSpace(code.charCodeAt(before))) before--;
    if (name.startsWith('__') && code.charCodeAt(before) === RPAREN) {
      end = before; // an annotation after the parameter list
      continue;
    }
    if (hasTopLevelAssign(code, start, k + 1)) return null;
    return {
      name,
      nameOffset: k + 1,
      params: code
        .slice(open + 1, end)
        .replace(/\s+/g, ' ')
        .trim(),
      open: brace,
    };
  }
  return null;
}

/**
 * An old-style (K&R) definition's head in `code[start..brace)`: `name(a, b)` with identifiers
 * only, then declarations of exactly those names, each ending in `;`, up to the `{`. The
 * parameters come out as a prototype's (`int a, char *b`), in the list's order.
 */
function krHead(code: string, start: number, brace: number): OpenFunction | null {
  const text = code.slice(start, brace);
  const m = /^([^;{}()=]*?)\b([A-Za-z_]\w*)\s*\(\s*([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*\)([^{}()=]*;)\s*$/.exec(
    text,
  );
  if (!m || NOT_FUNCTIONS.has(m[2]!) || /^\d/.test(m[2]!)) return null;
  const list = m[3]!.split(',').map((x) => x.trim());
  if (list.some((x) => KR_NOT_NAMES.has(x))) return null;
  const declared = new Map<string, string>();
  for (const decl of m[4]!.split(';').slice(0, -1)) {
    const parts = decl.split(',');
    const first = /^\s*(.*?)([*\s]*)([A-Za-z_]\w*)\s*((?:\[[^\]]*\])*)\s*$/.exec(parts[0]!);
    if (!first || !first[1]!.trim()) return null;
    const base = first[1]!.trim();
    for (const part of parts) {
      const d = /^\s*([*\s]*)([A-Za-z_]\w*)\s*((?:\[[^\]]*\])*)\s*$/.exec(
        part === parts[0] ? `${first[2]}${first[3]}${first[4]}` : part,
      );
      if (!d || !list.includes(d[2]!)) return null;
      declared.set(d[2]!, `${base} ${d[1]!.replace(/\s+/g, '')}${d[2]}${d[3]}`.replace(/\s+/g, ' '));
    }
  }
  const params = list.map((x) => declared.get(x) ?? `int ${x}`).join(', ');
  return { name: m[2]!, nameOffset: start + m[1]!.length, params, open: brace };
}

/** Words that cannot be an old-style parameter (`int f(void) ...`, `f(int)`). */
const KR_NOT_NAMES = new Set([
  'void',
  'int',
  'char',
  'long',
  'short',
  'unsigned',
  'signed',
  'float',
  'double',
  'struct',
  'union',
  'enum',
  'const',
  'volatile',
]);

function matchingOpen(code: string, start: number, close: number): number {
  let depth = 0;
  for (let i = close; i >= start; i--) {
    const c = code.charCodeAt(i);
    if (c === RPAREN) depth++;
    else if (c === LPAREN && --depth === 0) return i;
  }
  return -1;
}

function hasTopLevelAssign(code: string, start: number, end: number): boolean {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = code.charCodeAt(i);
    if (c === LPAREN || c === 91 || c === LBRACE) depth++;
    else if (c === RPAREN || c === 93 || c === RBRACE) depth--;
    else if (c === 61 && depth === 0) return true;
  }
  return false;
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}

export function isIdent(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}
