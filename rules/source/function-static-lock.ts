/*
 * function-static-lock: a lock declared `static` inside a function body. It looks local, but it
 * is one object for the whole kernel: every caller, every device, every CPU takes the same lock.
 * The seed's case is netif_idx_release() in the 2.6.32 pvops netback, whose
 * `static DEFINE_SPINLOCK(_lock)` serialised every netback group although each has its own ring.
 * Each lock found is classed by what its critical sections write (function-static-lock/: the
 * sections, the function's names, the accesses, the class and its wording).
 */
import type { CandidateMatches, SourceRule } from '../../src/lint/source/rule.js';
import { atFileScope } from './function-static-lock/file-scope.js';
import type { CFile, Directive, FunctionBody, RuleHit } from '../../src/lint/source/scanning/model.js';
import { classify } from './function-static-lock/classify.js';
import { lockHit } from './function-static-lock/report.js';
import { functionAt, lineCol } from '../../src/lint/source/scanning/model.js';
import { depthsAt } from '../../src/c/structure.js';
import { directiveBody } from '../../src/c/lexer.js';
import { scanC } from '../../src/lint/source/scanning/scan.js';
import { asBuffer } from '../../src/c/bytes.js';
import { staticLockDecls, staticLockStarts, type StaticLockDecl } from './function-static-lock/lock-decls.js';

/**
 * `static`, then what the scanner allows before a lock spelling (blanks, comments, qualifiers
 * as in lock-decls.ts QUALIFIER, `__attr(...)` groups nested up to four deep), then the
 * spelling (`mutex` after a blank, as its tokens say: a match always holds a token). The
 * alternatives start with distinct characters (a qualifier and a group both start `__`, and
 * only a group goes on with `(`), so each text is read one way only: no backtracking blow-up,
 * whatever follows a `static`. A declaration is reported only where this matches the file's
 * text from its `static` on (STICKY), so every finding lies within the matches.
 */
const CANDIDATE_SOURCE =
  String.raw`\bstatic\b(?:[ \t\n\r\f\v\\]|\/\*(?:[^*]|\*(?!\/))*\*\/|\/\/[^\n]*|` +
  String.raw`__\w*[ \t\n\r\f\v\\]*\((?:[^;{}()]|\((?:[^;{}()]|\((?:[^;{}()]|\([^;{}()]*\))*\))*\))*\)|` +
  String.raw`(?:const|volatile|struct|__\w*|[A-Z][A-Z0-9_]*)\b)*?` +
  String.raw`\b(?:DEFINE_(?:RAW_)?SPINLOCK|DEFINE_RWLOCK|DEFINE_MUTEX|DEFINE_SEMAPHORE|DECLARE_RWSEM|DEFINE_SEQLOCK|` +
  String.raw`raw_spinlock_t|spinlock_t|rwlock_t|seqlock_t|(?<=[ \t\n])mutex|semaphore|rw_semaphore)\b`;
const CANDIDATE = new RegExp(CANDIDATE_SOURCE);
const STICKY = new RegExp(CANDIDATE_SOURCE, 'y');
const ALL = new RegExp(CANDIDATE_SOURCE, 'g');

