/*
 * The locks held at each call in one function body: a small path-sensitive walk over the
 * statements of the code-only text (structure.ts found the body). A lock is held at a call
 * when some path from the function's entry reaches the call with the lock taken and not
 * released: if/else and switch branches join, `return` ends a path, `goto` carries its state
 * to its label (forward jumps; a macro whose body is `goto <parameter>` jumps too), `break`
 * and `continue` to the end of their loop. Loop bodies are read once (a lock retaken for the
 * next iteration is not seen), and a lock is named by the text of its argument.
 */
import { NOT_FUNCTION_NAMES } from '../../../src/c/structure.js';
import type { Vocabulary } from './vocabulary.js';

export interface Held {
  /** The lock's argument, blanks removed (`&d->lock`). */
  key: string;
  family: string;
  /** The call that took it, and where. */
  call: string;
  offset: number;
}

export interface CallEvent {
  name: string;
  /** Offset of the name in the file. */
  offset: number;
  /** Through a pointer (`ops->fn(...)`): not followed. */
  member: boolean;
  /** The argument texts, blanks removed. */
  args: string[];
  /** Locks held on some path to this call (empty: none). */
  held: Held[];
  /**
   * Lock families this function released without taking them, on some path to this call: its
   * caller's lock, dropped around the copy (`spin_unlock(&q->lock); copy; spin_lock(&q->lock);`).
   */
  freed: string[];
}

/** A body's tokens: their texts, and their offsets in the file. */
interface Tokens {
  t: string[];
  at: number[];
}

/** Held locks by family and key; entries marked FREED are locks released without being taken here. */
type State = Map<string, Held> | null;
const FREED = '-';

interface Jump {
  loop: boolean;
  breaks: State;
  continues: State;
  /** A switch's entry state (each case label starts from it). */
  entry?: State;
  hasDefault?: boolean;
}

const TOKEN = /[A-Za-z_$][\w$]*|\d[\w.]*|->|::|\S/g;
const NOT_CALLS = new Set([
  ...NOT_FUNCTION_NAMES,
  'alignof',
  '_Alignof',
  '__alignof__',
  'defined',
  'case',
  'goto',
  '__attribute__',
  'asm',
  '__asm__',
]);

function join(a: State, b: State): State {
  if (!a) return b && new Map(b);
  if (!b) return a;
  const out = new Map(a);
  for (const [k, v] of b) if (!out.has(k)) out.set(k, v);
  return out;
}

/** The walk over one body `{`..`}` of `code` (offsets are the file's). */
export function walkBody(
  code: string,
  open: number,
  close: number,
  vocab: Vocabulary,
  jumpMacros: ReadonlyMap<string, number>,
): CallEvent[] {
  const toks: Tokens = { t: [], at: [] };
  const body = code.slice(open + 1, close);
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(body); m; m = TOKEN.exec(body)) {
    toks.t.push(m[0]);
    toks.at.push(open + 1 + m.index);
  }
  return new Walker(toks.t, toks.at, vocab, jumpMacros).run();
}

class Walker {
  private i = 0;
  private readonly events: CallEvent[] = [];
  private readonly labels = new Map<string, State>();
  private readonly jumps: Jump[] = [];

  constructor(
    private readonly toks: string[],
    private readonly offsets: number[],
    private readonly vocab: Vocabulary,
    private readonly jumpMacros: ReadonlyMap<string, number>,
  ) {}

  run(): CallEvent[] {
    let s: State = new Map();
    while (this.i < this.toks.length) s = this.statement(s);
    return this.events;
  }

  private peek(k = 0): string {
    return this.toks[this.i + k] ?? '';
  }

