/*
 * What the names in one function body are: its parameters, its automatic locals (and which of
 * them point at state reached from a parameter), its function-static variables. Read from the
 * code-only text (comments and literal bodies blanked) by declaration shape, without headers:
 * function-static-lock's classify.ts resolves every name a critical section touches here.
 */
import type { FunctionBody } from '../../../src/lint/source/scanning/model.js';
import { splitTop } from './text.js';

/** A parameter or a variable declared in the body. */
export interface Declared {
  name: string;
  /** Its type as written, blanks normalised (`struct xen_netbk *`). */
  type: string;
  /** A pointer or an array: state is reached through it. */
  indirect: boolean;
  /** Declared `static` in the body. */
  isStatic: boolean;
  /** Initialiser and later assignments, as text (locals only). */
  sources: string[];
  /** For an instance local: the parameter or local its value comes from. */
  from?: string;
}

/**
 * Where the state behind a name lives: `instance` (a pointer parameter, or a local pointer whose
 * value comes from one), `global` (a function-static, or a local pointer whose value comes from
 * global data), `local` (automatic data of this call).
 */
export type Origin = 'instance' | 'global' | 'local';

export interface FunctionNames {
  params: Map<string, Declared>;
  locals: Map<string, Declared>;
  origin(name: string): Origin | undefined;
  /**
   * The struct of the instance a name reaches and the name that has that type: its own, or for
   * a `void *`/`char *` local (`dest = relay_reserve(dev->chan, n)`) the one its value comes from.
   */
  owner(name: string): { struct: string; via: string };
}

/**
 * Parameters whose objects are global data however many there are: a sysctl handler's
 * `struct ctl_table` is a static table entry, its `->data` the knob's global variable.
 */
const GLOBAL_PARAM = /\bstruct\s+ctl_table\b/;
/** Pointers to plain data (`void *buf`, `const char __user *s`, `u8 *mac`): the caller's buffer. */
const BUFFER =
  /^(?:(?:const|volatile|unsigned|signed|__user|__iomem|__force)\s+)*(?:void|char|short|int|long|bool|size_t|loff_t|(?:__)?[us](?:8|16|32|64)|__(?:le|be)(?:16|32|64)|u?int(?:8|16|32|64)_t)(?:\s+(?:long|int|const|__user|__iomem))*\s*\*(?:\s*const)?$/;

/** A pointer to a struct or a typedef'd object is an instance; a ctl_table global; the rest local. */
function paramOrigin(p: Declared): Origin {
  if (GLOBAL_PARAM.test(p.type)) return 'global';
  return p.indirect && !BUFFER.test(p.type) ? 'instance' : 'local';
}

/** Words that start a statement but not a declaration, or are not names of data. */
export const KEYWORDS = new Set([
  'return',
  'goto',
  'case',
  'default',
  'else',
  'do',
  'break',
  'continue',
  'sizeof',
  'typeof',
  '__typeof__',
  'if',
  'for',
  'while',
  'switch',
  'struct',
  'union',
  'enum',
  'const',
  'volatile',
  'static',
  'register',
  'extern',
  'unsigned',
  'signed',
  'int',
  'long',
  'short',
  'char',
  'void',
  'bool',
  'float',
  'double',
  'inline',
  'auto',
  'typedef',
  'asm',
  '__asm__',
  '__func__',
  '__FUNCTION__',
  'current',
  'NULL',
  'true',
  'false',
  'offsetof',
  'alignof',
  '_Alignof',
  '__alignof__',
]);

/** The names of a function: parameters from its head, declarations in its body. */
export function functionNames(code: string, fn: FunctionBody): FunctionNames {
  const params = new Map<string, Declared>();
  for (const p of splitTop(fn.params)) {
    const d = declarator(p.trim(), '', false);
    if (d) params.set(d.name, d);
  }
  const locals = bodyDeclarations(code, fn.open, fn.close);
  for (const name of params.keys()) locals.delete(name);
  addAssignments(code, fn, locals);
  const localOrigin = localOrigins(params, locals);
  return {
    params,
    locals,
    origin(name) {
      const p = params.get(name);
      if (p) return paramOrigin(p);
      return localOrigin(name);
    },
    owner(name) {
      let d = locals.get(name) ?? params.get(name);
      for (let k = 0; d && k < 8 && BUFFER.test(d.type) && d.from; k++)
        d = locals.get(d.from) ?? params.get(d.from) ?? d;
      return { struct: d ? structOfType(d.type) : 'void', via: d?.name ?? name };
    },
  };
}