export const functionStaticLock: SourceRule = {
  id: 'function-static-lock',
  kind: 'source',
  severity: 'warning',
  summary:
    'lock declared static inside a function: a warning when it guards per-instance state, info when global by design',
  why:
    'A static lock at block scope has static storage: there is exactly one, shared by every call on every CPU and ' +
    'for every device or queue the function serves. When its critical sections write state reached through a ' +
    "parameter (netback's netif_idx_release() wrote netbk->dealloc_ring and netbk->dealloc_prod under one), code " +
    'made per-instance still serialises on it and the lock line bounces between CPUs; it hides well because it ' +
    'reads like a local variable. Each lock is classed by what its critical sections write: per-instance (warning), ' +
    'global data only - a function-static or file-scope buffer, a table, a hardware register, a firmware call - ' +
    '(info: one lock for everybody is then the point), both (warning), or undecided when the sections are out of ' +
    'sight (warning: it may be the per-instance case). JSON and SARIF carry the class and the evidence (the ' +
    'expressions that decided it, with their lines) in data/properties.',
  fix:
    'Per-instance: make the lock a member of the struct whose state it guards (the finding names it and the ' +
    'parameter that reaches it), initialised where that struct is set up. Both: the same for the per-instance part; ' +
    'the global data keeps one lock. Global: nothing to change. Undecided: read what the helper does under the lock.',
  sources: [
    'xen/stable-2.6.32.x drivers/xen/netback/netback.c: netif_idx_release() static DEFINE_SPINLOCK(_lock)',
    'Documentation/locking/spinlocks.rst',
  ],
  limits:
    'Sees declarations in function bodies in every live preprocessor branch (#if 0 regions, comments and strings are ' +
    'skipped) and in #define bodies that expand in functions (reported at the macro, undecided). Locks created by ' +
    'other macros than the DEFINE_*/DECLARE_RWSEM family are not recognised, ' +
    'nor `struct` separated from `mutex` by a ' +
    'comment, nor a declaration with a preprocessor line between `static` and the lock; between them only blanks, ' +
    'comments, const/volatile, `__`-prefixed attributes (with their parentheses) and upper-case macros are expected. ' +
    'The class reads only this function: a section runs from each take (spin_lock*, raw_spin_lock*, mutex_lock*, ' +
    'read_/write_lock*, down*, their trylock forms) to the first release not nested deeper than the take, or over ' +
    'a guard()/scoped_guard() scope; it does not follow callees (a pointer handed to a helper counts as written ' +
    'only when the helper is named for writing, like cpumask_and, list_add or __set_port_type, else it leaves the ' +
    'lock undecided), macros that hide a take or a write, locks taken through a pointer or in a helper (undecided), ' +
    'or the types of globals and struct members (a parameter pointing to a struct is an instance, one to plain ' +
    "data a caller's buffer, a ctl_table global; an object stored whole through a parameter is an output).",
  tokens: [
    'DEFINE_SPINLOCK',
    'DEFINE_RAW_SPINLOCK',
    'DEFINE_RWLOCK',
    'DEFINE_MUTEX',
    'DEFINE_SEMAPHORE',
    'DEFINE_SEQLOCK',
    'DECLARE_RWSEM',
    'lock_t',
    ' mutex',
    '\tmutex',
    '\nmutex',
    'semaphore',
  ],
  // ' mutex'/'\tmutex'/'\nmutex': `struct mutex` with a blank before the tag, `struct` ending a
  // line (tokens of 6+ bytes let the prefilter skip further); `struct/**/mutex` is not
  // recognised (stated in `limits`).
  candidate: CANDIDATE,
  checkC(file: CFile): RuleHit[] {
    return [...lockHits(file, lockDeclsInBraces(file)), ...macroHits(file)];
  },
  fast: {
    // Each token is the end of a spelling the candidate regex requires to end a word.
    tokensEndWords: true,
    // The candidate as rg sees it, one line at a time: `static`, what the candidate allows before
    // the spelling on the same line (blanks, qualifiers, one-line comments and groups), then the
    // spelling; or `static` followed up to the end of its line only by what may start a
    // multi-line match (`static int` ending a line cannot). Not `static.*`: a function taking a
    // `struct mutex *` is not a candidate.
    rgLinePattern:
      String.raw`static(?:[\s\\]|const|volatile|struct|__\w*|[A-Z][A-Z0-9_]*|/\*.*\*/|__\w*[\s\\]*\([^;{}]*\))*` +
      String.raw`(?:DEFINE_(?:RAW_)?SPINLOCK|DEFINE_RWLOCK|DEFINE_MUTEX|DEFINE_SEMAPHORE|DECLARE_RWSEM|DEFINE_SEQLOCK|(?:raw_)?spinlock_t|rwlock_t|seqlock_t|mutex|(?:rw_)?semaphore)` +
      String.raw`|static(?:[\s\\]|const|volatile|struct|__\w*|[A-Z][A-Z0-9_]*|/[*/].*|__\w*[\s\\]*\(.*)*$`,
    candidateStartsWith: 'static',
    provesClean(bytes: Uint8Array, text: string, known?: CandidateMatches): boolean {
      // Every reportable declaration starts a candidate match (see noLockInFunctions): when all
      // the matches are known, their scope settles most files without lexing.
      const scope = known && atFileScope(asBuffer(bytes), known.starts);
      if (scope !== undefined) return scope;
      return noLockInFunctions(bytes, text, known?.end);
    },
    provesCleanAt(bytes: Uint8Array, starts: readonly number[]): boolean {
      return atFileScope(asBuffer(bytes), starts) === true;
    },
  },
};

