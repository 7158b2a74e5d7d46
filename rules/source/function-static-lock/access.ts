/*
 * The data a stretch of a function body touches: each name of data resolved by the function's
 * names (names.ts) to instance, function-static or other global state, with whether it is
 * written. Code-only text (model.ts): comments and literal bodies are blanks.
 */
import { dataNames, isTypeName, KEYWORDS, type FunctionNames } from './names.js';
import { matching, next, prev, splitTop } from './text.js';
import { isIdent } from '../../../src/c/structure.js';

export interface Access {
  expr: string;
  at: number;
  scope: 'instance' | 'function-static' | 'global' | 'register' | 'call';
  write: boolean;
  via?: string;
  struct?: string;
}

/** Hardware access: MMIO, port I/O, MSRs, system registers, hypercalls. */
const REGISTER =
  /^(?:\w+_)?(?:read|write)[bwlq](?:_relaxed|_be)?$|^regmap_(?:read|write|update_bits)\w*$|^io(?:read|write)(?:8|16|32|64)(?:be)?(?:_rep)?$|^(?:in|out)[bwl](?:_p)?$|^(?:rd|wr)msr\w*$|^(?:read|write)_sysreg\w*$|^HYPERVISOR_\w+$/;
/** Calls that only report: a pointer handed to them is not state changed under the lock. */
const REPORT =
  /^(?:pr_\w+|dev_\w+|netdev_\w+|printk\w*|WARN\w*|BUG\w*|trace_\w+|\w*_(?:err|warn|info|dbg|debug|notice|printk|print|log))$/;
/** Calls whose arguments are not data (types, sizes, a guard's class and lock). */
const NOT_DATA = /^(?:sizeof|typeof|__typeof__|offsetof|alignof|__alignof__|guard|scoped_guard|BUILD_BUG_ON\w*)$/;
/** Bit operations: the bitmap is the second argument. */
const BITOP = /^(?:__)?(?:set|clear|change|test_and_set|test_and_clear|test_and_change|assign)_bit$/;
/** A call named for changing its first argument (`cpumask_and`, `WRITE_ONCE`, `list_add`, `atomic_inc`). */
const WRITES_FIRST =
  /^(?:mem(?:cpy|move|set)|str(?:n|s|l)?cpy|str(?:l|n)?cat|v?s(?:n|cn)?printf|(?:__)?copy_from_user|WRITE_ONCE|rcu_assign_pointer|smp_store_release|xchg|cmpxchg\w*|try_cmpxchg\w*)$|(?:^|_)(?:set|clear|inc|dec|add|sub|and|or|xor|andnot|copy|fill|init|zero|assign|store|write|push|insert|del|remove|update|reset|swap|enable|disable|complement|shift_left|shift_right|splice|move|replace)(?:_|$)/;

/** Names that ask rather than change (`irqd_has_set`, `test_and_get`). */
const QUERY = /(?:^|_)(?:has|is|test|get|check|find|lookup|can|show|print|dump|was)(?:_|$)/;
/** Lock operations on another lock inside the section. */
const LOCKING = /^(?:down|up|mutex_|(?:raw_)?spin_|(?:read|write)_(?:un)?lock|(?:read|write)_seq)/;

/** Which argument a call writes through, if its name says so. */
function writtenArgument(callee: string): number | undefined {
  if (BITOP.test(callee)) return 1;
  if (WRITES_FIRST.test(callee) && !QUERY.test(callee) && !LOCKING.test(callee)) return 0;
  return undefined;
}