/** `struct foo *const p[4]` (with `base` prepended for later declarators of one declaration). */
function declarator(text: string, base: string, isStatic: boolean): Declared | undefined {
  const t = `${base} ${text}`.replace(/\s+/g, ' ').trim();
  // A function pointer `void (*cb)(int)`: the name is inside the first group.
  const fp = /^(.*?)\(\s*\*\s*(?:const\s+)?([A-Za-z_]\w*)\s*\)\s*\(/.exec(t);
  if (fp) return { name: fp[2]!, type: `${fp[1]!.trim()} (*)()`, indirect: true, isStatic, sources: [] };
  const m = /^(.*?)([A-Za-z_]\w*)\s*((?:\[[^\]]*\]\s*)*)$/.exec(t);
  if (!m || !m[1]!.trim() || KEYWORDS.has(m[2]!)) return undefined;
  const type = m[1]!
    .replace(/\s*\*\s*/g, ' *')
    .replace(/\s+/g, ' ')
    .trim();
  return { name: m[2]!, type, indirect: type.includes('*') || m[3]!.length > 0, isStatic, sources: [] };
}

/**
 * A declaration at a statement start: specifiers and a type (two words at least, or a word
 * and `*`), then declarators up to `;`. Statements like `x = 1;` or `return x;` do not match.
 */
const DECL_HEAD =
  /[ \t\n\r\f\v]*((?:[A-Za-z_]\w*(?!\w)[ \t\n\r\f\v]*(?:\*[ \t\n\r\f\v]*)*)+?)([A-Za-z_]\w*)[ \t\n\r\f\v]*(?:\[[^\];{}]*\][ \t\n\r\f\v]*)*(?=[=;,])/y;

function bodyDeclarations(code: string, from: number, to: number): Map<string, Declared> {
  const out = new Map<string, Declared>();
  for (let i = from; i < to; i++) {
    const c = code.charCodeAt(i);
    // Statement starts: after `{`, `;`, `}`, and a `for (`.
    if (c !== 123 && c !== 59 && c !== 125 && !(c === 40 && /\bfor\s*$/.test(code.slice(Math.max(from, i - 8), i))))
      continue;
    const tagged = taggedBody(code, i + 1, to);
    if (tagged) {
      out.set(tagged.name, tagged);
      continue;
    }
    DECL_HEAD.lastIndex = i + 1;
    const m = DECL_HEAD.exec(code);
    if (!m || m.index + m[0].length > to) continue;
    const words = m[1]!
      .trim()
      .split(/[\s*]+/)
      .filter(Boolean);
    const first = words[0]!;
    if (first === 'typedef' || first === 'extern' || (KEYWORDS.has(first) && !TYPE_WORD.test(first))) continue;
    const start = i + 1 + (m[0].length - m[0].trimStart().length);
    // The specifiers end at the first `*` (it belongs to the first declarator).
    const star = m[1]!.indexOf('*');
    const base = star < 0 ? m[1]! : m[1]!.slice(0, star);
    const end = statementEnd(code, start, to);
    for (const part of splitTop(code.slice(start + base.length, end))) {
      const eq = topLevelAssign(part);
      const d = declarator(eq < 0 ? part : part.slice(0, eq), base, words.includes('static'));
      if (!d) continue;
      if (eq >= 0) d.sources.push(part.slice(eq + 1));
      out.set(d.name, d);
    }
  }
  return out;
}

const TAGGED = /\s*((?:static\s+)?(?:const\s+)?(?:struct|union|enum)\s*\w*)\s*\{/y;

/** `static union { ... } data;`: a declaration whose type has a body (its first declarator). */
function taggedBody(code: string, at: number, to: number): Declared | undefined {
  TAGGED.lastIndex = at;
  const m = TAGGED.exec(code);
  if (!m) return undefined;
  let depth = 0;
  let k = at + m[0].length - 1;
  for (; k < to; k++) {
    if (code[k] === '{') depth++;
    else if (code[k] === '}' && --depth === 0) break;
  }
  const d = /^\s*(?:__\w+(?:\([^)]*\))?\s*)*(\**)\s*([A-Za-z_]\w*)\s*(\[)?/.exec(code.slice(k + 1, k + 200));
  if (!d) return undefined;
  const type = m[1]!.replace(/\s+/g, ' ');
  return {
    name: d[2]!,
    type: type + (d[1] ? ' *' : ''),
    indirect: !!d[1] || !!d[3],
    isStatic: /^static\b/.test(type),
    sources: [],
  };
}

const TYPE_WORD =
  /^(?:const|volatile|static|register|struct|union|enum|unsigned|signed|int|long|short|char|void|bool|float|double)$/;

/** The `;` ending the statement at `from` (outside parentheses and braces), or `to`. */
function statementEnd(code: string, from: number, to: number): number {
  let depth = 0;
  for (let k = from; k < to; k++) {
    const c = code.charCodeAt(k);
    if (c === 40 || c === 123 || c === 91) depth++;
    else if (c === 41 || c === 125 || c === 93) depth--;
    else if (c === 59 && depth <= 0) return k;
  }
  return to;
}

/** Offset of a top-level `=` that is an assignment (not `==`, `<=`, `>=`, `!=`), or -1. */
function topLevelAssign(s: string): number {
  let depth = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s[k]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === '=' && depth === 0 && s[k + 1] !== '=' && !'=<>!'.includes(s[k - 1] ?? '')) return k;
  }
  return -1;
}

