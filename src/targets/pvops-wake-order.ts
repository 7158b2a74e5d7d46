/*
 * 2.6.32's netback_init() wakes a group's thread in the middle of the group loop, before the
 * rest of the group (net_schedule_list, its lock, netfront_count) is initialised. The new
 * thread's first tx_work_todo() can see the still-zeroed list head as non-empty (its next
 * pointer is NULL, not the head) and net_tx_action() then takes an entry from a NULL list.
 * With tasklets as the default nobody runs that path; a policy that makes kthreads the mode
 * must not ship it, so the series first moves that setup above the thread's creation.
 */
import type { Policy } from '../dsl/policy.js';
import type { KernelTree } from '../patch/tree.js';
import { cText, lineEnd, type CText } from '../patch/c-text.js';
import { withLeadingComment, type Block, type Span } from '../patch/locate.js';
import type { Plan } from './target.js';
import { PVOPS } from './pvops-files.js';
import { editFile, groupLoop } from './pvops-edits.js';
import { pvopsPatch } from './pvops-patches.js';
import { skipWs, statementEnd } from './pvops-unwrap.js';

const WAKE = /\bwake_up_process\s*\(/;
const SETUP = /\b(INIT_LIST_HEAD|spin_lock_init|skb_queue_head_init|atomic_set|init_timer|init_waitqueue_head)\s*\(/;

/** The loop body's top-level statements, in order. */
function bodyStatements(src: CText, loop: Block): Span[] {
  const out: Span[] = [];
  for (let at = skipWs(src.masked, loop.open + 1); at < loop.close; at = skipWs(src.masked, at)) {
    const end = Math.min(statementEnd(src.masked, at), loop.close);
    out.push({ start: at, end });
    at = end;
  }
  return out;
}

/**
 * [the statement that wakes the thread, the setup statements after it], or null when in order (or
 * when not only setup follows).
 */
function lateSetup(src: CText, loop: Block): [Span, Span[]] | null {
  const all = bodyStatements(src, loop);
  const w = all.findIndex((s) => WAKE.test(src.masked.slice(s.start, s.end)));
  if (w < 0) return null;
  const after = all.slice(w + 1);
  // Only plain setup may move above the thread; anything else after it stays, and so does the order.
  return after.length && after.every((s) => SETUP.test(src.masked.slice(s.start, s.end))) ? [all[w]!, after] : null;
}

export function planWakeOrder(policy: Policy, tree: KernelTree, plan: Plan): void {
  if (policy.threading?.model !== 'kthread') return;
  const nb = cText(PVOPS.netback, tree.require(PVOPS.netback, 'threading.model'));
  if (!lateSetup(nb, groupLoop(nb).loop)) return;
  plan.changes.push(
    pvopsPatch('wake-order', (ws) =>
      editFile(ws, PVOPS.netback, (src) => {
        const found = lateSetup(src, groupLoop(src).loop)!;
        const [wake, after] = found;
        const from = lineEnd(src.masked, wake.end - 1);
        const to = lineEnd(src.masked, after.at(-1)!.end - 1);
        const lines = src.text.slice(from, to).replace(/\n+$/, '').replace(/^\n+/, '');
        const at = withLeadingComment(src, wake.start);
        return [
          { start: at, end: at, text: `${lines}\n\n` },
          // The blank line that separated the moved statements from the thread code goes with them.
          { start: src.text[from - 2] === '\n' ? from - 1 : from, end: to, text: '' },
        ];
      }),
    ),
  );
}
