/*
 * lock-held-across-grant-copy: a grant copy/map hypercall issued while a spinlock taken in the
 * same function is still held. A grant copy traps to Xen and copies the packet: microseconds with
 * the lock held and interrupts often off, and every other CPU wanting the lock spins meanwhile.
 */
import type { SourceRule } from '../../src/lint/source/rule.js';
import type { CFile, FunctionBody, RuleHit } from '../../src/lint/source/model.js';
import { lineCol } from '../../src/lint/source/model.js';

const LOCK = String.raw`(?:raw_)?spin_lock(?:_irqsave|_irq|_bh)?(?:_nested)?|(?:read|write)_lock(?:_irqsave|_irq|_bh)?`;
const UNLOCK = String.raw`(?:raw_)?spin_unlock(?:_irqrestore|_irq|_bh)?|(?:read|write)_unlock(?:_irqrestore|_irq|_bh)?`;
const GRANT = String.raw`gnttab_batch_copy|gnttab_batch_map|gnttab_map_refs|gnttab_unmap_refs_sync|gnttab_unmap_refs|gnttab_copy|HYPERVISOR_grant_table_op`;
const EVENTS = new RegExp(String.raw`\b(${LOCK})\s*\(|\b(${UNLOCK})\s*\(|\b(${GRANT})\s*\(|\b(return|goto|break|continue)\b|([{}])`, 'g');

/** Every LOCK spelling holds one of these. */
const LOCK_WORD = /spin_lock|read_lock|write_lock/;

interface Held {
  key: string;
  line: number;
  call: string;
}

interface Block {
  /** Locks released inside this block (restored if the block then leaves by a jump). */
  released: Held[];
  jumped: boolean;
}

export const lockHeldAcrossGrantCopy: SourceRule = {
  id: 'lock-held-across-grant-copy',
  kind: 'source',
  severity: 'warning',
  summary: 'grant copy/map hypercall issued while a spinlock taken in the same function is held',
  why:
    'gnttab_batch_copy()/gnttab_map_refs()/HYPERVISOR_grant_table_op() trap into Xen, which validates the grant ' +
    'references and copies or maps the pages: microseconds per batch. Holding a spinlock across it (often with ' +
    'interrupts off) makes every other CPU that wants the lock spin for the whole copy, so adding netback groups ' +
    'or queues adds waiting instead of throughput: "packets are copied while this lock is held".',
  fix:
    'Build the copy/map batch under the lock, drop the lock, issue the hypercall, then retake the lock (or use a ' +
    'per-queue lock that no other CPU contends) to publish the results.',
  sources: ['Xen grant tables: xen/include/public/grant_table.h (GNTTABOP_copy)', 'drivers/net/xen-netback/netback.c'],
  limits:
    'Reads one function in textual order: locks taken with spin_lock*/raw_spin_lock*/read_lock*/write_lock* on ' +
    'the same first argument, released by the matching unlock; an unlock followed by return/goto/break/continue in ' +
    'the same block only releases that path. Not seen: locks taken by a caller or a helper function, trylocks, ' +
    'hypercalls made by a callee, and paths the text order does not show (loops that retake a lock).',
  tokens: ['gnttab_', 'grant_table_op'],
  candidate: /\b(?:gnttab_batch_copy|gnttab_batch_map|gnttab_map_refs|gnttab_unmap_refs|gnttab_copy|HYPERVISOR_grant_table_op)\b/,
  rgPattern: 'gnttab_(?:batch_copy|batch_map|map_refs|unmap_refs|copy)|HYPERVISOR_grant_table_op',
  quickClear(_bytes: Uint8Array, text: string): boolean {
    // A hit needs a lock taken in code, and code is the text with the rest blanked: half the
    // files that call the hypercalls take no spinlock at all, and need no lexing.
    return !LOCK_WORD.test(text);
  },
  checkC(file: CFile): RuleHit[] {
    if (!/gnttab_|grant_table_op/.test(file.code)) return [];
    const hits: RuleHit[] = [];
    for (const fn of file.functions) {
      const body = file.code.slice(fn.open, fn.close + 1);
      if (!/gnttab_|grant_table_op/.test(body)) continue;
      for (const h of checkFunction(file, fn, body)) hits.push(h); // no spread: 10^5 hits overflow the stack
    }
    return hits;
  },
};

function checkFunction(file: CFile, fn: FunctionBody, body: string): RuleHit[] {
  const hits: RuleHit[] = [];
  let held: Held[] = [];
  const blocks: Block[] = [];
  EVENTS.lastIndex = 0;
  for (let m = EVENTS.exec(body); m; m = EVENTS.exec(body)) {
    const at = fn.open + m.index;
    if (m[5] === '{') blocks.push({ released: [], jumped: false });
    else if (m[5] === '}') {
      const b = blocks.pop();
      if (b?.jumped) for (const r of b.released) if (!held.some((h) => h.key === r.key)) held.push(r);
    } else if (m[4]) {
      const b = blocks[blocks.length - 1];
      if (b && b.released.length) b.jumped = true;
    } else if (m[1]) {
      const key = firstArg(body, m.index + m[0].length);
      held.push({ key, line: lineCol(file.lineStarts, at).line, call: m[1] });
    } else if (m[2]) {
      const key = firstArg(body, m.index + m[0].length);
      const gone = held.filter((h) => h.key === key);
      held = held.filter((h) => h.key !== key);
      const b = blocks[blocks.length - 1];
      if (b) for (const g of gone) b.released.push(g);
    } else if (m[3] && held.length) {
      const { line, column } = lineCol(file.lineStarts, at);
      const h = held[held.length - 1]!;
      hits.push({
        line,
        column,
        message:
          `${m[3]}() is issued in ${fn.name}() while spinlock '${h.key.replace(/^&/, '')}' (taken by ${h.call}() at line ${h.line}) ` +
          `is held: every CPU that wants the lock spins for the whole hypercall`,
        notes: held.length > 1 ? [`also held: ${held.slice(0, -1).map((x) => `'${x.key.replace(/^&/, '')}' (line ${x.line})`).join(', ')}`] : [],
        fix: `prepare the batch under the lock, release '${h.key.replace(/^&/, '')}' before ${m[3]}(), and retake it to publish the results`,
        data: { hypercall: m[3], lock: h.key.replace(/^&/, ''), lockLine: h.line, function: fn.name },
      });
    }
  }
  return hits;
}

/** The first argument of a call whose `(` was just consumed, whitespace removed. */
function firstArg(s: string, from: number): string {
  let depth = 0;
  let i = from;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') {
      if (depth === 0) break;
      depth--;
    } else if (c === ',' && depth === 0) break;
  }
  return s.slice(from, i).replace(/\s+/g, '');
}