/** The hits of the locks `inBraces` in function bodies (those at file scope are honest about being global). */
function lockHits(file: CFile, inBraces: StaticLockDecl[]): RuleHit[] {
  const hits: RuleHit[] = [];
  // The functions only as far as the last of them (the walk of a large file stops early).
  const fns = inBraces.length ? file.functionsThrough(inBraces[inBraces.length - 1]!.offset) : [];
  for (const d of inBraces) {
    const fn = functionAt(file, d.offset, fns);
    if (!fn) continue;
    const { line, column } = lineCol(file.lineStarts, d.offset);
    hits.push(lockHit({ decl: d, fn: fn.name, line, column, notes: [] }, classify(file, fn, d.names, fns)));
  }
  return hits;
}

/**
 * The static lock declarations inside braces (the ones checkC may report). A preprocessor line between
 * `static` and the lock spelling is not followed (the candidate regex and rg's line pattern do not
 * follow one either).
 */
export function lockDeclsInBraces(file: CFile): StaticLockDecl[] {
  const decls = staticLockDecls(file.code).filter(
    (d) =>
      !file.directives.some((x) => x.offset > d.offset && x.offset < d.kindOffset) && matchesAt(file.text, d.offset),
  );
  // Most static locks are file-scope globals near the top: their depth is 0, which settles
  // them without finding the file's functions.
  const depths = depthsOf(
    file,
    decls.map((d) => d.offset),
  );
  return decls.filter((d) => depths.get(d.offset) !== 0);
}

/**
 * Locks inside `#define` bodies. Reported at the macro when the declaration is inside braces in
 * the body (block scope wherever it expands) or the macro is used inside a function in this file.
 */
function macroHits(file: CFile): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const d of file.directives) {
    const m = macroLocks(file.text, d);
    if (!m) continue;
    for (const decl of m.decls) {
      const braced = braceDepth(m.expansion, decl.offset) > 0;
      const use = braced ? undefined : useInFunction(file, m.macro);
      if (!braced && !use) continue;
      const at = m.offsets[decl.offset] ?? d.offset;
      const { line, column } = lineCol(file.lineStarts, at);
      const note = braced
        ? `inside the body of macro ${m.macro}(), whose braces make it block scope wherever it expands: ` +
          'each expansion site gets one lock shared by all its callers'
        : `inside the body of macro ${m.macro}(), which expands inside ${use!.fn.name}() ` +
          `at line ${lineCol(file.lineStarts, use!.at).line}`;
      // Its critical sections are where the macro expands: not classified.
      hits.push(
        lockHit(
          { decl, fn: m.macro, line, column, notes: [note] },
          { class: 'undecided', evidence: [], sections: 0, helpers: [] },
        ),
      );
    }
  }
  return hits;
}

/** Lock spellings a `#define` must hold to declare a lock. */
const LOCK_WORD = /DEFINE_|DECLARE_RWSEM|lock_t|mutex|semaphore/;

