/*
 * Finds lock objects declared `static` in code-only text (see model.ts): the declarations the
 * function-static-lock rule reports once it knows they sit in a function body.
 */
import { isIdent, isSpace } from '../../../src/c/structure.js';

/** Each lock spelling: how the kernel declares it, the member type and how it is initialised. */
export const LOCK_KINDS: Record<string, { type: string; init: string; macro: boolean }> = {
  DEFINE_SPINLOCK: { type: 'spinlock_t', init: 'spin_lock_init(&%)', macro: true },
  DEFINE_RAW_SPINLOCK: { type: 'raw_spinlock_t', init: 'raw_spin_lock_init(&%)', macro: true },
  DEFINE_RWLOCK: { type: 'rwlock_t', init: 'rwlock_init(&%)', macro: true },
  DEFINE_MUTEX: { type: 'struct mutex', init: 'mutex_init(&%)', macro: true },
  DEFINE_SEMAPHORE: { type: 'struct semaphore', init: 'sema_init(&%, 1)', macro: true },
  DECLARE_RWSEM: { type: 'struct rw_semaphore', init: 'init_rwsem(&%)', macro: true },
  DEFINE_SEQLOCK: { type: 'seqlock_t', init: 'seqlock_init(&%)', macro: true },
  spinlock_t: { type: 'spinlock_t', init: 'spin_lock_init(&%)', macro: false },
  raw_spinlock_t: { type: 'raw_spinlock_t', init: 'raw_spin_lock_init(&%)', macro: false },
  rwlock_t: { type: 'rwlock_t', init: 'rwlock_init(&%)', macro: false },
  seqlock_t: { type: 'seqlock_t', init: 'seqlock_init(&%)', macro: false },
  'struct mutex': { type: 'struct mutex', init: 'mutex_init(&%)', macro: false },
  'struct semaphore': { type: 'struct semaphore', init: 'sema_init(&%, 1)', macro: false },
  'struct rw_semaphore': { type: 'struct rw_semaphore', init: 'init_rwsem(&%)', macro: false },
};

export interface StaticLockDecl {
  /** Offset of the `static` keyword. */
  offset: number;
  /** Offset of the lock spelling (`DEFINE_SPINLOCK`, `spinlock_t`, ...). */
  kindOffset: number;
  /** Key of LOCK_KINDS. */
  kind: string;
  /** The lock object's name(s) (several for `static spinlock_t a, b;`). */
  names: string[];
}

/** A lock spelling starting exactly here (sticky). */
const LOCK_AT =
  /(?:DEFINE_SPINLOCK|DEFINE_RAW_SPINLOCK|DEFINE_RWLOCK|DEFINE_MUTEX|DEFINE_SEMAPHORE|DECLARE_RWSEM|DEFINE_SEQLOCK|raw_spinlock_t|spinlock_t|rwlock_t|seqlock_t|struct\s+(?:mutex|semaphore|rw_semaphore))\b/y;

/**
 * Every `static` lock object declaration in `code` (any scope: the caller decides which scopes
 * count). Not declarations: pointers (`static spinlock_t *p`), functions returning locks,
 * `extern`/`typedef`, parameters and `sizeof(spinlock_t)` (inside parentheses).
 *
 * Each `static` keyword is followed forward over what may stand between it and a lock spelling
 * (blanks, qualifiers, `__attr(...)` groups): a file's few hundred `static`s cost less than a
 * regex over the whole text. The walk back from the spelling (staticSpecifier) then decides,
 * as for any spelling, and gives the first `static` of the declaration.
 */
export function staticLockDecls(code: string, from = 0, to = code.length): StaticLockDecl[] {
  const out: StaticLockDecl[] = [];
  eachStaticLock(code, from, to, (staticAt, at, m) => {
    const kind = m.replace(/\s+/g, ' ');
    const names = LOCK_KINDS[kind]!.macro ? macroName(code, at + m.length) : declarators(code, at + m.length, to);
    if (names.length) out.push({ offset: staticAt, kindOffset: at, kind, names });
  });
  return out;
}

/**
 * Where each `static` of a lock declaration is (ascending, with repeats), whether or not its
 * declarators can be read: a superset of staticLockDecls' offsets that needs no text after
 * the lock spelling.
 */
export function staticLockStarts(code: string, from = 0, to = code.length): number[] {
  const out: number[] = [];
  eachStaticLock(code, from, to, (staticAt) => out.push(staticAt));
  return out;
}

function eachStaticLock(
  code: string,
  from: number,
  to: number,
  found: (staticAt: number, at: number, spelling: string) => void,
): void {
  let lastKind = -1;
  for (let s = code.indexOf('static', from); s >= 0 && s < to; s = code.indexOf('static', s + 6)) {
    if ((s > 0 && isIdent(code.charCodeAt(s - 1))) || isIdent(code.charCodeAt(s + 6))) continue;
    const at = lockSpellingAfter(code, s + 6, to);
    if (at < 0 || at <= lastKind) continue;
    LOCK_AT.lastIndex = at;
    const m = LOCK_AT.exec(code)!;
    const staticAt = staticSpecifier(code, at, from);
    if (staticAt < 0) continue;
    lastKind = at;
    found(staticAt, at, m[0]);
  }
}

