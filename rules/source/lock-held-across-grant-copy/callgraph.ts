/*
 * Within one file: which calls made with a lock held reach grant copy/map work, directly or
 * through functions defined in the same file, and by which chain of calls. A callee is read
 * with its caller's locks held, until it releases a lock of that kind it did not take (the
 * caller's, dropped around the copy); the chain is the shortest one (breadth first, calls in
 * text order) through at most MAX_DEPTH functions, and ends at recursion (a function already
 * on it) and at calls through pointers.
 */
import type { CFile, FunctionBody } from '../../../src/lint/source/scanning/model.js';
import { functionAt } from '../../../src/lint/source/scanning/model.js';
import { directiveBody } from '../../../src/c/lexer.js';
import { walkBody, type CallEvent, type Held } from './flow.js';
import type { Vocabulary } from './vocabulary.js';

/** Functions a chain may pass through, the callee at the call site included. */
export const MAX_DEPTH = 4;

interface Found {
  chain: CallEvent[];
  /** The caller's lock families still held at the copy. */
  families: Set<string>;
}

interface Step {
  fn: FunctionBody;
  path: CallEvent[];
  families: Set<string>;
}

export interface HeldCopy {
  fn: FunctionBody;
  held: Held[];
  /** The call site in `fn` first, the copy/map call last. */
  chain: CallEvent[];
}

