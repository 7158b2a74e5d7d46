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
import type { CFile, FunctionBody } from '../../../src/lint/source/model.js';
import { lineCol } from '../../../src/lint/source/model.js';
import { depthsAt } from '../../../src/lint/source/structure.js';
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

export function classify(file: CFile, fn: FunctionBody, locks: readonly string[]): Classification {
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
  const fileScope = declaredAtFileScope(file, all.filter((e) => e.scope === 'global').map((e) => root(e.expr)));
  for (const e of all) if (e.scope === 'global' && fileScope.has(root(e.expr))) e.scope = 'file-scope';
  const writes = all.filter((e) => e.write && e.scope !== 'call');
  const reads = all.filter((e) => e.scope !== 'call');
  const calls = all.filter((e) => e.scope === 'call');
  const deciding = writes.length ? writes : calls.length ? [] : reads;
  const instance = deciding.some((e) => e.scope === 'instance');
  const global = deciding.some((e) => e.scope !== 'instance');
  const cls: LockClass =
    !ranges.length || (!deciding.length && calls.length) ? 'undecided' : instance && global ? 'both' : instance ? 'per-instance' : 'global';
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
  for (const s of ['instance', ...GLOBAL_SCOPES] as const) out.push(...deciding.filter((e) => e.scope === s).slice(0, KEEP));
  out.push(...calls.slice(0, KEEP));
  for (const e of all) if (out.length < 2 * KEEP && !out.includes(e)) out.push(e);
  return out;
}

const root = (expr: string): string => /^\w+/.exec(expr)?.[0] ?? expr;

/**
 * The names among `names` this file declares at file scope: an occurrence at brace depth 0
 * that is not a call (one brace walk for all of them).
 */
function declaredAtFileScope(file: CFile, names: string[]): Set<string> {
  const out = new Set<string>();
  if (!names.length) return out;
  const re = new RegExp(`(?<![\\w.>])(?:${[...new Set(names)].join('|')})\\b(?!\\s*\\()`, 'g');
  const at: number[] = [];
  const which: string[] = [];
  for (let m = re.exec(file.code); m; m = re.exec(file.code)) {
    at.push(m.index);
    which.push(m[0]);
  }
  depthsAt(file.codeBytes, file.directives, at).forEach((d, k) => d === 0 && out.add(which[k]!));
  return out;
}