/** Macros whose last argument names a member, not data. */
const MEMBER_LAST = /^(?:container_of|list_\w*entry\w*|hlist_\w*entry\w*|offsetof)$/;
/** An assignment or ++/-- right after an lvalue (sticky: tried at an offset, no slicing). */
const ASSIGN = /(?:[-+*/%&|^]|<<|>>)?=(?!=)|\+\+|--/y;
/** `foo bar;`, `foo bar = x` after a word: the word is a type (a declaration in the section). */
const DECLARES = /\s+[A-Za-z_]\w*\s*[=;,[]/y;
/** Words after which a name is a tag or a label, not data. */
const TAGS = new Set(['struct', 'union', 'enum', 'goto']);

const at_ = (re: RegExp, code: string, k: number): boolean => {
  re.lastIndex = k;
  return re.test(code);
};

/** Every access to data in code[from, to). */
export function access(
  code: string,
  from: number,
  to: number,
  names: FunctionNames,
  locks: readonly string[],
): Access[] {
  const out: Access[] = [];
  const skip: Array<[number, number]> = [];
  // Arguments a call writes through (writtenArgument): the name at their start is written.
  const targets: Array<[number, number]> = [];
  const re = /(?<!\w)[A-Za-z_]\w*/g;
  re.lastIndex = from;
  for (let m = re.exec(code); m && m.index < to; m = re.exec(code)) {
    const word = m[0];
    const at = m.index;
    if (skip.some(([a, b]) => at >= a && at < b)) continue;
    const before = prev(code, at);
    if (code[before] === '.' || (code[before] === '>' && code[before - 1] === '-') || /^\d/.test(word)) continue;
    const after = next(code, at + word.length);
    if (code[after] === '(' && !KEYWORDS.has(word)) {
      const close = matching(code, after, '(', ')');
      const call = callAccess(code, word, at, after, close, names);
      if (call) out.push(call);
      if (call?.scope === 'instance') re.lastIndex = chainAt(code, close + 1, to).end;
      else if (call?.scope === 'register' || NOT_DATA.test(word)) re.lastIndex = close + 1;
      else if (MEMBER_LAST.test(word)) skip.push(nthArgument(code, after, close, -1));
      const target = writtenArgument(word);
      if (target !== undefined) targets.push(nthArgument(code, after, close, target));
      continue;
    }
    if (KEYWORDS.has(word) || locks.includes(word) || /^[A-Z_][A-Z0-9_]*$/.test(word) || isTypeName(word)) continue;
    if (TAGS.has(wordBefore(code, before))) continue;
    if (code[after] === ':' && code[after + 1] !== ':' && /[;{}]/.test(code[before] ?? '')) continue; // a label
    // `foo bar;`, `foo bar = x`: foo is a type (a declaration inside the section).
    if (at_(DECLARES, code, at + word.length)) continue;
    const chain = chainAt(code, at + word.length, to);
    const deref = chain.deref || unary(code, before, '*');
    const local = names.locals.get(word);
    const origin = names.origin(word);
    const target = targets.some(
      ([a]) => next(code, a) === at || ((code[before] === '&' || code[before] === '*') && next(code, a) === before),
    );
    const expr = (word + chain.text).slice(0, 60);
    // A function-static or a pointer to global data handed whole (or by address) to a call:
    // the callee works on it under the lock.
    const handed =
      origin !== 'instance' &&
      origin !== undefined &&
      (handedOn(code, before, chain.end, names, word) ||
        (unary(code, before, '&') && argStart(code, prev(code, before))));
    const assigned =
      at_(ASSIGN, code, next(code, chain.end)) ||
      ((code[before] === '+' || code[before] === '-') && code[before - 1] === code[before]);
    const write = assigned || handed || target;
    if (local?.isStatic) out.push({ expr, at, scope: 'function-static', write });
    else if (origin === undefined) out.push({ expr, at, scope: 'global', write });
    // A local or parameter pointer itself is this call's; the state is what it points at. An
    // instance pointer handed whole to a call is the call's evidence (callAccess).
    else if (!deref && !target && !handed) continue;
    // The caller's object stored whole (`*out = x`, `memcpy(out, ...)`): an output parameter.
    else if (
      origin === 'instance' &&
      names.params.has(word) &&
      !chain.text &&
      (unary(code, before, '*') || (target && outParamCall(code, at)))
    )
      continue;
    else if (origin === 'instance') out.push({ expr, at, scope: 'instance', write, ...names.owner(word) });
    else if (origin === 'global') out.push({ expr, at, scope: 'global', write });
  }
  return out;
}

/**
 * A call in a section: `container_of(param, struct T, m)->x`, `netdev_priv(dev)->x` reach
 * instance state; a register accessor touches hardware; an instance pointer handed to another
 * function (not one that only reports, not through a const pointer) is a `call`.
 */
function callAccess(
  code: string,
  callee: string,
  at: number,
  open: number,
  close: number,
  names: FunctionNames,
): Access | undefined {
  if (REGISTER.test(callee))
    return {
      expr: callText(code, callee, open, close).slice(0, 60),
      at,
      scope: 'register',
      write: /write|out|wr|update|HYPERVISOR/.test(callee),
    };
  const args = code.slice(open + 1, close);
  const root = dataNames(args).find((w) => names.origin(w) === 'instance');
  const chain = chainAt(code, close + 1, close + 200);
  if (chain.deref && root) {
    const m = /\bstruct\s+([A-Za-z_]\w*)/.exec(args);
    return {
      expr: `${callText(code, callee, open, close)}${chain.text}`.slice(0, 60),
      at,
      scope: 'instance',
      write: false,
      via: root,
      struct: m ? `struct ${m[1]}` : `${callee}()`,
    };
  }
  // A call that writes through an argument is that argument's write (writtenArgument).
  if (
    !root ||
    writtenArgument(callee) !== undefined ||
    REPORT.test(callee) ||
    /^[A-Z_][A-Z0-9_]*$/.test(callee) ||
    /^(?:(?:raw_)?spin_|mutex_|read_|write_|up|down|kfree|memcmp|str\w*cmp)/.test(callee)
  )
    return undefined;
  const handed = splitTop(args)
    .map((a) => a.trim())
    .find((a) => a === root || a === `&${root}`);
  const d = names.locals.get(root) ?? names.params.get(root);
  if (!handed || !d || /^const\b/.test(d.type)) return undefined;
  return {
    expr: callText(code, callee, open, close).slice(0, 60),
    at,
    scope: 'call',
    write: false,
    ...names.owner(root),
  };
}

/** The name at `at` is the first argument of a copy (`memcpy(out, ...)`, `strcpy(out, ...)`). */
function outParamCall(code: string, at: number): boolean {
  return /\b(?:mem(?:cpy|move|set)|str\w*cpy|v?s\w*printf|copy_\w+)\s*\(\s*&?\s*$/.test(
    code.slice(Math.max(0, at - 40), at),
  );
}

/** `callee(args)` with blanks folded. */
function callText(code: string, callee: string, open: number, close: number): string {
  return `${callee}(${code
    .slice(open + 1, close)
    .replace(/\s+/g, ' ')
    .trim()})`;
}

/** A pointer (not a parameter: see callAccess) handed whole to a call: the callee may write through it. */
function handedOn(code: string, before: number, end: number, names: FunctionNames, word: string): boolean {
  if (code[before] !== '(' && code[before] !== ',') return false;
  const c = code[next(code, end)];
  if (c !== ')' && c !== ',') return false;
  if (names.params.has(word)) return false;
  const d = names.locals.get(word);
  return !d || d.indirect;
}

/** `->a.b[i]` after a name: the text, whether it goes through a pointer or an index, its end. */
export function chainAt(code: string, from: number, to: number): { text: string; deref: boolean; end: number } {
  let k = from;
  let deref = false;
  for (;;) {
    const j = next(code, k);
    if (j >= to) break;
    if (code.startsWith('->', j) || (code[j] === '.' && !/\d/.test(code[j + 1] ?? ''))) {
      const m = /^(?:->|\.)\s*[A-Za-z_]\w*/.exec(code.slice(j, j + 80));
      if (!m) break;
      if (code[j] === '-') deref = true;
      k = j + m[0].length;
    } else if (code[j] === '[') {
      deref = true;
      k = matching(code, j, '[', ']') + 1;
    } else break;
  }
  return { text: code.slice(from, k).replace(/\s+/g, ''), deref, end: k };
}

/** `op` at `k` is a unary operator (not `a * b`, `a & b`). */
function unary(code: string, k: number, op: string): boolean {
  if (code[k] !== op || code[k - 1] === op) return false;
  const b = code[prev(code, k)] ?? '';
  return !/[\w)\]]/.test(b);
}

/** [from, to) of argument `n` (-1: the last) of the call whose `(` is at `open`. */
function nthArgument(code: string, open: number, close: number, n: number): [number, number] {
  const bounds: number[] = [open];
  let depth = 0;
  for (let k = open + 1; k < close; k++) {
    const c = code[k]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) bounds.push(k);
  }
  bounds.push(close);
  const i = n < 0 ? bounds.length - 2 : Math.min(n, bounds.length - 2);
  return [bounds[i]! + 1, bounds[i + 1]!];
}

/** The identifier ending at `k` ('' if none). */
function wordBefore(code: string, k: number): string {
  let j = k;
  while (j >= 0 && isIdent(code.charCodeAt(j))) j--;
  return code.slice(j + 1, k + 1);
}

/** `k` (a `(` or `,`) starts a call argument. */
function argStart(code: string, k: number): boolean {
  return code[k] === '(' || code[k] === ',';
}