const MEMCPY = new Set(['memcpy', 'memmove', '__memcpy']);
/** A call of map_domain_page (found by its literal first, then checked). */
const MAP_CALL = /(?:__)?map_domain_page(?:_global)?\s*\(/y;
/** What ends just before it: `lhs = ` (a cast, an index allowed); the mapped name is lhs's last part. */
const ASSIGNED = new RegExp(
  String.raw`([A-Za-z_$][\w$]*(?:\s*(?:->|\.)\s*[A-Za-z_$][\w$]*)*)(?:\s*\[[^\]]*\])?\s*=\s*` +
    String.raw`(?:\([^()]*\)\s*)?$`,
);
/** How far before the call its assignment is looked for. */
const LHS_WINDOW = 160;

export class FileCalls {
  private readonly byName = new Map<string, FunctionBody>();
  private readonly flows = new Map<FunctionBody, CallEvent[]>();
  /** Fields (`buf->virt`) assigned a map_domain_page mapping anywhere, locals per function. */
  private readonly mappedFields = new Set<string>();
  private readonly mappedLocals = new Map<FunctionBody, Set<string>>();
  private readonly jumpMacros: Map<string, number>;
  private readonly pageCopies: ReadonlySet<string> | undefined;

  constructor(
    private readonly file: CFile,
    private readonly vocab: Vocabulary,
  ) {
    for (const f of file.functions) if (!this.byName.has(f.name)) this.byName.set(f.name, f);
    this.jumpMacros = jumpMacros(file);
    this.pageCopies = pageCopiesIn(file.code, vocab);
    if (this.pageCopies) this.findMappings();
  }

  /** Whether the code calls any copy/map work this vocabulary knows (else no call can reach one). */
  static mayCopy(code: string, vocab: Vocabulary): boolean {
    const names = [...vocab.copyCalls, ...(vocab.hypercall ? [vocab.hypercall.name] : [])];
    const pages = pageCopiesIn(code, vocab);
    if (pages) names.push(...pages, ...MEMCPY);
    return new RegExp(String.raw`\b(?:${names.join('|')})\s*\(`).test(code);
  }

  /** Every call made with a lock held that reaches copy/map work (with the locks still held there). */
  heldCopies(locking: (fn: FunctionBody) => boolean): HeldCopy[] {
    const out: HeldCopy[] = [];
    for (const fn of this.file.functions) {
      if (!locking(fn)) continue;
      for (const e of this.events(fn)) {
        if (!e.held.length) continue;
        const found = this.chainFrom(fn, e, new Set(e.held.map((h) => h.family)));
        if (found) out.push({ fn, held: e.held.filter((h) => found.families.has(h.family)), chain: found.chain });
      }
    }
    return out;
  }

  private events(fn: FunctionBody): CallEvent[] {
    let ev = this.flows.get(fn);
    if (!ev) {
      ev = walkBody(this.file.code, fn.open, fn.close, this.vocab, this.jumpMacros);
      this.flows.set(fn, ev);
    }
    return ev;
  }

  /** Whether a call is copy/map work itself (a hypercall, a helper, a memcpy between mapped pages). */
  private isCopy(fn: FunctionBody, e: CallEvent): boolean {
    if (e.member) return false;
    if (this.vocab.copyCalls.has(e.name)) return true;
    const h = this.vocab.hypercall;
    if (h && e.name === h.name) return h.ops.test(e.args[0] ?? '');
    if (!this.pageCopies) return false;
    if (this.pageCopies.has(e.name)) return true;
    return MEMCPY.has(e.name) && e.args.slice(0, 2).some((a) => this.mapped(fn, a));
  }

  private mapped(fn: FunctionBody, arg: string): boolean {
    for (const m of arg.matchAll(/(->|\.)?([A-Za-z_$][\w$]*)/g)) {
      if (m[1] ? this.mappedFields.has(m[2]!) : this.mappedLocals.get(fn)?.has(m[2]!)) return true;
    }
    return false;
  }

  private followable(e: CallEvent): FunctionBody | undefined {
    return e.member ? undefined : this.byName.get(e.name);
  }

  /** The chain from a call in `fn` made holding locks of `families` to copy/map work, or undefined. */
  private chainFrom(fn: FunctionBody, e: CallEvent, families: Set<string>): Found | undefined {
    const callee = this.followable(e);
    const here = this.isCopy(fn, e) ? { chain: [e], families } : undefined;
    if (!callee) return here;
    const deeper = this.search(callee, new Set([fn, callee]), families);
    return deeper ? { chain: [e, ...deeper.chain], families: deeper.families } : here;
  }

  /**
   * Breadth first from `start`'s calls: the shortest chain to copy/map work reached with some of
   * the caller's lock families not released by the functions on the way.
   */
  private search(start: FunctionBody, seen: Set<FunctionBody>, families: Set<string>): Found | undefined {
    let level: Step[] = [{ fn: start, path: [], families }];
    // A copy helper defined here whose own body shows no copy still is one (its first call).
    let fallback: Found | undefined;
    for (let depth = 1; depth <= MAX_DEPTH && level.length; depth++) {
      const next: Step[] = [];
      for (const { fn, path, families: held } of level) {
        for (const e of this.events(fn)) {
          const still = e.freed.length ? new Set([...held].filter((f) => !e.freed.includes(f))) : held;
          if (!still.size) continue;
          const callee = this.followable(e);
          const copy = this.isCopy(fn, e);
          if (copy && !callee) return { chain: [...path, e], families: still };
          if (!callee || seen.has(callee)) continue;
          if (copy) fallback ??= { chain: [...path, e], families: still };
          seen.add(callee);
          next.push({ fn: callee, path: [...path, e], families: still });
        }
      }
      level = next;
    }
    return fallback;
  }

  private findMappings(): void {
    const code = this.file.code;
    for (let p = code.indexOf('map_domain_page'); p >= 0; p = code.indexOf('map_domain_page', p + 1)) {
      const start = code.startsWith('__', p - 2) ? p - 2 : p;
      MAP_CALL.lastIndex = start;
      if (!MAP_CALL.test(code)) continue;
      const m = ASSIGNED.exec(code.slice(Math.max(0, start - LHS_WINDOW), start));
      if (!m) continue;
      const parts = m[1]!.replace(/\s+/g, '').split(/->|\./);
      const last = parts[parts.length - 1]!;
      if (parts.length > 1) this.mappedFields.add(last);
      else {
        const fn = functionAt(this.file, start);
        if (!fn) continue;
        let set = this.mappedLocals.get(fn);
        if (!set) this.mappedLocals.set(fn, (set = new Set()));
        set.add(last);
      }
    }
  }
}

/** Page copies count as grant copies only in code that handles grants. */
function pageCopiesIn(code: string, vocab: Vocabulary): ReadonlySet<string> | undefined {
  return vocab.pageCopies && /gnttab_|grant_table/.test(code) ? vocab.pageCopies : undefined;
}

/** Function-like macros whose body is a `goto` to one of their parameters (Xen's PIN_FAIL). */
function jumpMacros(file: CFile): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of file.directives) {
    if (d.name !== 'define' || !file.text.slice(d.bodyStart, d.end).includes('goto')) continue;
    const m = /^([A-Za-z_]\w*)\(([^)]*)\)([\s\S]*)$/.exec(directiveBody(file.text, d).body);
    if (!m) continue;
    const params = m[2]!.split(',').map((p) => p.trim());
    const label = /\bgoto\s+([A-Za-z_]\w*)\s*;/.exec(m[3]!)?.[1];
    const k = label ? params.indexOf(label) : -1;
    if (k >= 0) out.set(m[1]!, k);
  }
  return out;
}
