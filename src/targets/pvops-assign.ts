/* assignment: how netbk_add_netif() picks a VIF's group, with a safe read-and-increment. */
import type { Policy } from '../dsl/policy.js';
import type { KernelTree } from '../patch/tree.js';
import { cText, type CText } from '../patch/c-text.js';
import { findFileStatements, findFunction, paramNames, withLeadingComment, type Block } from '../patch/locate.js';
import type { Plan } from './target.js';
import type { Edit } from '../patch/edit.js';
import { PVOPS } from './pvops-files.js';
import { T, editFile } from './pvops-edits.js';

const ROUND_ROBIN = /\bnetbk_next_group\b/;
const GUARDED = /\b(ASSERT_RTNL|spin_lock\w*|mutex_lock)\s*\(/;

function current(src: CText, fn: Block): 'round-robin' | 'least-loaded-guarded' | 'least-loaded' {
  const body = src.masked.slice(fn.open, fn.close);
  if (ROUND_ROBIN.test(body)) return 'round-robin';
  return GUARDED.test(body) ? 'least-loaded-guarded' : 'least-loaded';
}

export function planAssignment(policy: Policy, tree: KernelTree, plan: Plan): void {
  const want = policy.assignment;
  if (!want) return;
  const src = cText(PVOPS.interface, tree.require(PVOPS.interface, 'assignment'));
  const now = current(src, findFunction(src, 'netbk_add_netif'));
  if ((want === 'round-robin' && now === 'round-robin') || (want === 'least-loaded' && now === 'least-loaded-guarded')) {
    plan.notes.push(`assignment: netbk_add_netif() already assigns ${want}, with a safe read-and-increment; no patch`);
    return;
  }
  const rr = want === 'round-robin';
  plan.changes.push({
    knob: 'assignment',
    slug: rr ? 'xen-netback-assign-vifs-to-groups-round-robin' : 'xen-netback-assert-rtnl-in-least-loaded-assignment',
    subsystem: 'xen/netback',
    summary: rr ? 'Assign VIFs to groups round-robin' : 'Assert RTNL around least-loaded group selection',
    body: T(rr ? 'assign-round-robin.msg.hbs' : 'assign-least-loaded.msg.hbs'),
    apply(ws) {
      editFile(ws, PVOPS.interface, (s) => {
        const fn = findFunction(s, 'netbk_add_netif');
        const [netbk, groupNr, netif] = paramNames(s, fn);
        const header = s.text.slice(fn.start, fn.open);
        const edits: Edit[] = [];
        // A previous round-robin counter goes with the code that used it.
        for (const d of findFileStatements(s, /^static atomic_t netbk_next_group\b/)) {
          edits.push({ start: withLeadingComment(s, d.start), end: d.end + (s.text[d.end] === '\n' ? 1 : 0), text: '' });
        }
        const text = T(rr ? 'assign-round-robin.c.hbs' : 'assign-least-loaded.c.hbs', { header, netbk, groupNr, netif });
        edits.push({ start: withLeadingComment(s, fn.start), end: fn.end, text });
        return edits;
      });
    },
  });
}
