/*
 * Where a function holds one of its static locks: every critical section, from each call that
 * takes the lock (spin_lock*, raw_spin_lock*, mutex_lock*, read_lock/write_lock*, down*,
 * write_seqlock*, their trylock forms) to the release that ends it on the main path, and the
 * scope of each guard()/scoped_guard(). A release inside a block nested deeper than every
 * brace seen since the take (an early `unlock; return;` or `unlock; goto out;`) does not end
 * the section: the code after the block still runs with the lock held. Code-only text (model.ts).
 */
import type { FunctionBody } from '../../../src/lint/source/scanning/model.js';
import { matching, next, prev } from './text.js';
import { isIdent } from '../../../src/c/structure.js';

export interface Sections {
  /** [from, to) of each critical section (the take or guard included). */
  ranges: Array<[number, number]>;
  /** Functions the lock is handed to that neither take nor release it (their sections are not seen). */
  helpers: string[];
}

const TAKE =
  /^(?:_?raw_)?spin_(?:lock|trylock)(?:_irqsave|_irq|_bh|_nested|_irqsave_nested|_nest_lock)?$|^mutex_(?:lock|trylock)(?:_interruptible|_killable|_nested|_io|_interruptible_nested|_killable_nested)?$|^(?:read|write)_(?:lock|trylock)(?:_irqsave|_irq|_bh)?$|^down(?:_interruptible|_killable|_trylock|_timeout|_read|_write|_read_trylock|_write_trylock|_read_killable|_write_killable|_read_interruptible)?$|^(?:write_seqlock|read_seqlock_excl)(?:_irqsave|_irq|_bh)?$/;
const RELEASE =
  /^(?:_?raw_)?spin_unlock(?:_irqrestore|_irq|_bh)?$|^mutex_unlock$|^(?:read|write)_unlock(?:_irqrestore|_irq|_bh)?$|^up(?:_read|_write)?$|^(?:write_sequnlock|read_sequnlock_excl)(?:_irqrestore|_irq|_bh)?$/;
/** Uses that neither take nor hand the lock on: initialisation, assertions, queries. */
const NEUTRAL =
  /^(?:(?:raw_)?spin_lock_init|mutex_init|rwlock_init|sema_init|init_rwsem|seqlock_init|lockdep_\w+|\w*_is_locked|\w*_is_contended|mutex_destroy|might_lock\w*|__acquire|__release|__acquires|__releases|__must_hold|sizeof|DEFINE_\w+|DECLARE_\w+|__\w*LOCK_UNLOCKED|__\w+_INITIALIZER)$/;

/** The critical sections of the lock(s) `names` in `fn`. */
export function criticalSections(code: string, fn: FunctionBody, names: readonly string[]): Sections {
  const takes: number[] = [];
  const releases: number[] = [];
  const ranges: Array<[number, number]> = [];
  const helpers: string[] = [];
  // Each use of a lock name in the body (not a member `x.lock`, `p->lock`).
  const body = code.slice(0, fn.close);
  const uses: number[] = [];
  for (const name of names) {
    for (let k = body.indexOf(name, fn.open); k >= 0; k = body.indexOf(name, k + 1)) {
      const b = body[prev(body, k)];
      if (
        !isIdent(body.charCodeAt(k - 1)) &&
        !isIdent(body.charCodeAt(k + name.length)) &&
        b !== '.' &&
        !(b === '>' && body[prev(body, k) - 1] === '-')
      )
        uses.push(k);
    }
  }
  for (const at of uses.sort((a, b) => a - b)) {
    const use = callOf(code, at, fn.open);
    if (!use) {
      // Not a call's argument (`p = &lock`, the declaration itself): the lock escapes unless it
      // is its declaration.
      if (!/\b(?:static|DEFINE_\w+|DECLARE_\w+)\b[^;]*$/.test(code.slice(Math.max(fn.open, at - 200), at)))
        helpers.push('(its address)');
      continue;
    }
    if (use.callee === 'guard' || use.callee === 'scoped_guard') ranges.push([use.at, guardEnd(code, use, fn.close)]);
    else if (TAKE.test(use.callee) && use.arg === 0) takes.push(use.at);
    else if (RELEASE.test(use.callee) && use.arg === 0) releases.push(use.at);
    else {
      // `if (&lock == p)`: the lock itself is used, not handed to a function.
      const helper = /^(?:if|while|for|switch|return)$/.test(use.callee) ? '(its address)' : use.callee;
      if (!NEUTRAL.test(helper) && !helpers.includes(helper)) helpers.push(helper);
    }
  }
  for (const t of takes)
    ranges.push([t, guardedBlockEnd(code, t, releases) ?? sectionEnd(code, t, releases, fn.close)]);
  ranges.sort((a, b) => a[0] - b[0]);
  return { ranges, helpers };
}