/**
 * The static lock declarations in a `#define`'s expansion (strings blanked, the macro's name and
 * parameters left out), each also a CANDIDATE match in the file's text; undefined when there
 * are none.
 */
function macroLocks(
  text: string,
  d: Directive,
): { macro: string; expansion: string; offsets: Int32Array; decls: StaticLockDecl[] } | undefined {
  if (d.name !== 'define' || !LOCK_WORD.test(text.substring(d.bodyStart, d.end))) return undefined;
  const { body: raw, offsets } = directiveBody(text, d);
  const body = raw.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, (s) => ' '.repeat(s.length));
  const head = /^([A-Za-z_]\w*)(\([^)]*\))?/.exec(body);
  if (!head) return undefined;
  // The macro's name and parameter list are not part of what it expands to.
  const expansion = ' '.repeat(head[0].length) + body.slice(head[0].length);
  const decls = staticLockDecls(expansion).filter(
    (x) => offsets[x.offset] !== undefined && matchesAt(text, offsets[x.offset]!),
  );
  return decls.length ? { macro: head[1]!, expansion, offsets, decls } : undefined;
}

function braceDepth(s: string, upTo: number): number {
  let d = 0;
  for (let i = 0; i < upTo; i++) {
    const c = s.charCodeAt(i);
    if (c === 123) d++;
    else if (c === 125) d--;
  }
  return d;
}

function useInFunction(file: CFile, macro: string): { fn: FunctionBody; at: number } | undefined {
  const re = new RegExp(`\\b${macro}\\b`, 'g');
  for (let m = re.exec(file.code); m; m = re.exec(file.code)) {
    const fn = functionAt(file, m.index);
    if (fn) return { fn, at: m.index };
  }
  return undefined;
}

/** The brace depth at each offset (file scope is 0), by one walk up to the last of them. */
function depthsOf(file: CFile, offsets: number[]): Map<number, number> {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  if (!sorted.length) return new Map();
  const depths = depthsAt(file.codeBytes, file.directives, sorted);
  return new Map(sorted.map((o, k) => [o, depths[k]!]));
}

function matchesAt(text: string, offset: number): boolean {
  STICKY.lastIndex = offset;
  return STICKY.test(text);
}

/**
 * Proves, from a prefix of the file, that checkC would report nothing: most files that pass the
 * candidate regex hold only file-scope locks near the top, and lexing the rest of them is most
 * of a tree scan's time. Every declaration checkC can report starts a CANDIDATE match (STICKY),
 * and none starts inside another match (its `static` would be in a comment or an attribute
 * group there), so all lie before the end of the last match. The lexer reads left to right, so
 * a prefix a little past that end gives the same code, directives and brace depths there as
 * the whole file. If every lock declaration in it (names read or not) is at depth 0 and no
 * macro in it declares one, there is nothing to report. Anything else: false, scan it all.
 * `candidateEnd`: that end when known (from rg's lines), or the text is searched for it.
 */
function noLockInFunctions(bytes: Uint8Array, text: string, candidateEnd?: number): boolean {
  let end = candidateEnd ?? -1;
  if (candidateEnd === undefined) {
    ALL.lastIndex = 0;
    for (let m = ALL.exec(text); m; m = ALL.exec(text)) end = m.index + m[0].length;
  }
  if (end < 0) return true;
  const buf = asBuffer(bytes);
  const nl = buf.indexOf(10, end + PREFIX_SLACK);
  // Nothing to gain when the prefix is most of the file.
  if (nl < 0 || nl + 1 > buf.length * 0.75) return false;
  const prefix = scanC(buf.subarray(0, nl + 1), '');
  for (const depth of depthsOf(prefix, staticLockStarts(prefix.code)).values()) if (depth !== 0) return false;
  // A macro declaring a lock may expand in a function anywhere in the file.
  return !prefix.directives.some((d) => macroLocks(text, d));
}

/** Bytes lexed past the last candidate match (declarators and the `;` are in there). */
const PREFIX_SLACK = 4096;