  private statement(s: State): State {
    const t = this.peek();
    if (t === '{') {
      this.i++;
      while (this.i < this.toks.length && this.peek() !== '}') s = this.statement(s);
      this.i++;
      return s;
    }
    if (t === ';') {
      this.i++;
      return s;
    }
    if (t === 'if') return this.ifStatement(s);
    if (t === 'for' || t === 'while') {
      this.i++;
      const forever = this.endless(t);
      return this.loop(this.parens(s), forever);
    }
    if (t === 'do') return this.doWhile(s);
    if (t === 'switch') return this.switchStatement(s);
    if (t === 'return') {
      this.skipExpression(s);
      return null;
    }
    if (t === 'goto' && this.peek(2) === ';') {
      this.jumpTo(this.peek(1), s);
      this.i += 3;
      return null;
    }
    if ((t === 'break' || t === 'continue') && this.peek(1) === ';') {
      this.i += 2;
      const j = t === 'break' ? this.jumps[this.jumps.length - 1] : [...this.jumps].reverse().find((x) => x.loop);
      if (!j) return s;
      if (t === 'break') j.breaks = join(j.breaks, s);
      else j.continues = join(j.continues, s);
      return null;
    }
    if (t === 'case' || (t === 'default' && this.peek(1) === ':')) {
      // To the label's `:` (a `?:` in a case expression is not followed).
      while (this.i < this.toks.length && this.peek() !== ':') this.i++;
      this.i++;
      const sw = [...this.jumps].reverse().find((x) => !x.loop);
      if (sw && t === 'default') sw.hasDefault = true;
      return sw ? join(s, sw.entry ?? null) : s;
    }
    if (/^[A-Za-z_]/.test(t) && this.peek(1) === ':' && t !== 'default') {
      this.i += 2;
      return join(s, this.labels.get(t) ?? null);
    }
    if (t === 'else') {
      this.i++;
      return s;
    }
    return this.expression(s);
  }

  private ifStatement(s: State): State {
    this.i++;
    const cond = this.parens(s);
    const then = this.statement(cond);
    if (this.peek() !== 'else') return join(then, cond);
    this.i++;
    return join(then, this.statement(cond));
  }

  /**
   * A loop body after its header: read once; the state after is any of entry, end, break and
   * continue, or only break for a loop that never ends by its condition.
   */
  private loop(s: State, forever = false): State {
    const j: Jump = { loop: true, breaks: null, continues: null };
    this.jumps.push(j);
    const end = this.statement(s);
    this.jumps.pop();
    return forever ? j.breaks : join(join(join(s, end), j.breaks), j.continues);
  }

  /** `for (...; ; ...)`, `while (1)`, `while (true)` at the current `(`: left only by a jump. */
  private endless(keyword: string): boolean {
    const close = this.matching(this.i);
    const inside = this.toks.slice(this.i + 1, close);
    if (keyword === 'while') return inside.length === 1 && (inside[0] === '1' || inside[0] === 'true');
    const semis = inside.flatMap((x, k) => (x === ';' ? [k] : []));
    return semis.length === 2 && semis[1] === semis[0]! + 1;
  }

  private doWhile(s: State): State {
    this.i++;
    const j: Jump = { loop: true, breaks: null, continues: null };
    this.jumps.push(j);
    let end = this.statement(s);
    this.jumps.pop();
    end = join(end, j.continues);
    if (this.peek() === 'while') {
      this.i++;
      end = this.parens(end);
      if (this.peek() === ';') this.i++;
    }
    return join(end, j.breaks);
  }

  private switchStatement(s: State): State {
    this.i++;
    const entry = this.parens(s);
    const j: Jump = { loop: false, breaks: null, continues: null, entry };
    this.jumps.push(j);
    const end = this.statement(null);
    this.jumps.pop();
    // Without a default the switch may skip every case: the entry state goes on too.
    return join(join(end, j.breaks), j.hasDefault ? null : entry);
  }

  private jumpTo(label: string, s: State): void {
    this.labels.set(label, join(this.labels.get(label) ?? null, s));
  }

  /** `( ... )` from the current `(`: its calls in order. */
  private parens(s: State): State {
    if (this.peek() !== '(') return s;
    const end = this.matching(this.i);
    return this.calls(s, this.i + 1, end, () => (this.i = end + 1));
  }

  /** To the `;` that ends a return statement. */
  private skipExpression(s: State): void {
    const end = this.statementEnd(this.i);
    this.calls(s, this.i, end, () => (this.i = end + 1));
  }

