/*
 * Classifies a function-static lock by what its critical sections (sections.ts) touch. Only this
 * function takes the lock, so it protects what these sections write: the class follows the
 * writes (assignments, ++/--, `&x` handed to a call, a pointer handed on), or the reads when
 * there are none.
 *   per-instance: state reached through a parameter or a pointer derived from one
 *                 (`netbk->dealloc_prod`, `priv->x` with `priv = netdev_priv(dev)`,
 *                 `container_of(work, struct foo, w)->x`): one lock serialises every instance;
 *   global:       function-static, file-scope or other global data, hardware registers, or no
 *                 data at all: one lock for everybody is the point;
 *   both:         writes (or reads) of each;
 *   undecided:    no critical section in sight (the lock is handed to a helper), or sections
 *                 that only hand a parameter to functions whose bodies are not read here.
 */
import type { CFile, FunctionBody } from '../../../src/lint/source/scanning/model.js';
import { functionAt, lineCol } from '../../../src/lint/source/scanning/model.js';
import { isIdent } from '../../../src/c/structure.js';
import { next } from './text.js';
import { criticalSections } from './sections.js';
import { access, type Access } from './access.js';
import { functionNames } from './names.js';

export type LockClass = 'per-instance' | 'global' | 'both' | 'undecided';

/** What one access in a critical section was found to be. */
export interface Evidence {
  /** The expression as written (`netbk->dealloc_prod`, `tmp_mask`, `writel(v, addr)`). */
  expr: string;
  line: number;
  /**
   * `instance`: through a parameter or a pointer derived from one; `call`: an instance
   * pointer handed to a function whose body is not read; the rest are global.
   */
  scope: 'instance' | 'function-static' | 'file-scope' | 'global' | 'register' | 'call';
  write: boolean;
  /** For instance and call: the parameter or local it goes through, and that one's struct type. */
  via?: string;
  struct?: string;
}

export interface Classification {
  class: LockClass;
  /** The evidence that decided the class first (a few of each scope), then the rest that did not. */
  evidence: Evidence[];
  /** Critical sections seen. */
  sections: number;
  /** Functions the lock is handed to whose sections are not seen. */
  helpers: string[];
}

/** Evidence kept per scope in a finding. */
const KEEP = 3;
const GLOBAL_SCOPES: ReadonlyArray<Evidence['scope']> = ['function-static', 'file-scope', 'global', 'register'];

/** `fns`: the file's function bodies at least through `fn` (functionsThrough). */
export function classify(
  file: CFile,
  fn: FunctionBody,
  locks: readonly string[],
  fns: FunctionBody[] = file.functions,
): Classification {
  const { ranges, helpers } = criticalSections(file.code, fn, locks);
  const names = functionNames(file.code, fn);
  const byExpr = new Map<string, Evidence>();
  for (const [from, to] of ranges) {
    for (const a of access(file.code, from, to, names, locks)) {
      const old = byExpr.get(a.expr);
      if (old) {
        // The line shown is the first write's, when it is written.
        if (a.write && !old.write) Object.assign(old, { write: true, line: lineCol(file.lineStarts, a.at).line });
        continue;
      }
      byExpr.set(a.expr, evidenceOf(file, a));
    }
  }
  const all = [...byExpr.values()].sort((a, b) => a.line - b.line);
  const fileScope = declaredAtFileScope(
    file,
    fn,
    fns,
    all.filter((e) => e.scope === 'global').map((e) => root(e.expr)),
  );
  for (const e of all) if (e.scope === 'global' && fileScope.has(root(e.expr))) e.scope = 'file-scope';
  const writes = all.filter((e) => e.write && e.scope !== 'call');
  const reads = all.filter((e) => e.scope !== 'call');
  const calls = all.filter((e) => e.scope === 'call');
  const deciding = writes.length ? writes : calls.length ? [] : reads;
  const instance = deciding.some((e) => e.scope === 'instance');
  const global = deciding.some((e) => e.scope !== 'instance');
  const cls: LockClass =
    !ranges.length || (!deciding.length && calls.length)
      ? 'undecided'
      : instance && global
        ? 'both'
        : instance
          ? 'per-instance'
          : 'global';
  return { class: cls, evidence: pick(deciding, calls, all), sections: ranges.length, helpers };
}

function evidenceOf(file: CFile, a: Access): Evidence {
  const e: Evidence = { expr: a.expr, line: lineCol(file.lineStarts, a.at).line, scope: a.scope, write: a.write };
  if (a.via) e.via = a.via;
  if (a.struct) e.struct = a.struct;
  return e;
}

/** Up to KEEP deciding accesses per scope (instance first), then the calls, then the rest. */
function pick(deciding: Evidence[], calls: Evidence[], all: Evidence[]): Evidence[] {
  const out: Evidence[] = [];
  for (const s of ['instance', ...GLOBAL_SCOPES] as const)
    out.push(...deciding.filter((e) => e.scope === s).slice(0, KEEP));
  out.push(...calls.slice(0, KEEP));
  for (const e of all) if (out.length < 2 * KEEP && !out.includes(e)) out.push(e);
  return out;
}

const root = (expr: string): string => /^\w+/.exec(expr)?.[0] ?? expr;

/**
 * The names among `names` this file declares at file scope before `fn` (C declares before use):
 * an occurrence outside the function bodies `fns` (the walk's, through `fn`) not followed by `(`.
 */
function declaredAtFileScope(file: CFile, fn: FunctionBody, fns: FunctionBody[], names: string[]): Set<string> {
  const out = new Set<string>();
  const code = file.code;
  for (const name of new Set(names)) {
    for (let k = code.indexOf(name); k >= 0 && k < fn.open; k = code.indexOf(name, k + 1)) {
      const end = k + name.length;
      if (isIdent(code.charCodeAt(k - 1)) || isIdent(code.charCodeAt(end)) || code[next(code, end)] === '(') continue;
      if (!functionAt(file, k, fns)) {
        out.add(name);
        break;
      }
    }
  }
  return out;
}