/**
 * From just after a `static`, over blanks, qualifiers (QUALIFIER) and `__attr(...)` groups, to a
 * lock spelling: its offset, or -1 when something else comes first.
 */
function lockSpellingAfter(code: string, i: number, to: number): number {
  for (;;) {
    while (i < to && isSpace(code.charCodeAt(i))) i++;
    if (i >= to || !isIdent(code.charCodeAt(i))) return -1;
    LOCK_AT.lastIndex = i;
    if (LOCK_AT.test(code)) return i;
    let e = i;
    while (e < to && isIdent(code.charCodeAt(e))) e++;
    const word = code.slice(i, e);
    if (!QUALIFIER.test(word)) return -1;
    i = e;
    if (!word.startsWith('__')) continue;
    let k = i;
    while (k < to && isSpace(code.charCodeAt(k))) k++;
    if (code.charCodeAt(k) !== 40) continue;
    // a balanced `(...)` group after an attribute-like word
    let depth = 0;
    for (; k < to; k++) {
      const c = code.charCodeAt(k);
      if (c === 40) depth++;
      else if (c === 41 && --depth === 0) break;
    }
    if (k >= to) return -1;
    i = k + 1;
  }
}

/**
 * Walks back from the lock spelling to the start of its declaration (`;`, `{`, `}`), allowing
 * only identifiers and balanced `__attribute__((...))` groups on the way; between `static` and
 * the lock spelling the identifiers must be qualifiers (see QUALIFIER: a type name there is not
 * C, and `static inline spinlock_t *f(...)` is a function). Returns the offset of `static`, or
 * -1 when this is not a `static` declaration.
 */
function staticSpecifier(code: string, at: number, floor: number): number {
  let i = at - 1;
  let staticAt = -1;
  while (i >= floor) {
    const c = code.charCodeAt(i);
    if (isSpace(c)) {
      i--;
      continue;
    }
    if (c === 59 || c === 123 || c === 125 || c === 58) break; // ; { } and labels
    if (c === 41) {
      // only `__attribute__((...))`-style groups may sit among the specifiers
      let depth = 0;
      let k = i;
      for (; k >= floor; k--) {
        const d = code.charCodeAt(k);
        if (d === 41) depth++;
        else if (d === 40 && --depth === 0) break;
      }
      if (k < floor) return -1;
      let e = k - 1;
      while (e >= floor && isSpace(code.charCodeAt(e))) e--;
      let s = e;
      while (s >= floor && isIdent(code.charCodeAt(s))) s--;
      const id = code.slice(s + 1, e + 1);
      if (!id.startsWith('__')) return -1;
      i = s;
      continue;
    }
    if (!isIdent(c)) return -1;
    let s = i;
    while (s >= floor && isIdent(code.charCodeAt(s))) s--;
    const word = code.slice(s + 1, i + 1);
    if (word === 'extern' || word === 'typedef' || word === 'return' || word === 'sizeof') return -1;
    if (word === 'static') staticAt = s + 1;
    else if (staticAt < 0 && !QUALIFIER.test(word)) return -1;
    i = s;
  }
  return staticAt;
}

/**
 * What may stand between `static` and a lock spelling: const, volatile, attributes and section
 * markers (`__maybe_unused`, `__cacheline_aligned_in_smp`) and upper-case macros. The rg line
 * pattern of function-static-lock relies on this list (rules/source/function-static-lock.ts).
 */
export const QUALIFIER = /^(?:const|volatile|__\w*|[A-Z][A-Z0-9_]*)$/;

/** `DEFINE_SPINLOCK(name)` → [name]. */
function macroName(code: string, at: number): string[] {
  const m = /^\s*\(\s*([A-Za-z_]\w*)\s*[,)]/.exec(code.slice(at, at + 200));
  return m ? [m[1]!] : [];
}

/** The object names declared after a lock type, up to the `;`; pointers and functions are skipped. */
function declarators(code: string, at: number, to: number): string[] {
  let end = code.indexOf(';', at);
  if (end < 0 || end > to) end = to;
  const text = code.slice(at, end);
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  const names: string[] = [];
  for (const p of parts) {
    const decl = p.split('=')[0]!.trim();
    if (!decl || decl.startsWith('*') || decl.startsWith('(')) continue;
    const m = /^(?:(__\w+)\s+)*([A-Za-z_]\w*)\s*(\(|\[|$|__\w+)/.exec(decl);
    if (!m || m[3] === '(') continue;
    names.push(m[2]!);
  }
  return names;
}