interface Use {
  callee: string;
  /** Which argument (0-based) holds the lock. */
  arg: number;
  /** Offset of the callee's name. */
  at: number;
  /** Offset just past the call's `)` (for guard(): past `guard(class)(&lock)`). */
  end: number;
}

/** The call whose argument the lock at `at` is (`&lock`, `lock`, `&lock[i]`), if any. */
function callOf(code: string, at: number, floor: number): Use | undefined {
  let k = Math.max(floor, prev(code, at));
  if (code[k] === '&') k = Math.max(floor, prev(code, k));
  let arg = 0;
  // Back to the `(` that opens the argument list, counting top-level commas.
  for (let depth = 0; k > floor; k--) {
    const c = code[k]!;
    if (c === ')' || c === ']') depth++;
    else if (c === '[') depth--;
    else if (c === '(' && depth-- === 0) break;
    else if (c === ',' && depth === 0) arg++;
    else if ((c === ';' || c === '{' || c === '}') && depth === 0) return undefined;
  }
  if (code[k] !== '(') return undefined;
  const open = k;
  k = Math.max(floor, prev(code, k));
  // guard(class)(&lock): the callee is the `guard(...)` before this list.
  if (code[k] === ')') {
    const g = /\bguard\s*\(\s*\w+\s*\)\s*$/.exec(code.slice(Math.max(floor, k - 80), k + 1));
    if (!g) return undefined;
    return { callee: 'guard', arg, at: k + 1 - g[0].length, end: matching(code, open) + 1 };
  }
  const e = k + 1;
  while (k > floor && /\w/.test(code[k]!)) k--;
  const callee = code.slice(k + 1, e);
  if (!callee || /^\d/.test(callee)) return undefined;
  return { callee, arg, at: k + 1, end: matching(code, open) + 1 };
}

/**
 * Where the section begun by the take at `take` ends: the first release at a brace depth no
 * deeper than any reached since the take, else where the take's block closes, else the body's end.
 */
function sectionEnd(code: string, take: number, releases: readonly number[], close: number): number {
  let depth = 0;
  let min = 0;
  let r = 0;
  while (r < releases.length && releases[r]! <= take) r++;
  for (let k = take; k < close; k++) {
    if (r < releases.length && releases[r] === k) {
      if (depth <= min) return endOfStatement(code, k, close);
      r++;
    }
    const c = code.charCodeAt(k);
    if (c === 123) depth++;
    else if (c === 125) {
      depth--;
      if (depth < min) min = depth;
    }
  }
  return close;
}

/**
 * `if (spin_trylock(&l)) { ...; spin_unlock(&l); }`: a take that is an `if`'s whole condition,
 * with a release at the top of the block it guards, holds for that block only (the end of the
 * block); undefined for any other take.
 */
function guardedBlockEnd(code: string, take: number, releases: readonly number[]): number | undefined {
  const open = prev(code, take);
  if (code[open] !== '(' || !/\bif\s*$/.test(code.slice(Math.max(0, open - 8), open))) return undefined;
  const close = matching(code, open);
  const brace = next(code, close + 1);
  if (code[brace] !== '{') return undefined;
  const end = blockEnd(code, brace + 1, code.length);
  let depth = 0;
  for (let k = brace + 1, r = 0; k < end; k++) {
    while (r < releases.length && releases[r]! < k) r++;
    if (releases[r] === k && depth === 0) return end;
    if (code[k] === '{') depth++;
    else if (code[k] === '}') depth--;
  }
  return undefined;
}

/** A guard() holds to the end of its block; a scoped_guard() for its statement or block. */
function guardEnd(code: string, use: Use, close: number): number {
  if (use.callee === 'guard') return blockEnd(code, use.end, close);
  const k = next(code, use.end);
  if (code[k] === '{') return blockEnd(code, k + 1, close);
  return endOfStatement(code, k, close);
}

/** The `}` closing the block that holds `from`. */
function blockEnd(code: string, from: number, close: number): number {
  let depth = 0;
  for (let k = from; k < close; k++) {
    const c = code.charCodeAt(k);
    if (c === 123) depth++;
    else if (c === 125 && depth-- === 0) return k;
  }
  return close;
}

function endOfStatement(code: string, from: number, close: number): number {
  const semi = code.indexOf(';', from);
  return semi < 0 || semi > close ? close : semi + 1;
}