  /**
   * An expression or declaration statement, to its `;`. `name(...) {` is an iterator macro
   * (list_for_each_entry(...) { ... }): its block is read as a loop body.
   */
  private expression(s: State): State {
    const start = this.i;
    if (/^[A-Za-z_]/.test(this.peek()) && this.peek(1) === '(') {
      const close = this.matching(start + 1);
      if (this.toks[close + 1] === '{') {
        return this.loop(this.calls(s, start, close + 1, () => (this.i = close + 1)));
      }
    }
    const end = this.statementEnd(start);
    return this.calls(s, start, end, () => (this.i = Math.min(this.toks.length, end + 1)));
  }

  /** The `;` ending the statement from token `from` (or the closer of the block it is in). */
  private statementEnd(from: number): number {
    let depth = 0;
    let k = from;
    for (; k < this.toks.length; k++) {
      const t = this.toks[k]!;
      if (t === '(' || t === '[' || t === '{') depth++;
      else if (t === ')' || t === ']' || t === '}') {
        if (depth === 0) break;
        depth--;
      } else if (t === ';' && depth === 0) break;
    }
    return k;
  }

  private matching(k: number): number {
    let depth = 0;
    for (let q = k; q < this.toks.length; q++) {
      const t = this.toks[q]!;
      if (t === '(') depth++;
      else if (t === ')' && --depth === 0) return q;
    }
    return this.toks.length;
  }

  /** The calls among tokens [from, to), in order; `done` moves past them. */
  private calls(s: State, from: number, to: number, done: () => void): State {
    for (let k = from; k < to; k++) {
      const name = this.toks[k]!;
      if (this.toks[k + 1] !== '(' || !/^[A-Za-z_]/.test(name) || NOT_CALLS.has(name)) continue;
      if (!s) continue;
      const prev = this.toks[k - 1];
      s = this.call(s, name, k, prev === '->' || prev === '.');
    }
    done();
    return s;
  }

  private call(s: Map<string, Held>, name: string, k: number, member: boolean): State {
    const at = this.offsets[k]!;
    const lock = member ? undefined : this.vocab.lock(name);
    if (lock) {
      const key = this.args(k + 1)[lock.arg] ?? '';
      const out = new Map(s);
      out.set(`${lock.family}\0${key}`, { key, family: lock.family, call: name, offset: at });
      out.delete(`${FREED}${lock.family}\0${key}`);
      return out;
    }
    const unlock = member ? undefined : this.vocab.unlock(name);
    if (unlock) {
      const key = this.args(k + 1)[unlock.arg] ?? '';
      const out = new Map(s);
      const id = `${unlock.family}\0${key}`;
      if (!out.delete(id)) out.set(FREED + id, { key, family: unlock.family, call: name, offset: at });
      return out;
    }
    const jumpArg = member ? undefined : this.jumpMacros.get(name);
    if (jumpArg !== undefined) {
      const label = this.args(k + 1)[jumpArg];
      if (label) this.jumpTo(label, s);
      return null;
    }
    const held: Held[] = [];
    const freed: string[] = [];
    for (const [id, h] of s) {
      if (id.startsWith(FREED)) freed.push(h.family);
      else held.push(h);
    }
    this.events.push({ name, offset: at, member, args: this.args(k + 1), held, freed });
    return s;
  }

  /** The arguments of the call whose `(` is token `k`, blanks removed. */
  private args(k: number): string[] {
    const out: string[] = [];
    let cur = '';
    let depth = 0;
    for (let q = k + 1; q < this.toks.length; q++) {
      const t = this.toks[q]!;
      if (t === '(' || t === '[' || t === '{') depth++;
      else if (t === ')' || t === ']' || t === '}') {
        if (depth === 0) break;
        depth--;
      } else if (t === ',' && depth === 0) {
        out.push(cur);
        cur = '';
        continue;
      }
      cur += t;
    }
    if (cur || out.length) out.push(cur);
    return out;
  }
}