/** `name = expr;` anywhere in the body: where a local's value may also come from. */
function addAssignments(code: string, fn: FunctionBody, locals: Map<string, Declared>): void {
  const body = code.slice(fn.open + 1, fn.close);
  const re = /(?<![\w.>])([A-Za-z_]\w*)\s*=(?!=)([^;]*)/g;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const d = locals.get(m[1]!);
    if (d && !d.isStatic) d.sources.push(m[2]!);
  }
}

/**
 * Each local's origin, worked out when first asked (most locals never are): a pointer whose
 * value comes from a parameter or an instance local is instance (any call between: `netdev_priv(dev)`);
 * from global data (a name that is neither a parameter nor a local, a function-static, a global
 * local, a ctl_table), directly or through a per-CPU or RCU accessor, global (a lookup's result
 * is new data); anything else local.
 */
function localOrigins(
  params: Map<string, Declared>,
  locals: Map<string, Declared>,
): (name: string) => Origin | undefined {
  const memo = new Map<string, Origin>();
  const open = new Set<string>();
  let cycle = false;
  const resolve = (name: string): Origin | undefined => {
    const d = locals.get(name);
    if (!d) return undefined;
    const known = memo.get(name) ?? (d.isStatic ? 'global' : !d.indirect ? 'local' : undefined);
    if (known) return known;
    if (open.has(name)) {
      cycle = true;
      return 'local';
    }
    open.add(name);
    const typed = !BUFFER.test(d.type);
    const of = (w: string): Origin | undefined => {
      const p = params.get(w);
      // A `void *` cookie (`struct ghes *ghes = arg`) is the instance once given a struct type.
      if (p) return typed && /^void\s*\*$/.test(p.type) ? 'instance' : paramOrigin(p);
      return locals.has(w) ? resolve(w) : 'global';
    };
    let inst: string | undefined;
    for (const s of d.sources) if ((inst = dataNames(s).find((w) => of(w) === 'instance'))) break;
    const glob = !inst && d.sources.some((s) => dataNames(outsideCalls(s)).some((w) => of(w) === 'global'));
    open.delete(name);
    const o: Origin = inst ? 'instance' : glob ? 'global' : 'local';
    if (inst) d.from = inst;
    // A value read while a cycle was open may change once it closes: not kept.
    if (!open.size && !cycle) memo.set(name, o);
    if (!open.size) cycle = false;
    return o;
  };
  return resolve;
}

/** The expression with the arguments of calls blanked, except those of accessors. */
function outsideCalls(s: string): string {
  let out = s;
  for (let m = /([A-Za-z_]\w*)\s*\(/.exec(out); m;) {
    const open = m.index + m[0].length - 1;
    let depth = 0;
    let k = open;
    for (; k < out.length; k++) {
      if (out[k] === '(') depth++;
      else if (out[k] === ')' && --depth === 0) break;
    }
    const keep = ACCESSOR.test(m[1]!);
    if (!keep) out = out.slice(0, open + 1) + ' '.repeat(Math.max(0, k - open - 1)) + out.slice(k);
    const re = /([A-Za-z_]\w*)\s*\(/g;
    re.lastIndex = keep ? open + 1 : k;
    m = re.exec(out);
  }
  return out;
}

const ACCESSOR = /^(?:this_cpu_ptr|per_cpu_ptr|per_cpu|raw_cpu_ptr|READ_ONCE|rcu_dereference\w*|smp_load_acquire)$/;

/** `struct foo *` → `struct foo`; a typedef name as it is. */
export function structOfType(type: string): string {
  const m = /\b(struct|union)\s+([A-Za-z_]\w*)/.exec(type);
  if (m) return `${m[1]} ${m[2]}`;
  return type
    .replace(/\b(?:const|volatile|static|__\w+)\b/g, '')
    .replace(/[*\s]+/g, ' ')
    .trim();
}

/** Names of data in an expression: not members, calls, keywords, upper-case constants or types. */
export function dataNames(s: string): string[] {
  const out: string[] = [];
  const re = /(?<![\w.])[A-Za-z_]\w*(?!\w)(?!\s*\()/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const w = m[0];
    if (s[m.index - 1] === '>' && s[m.index - 2] === '-') continue;
    if (
      KEYWORDS.has(w) ||
      /^[A-Z_][A-Z0-9_]*$/.test(w) ||
      isTypeName(w) ||
      /\b(?:struct|union|enum)\s*$/.test(s.slice(Math.max(0, m.index - 8), m.index))
    )
      continue;
    out.push(w);
  }
  return out;
}

export function isTypeName(w: string): boolean {
  return TYPE_NAME.test(w);
}

const TYPE_NAME = /_t$|^(?:__)?[us](?:8|16|32|64|128)$|^__(?:le|be)(?:16|32|64)$/;
