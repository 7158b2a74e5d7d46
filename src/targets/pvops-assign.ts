/* assignment: how netbk_add_netif() picks a VIF's group, with a safe read-and-increment. */
import type { Policy } from '../dsl/policy.js';
import type { KernelTree } from '../patch/tree.js';
import { cText, type CText } from '../patch/c-text.js';
import {
  findFileStatements,
  findFunction,
  findStatements,
  normalized,
  paramNames,
  withLeadingComment,
  type Block,
} from '../patch/locate.js';
import { NetbackError } from '../core/errors.js';
import type { Plan } from './target.js';
import type { Edit } from '../patch/edit.js';
import { PVOPS } from './pvops-files.js';
import { T, editFile } from './pvops-edits.js';
import { pvopsPatch } from './pvops-patches.js';

const ROUND_ROBIN = /\bnetbk_next_group\b/;
const GUARDED = /\b(ASSERT_RTNL|spin_lock\w*|mutex_lock)\s*\(/;

function current(src: CText, fn: Block): 'round-robin' | 'least-loaded-guarded' | 'least-loaded' {
  const body = src.masked.slice(fn.open, fn.close);
  if (ROUND_ROBIN.test(body)) return 'round-robin';
  return GUARDED.test(body) ? 'least-loaded-guarded' : 'least-loaded';
}

const DECLARATION =
  /^(const |static |unsigned |signed )*(int|long|short|char|bool|u8|u16|u32|u64|struct \w+\s*\*?)\s*\*?\s*\w+(\s*=[^;]*)?(\s*,\s*\*?\s*\w+(\s*=[^;]*)?)*;$/;

/** `ASSERT_RTNL();` after the local declarations at the top of `fn`, before its first statement. */
function assertRtnl(s: CText, fn: Block): Edit {
  const first = findStatements(s, fn, /[\s\S]/).find((st) => !DECLARATION.test(normalized(s, st)));
  if (!first)
    throw new NetbackError('anchor-missing', 'netbk_add_netif() has no statements to guard', { file: s.path });
  const before = s.text.slice(fn.open + 1, first.start);
  // Keep one blank line between the declarations, the assertion and the code.
  const lead = /\n[ \t]*\n\s*$/.test(before) || !/;\s*$/.test(before) ? '' : '\n';
  return { start: first.start, end: first.start, text: `${lead}${T('assert-rtnl.c.hbs')}\n` };
}

export function planAssignment(policy: Policy, tree: KernelTree, plan: Plan): void {
  const want = policy.assignment;
  if (!want) return;
  const src = cText(PVOPS.interface, tree.require(PVOPS.interface, 'assignment'));
  const now = current(src, findFunction(src, 'netbk_add_netif'));
  if (
    (want === 'round-robin' && now === 'round-robin') ||
    (want === 'least-loaded' && now === 'least-loaded-guarded')
  ) {
    plan.notes.push(`assignment: netbk_add_netif() already assigns ${want}, with a safe read-and-increment; no patch`);
    return;
  }
  // The patch and its templates are named by the assignment.
  const name = `assign-${want}` as const;
  plan.changes.push(
    pvopsPatch(name, (ws) =>
      editFile(ws, PVOPS.interface, (s) => {
        const fn = findFunction(s, 'netbk_add_netif');
        const [netbk, groupNr, netif] = paramNames(s, fn);
        const header = s.text.slice(fn.start, fn.open);
        const edits: Edit[] = [];
        // The tree's own least-loaded code only lacks the assertion: add it, change nothing else.
        if (want === 'least-loaded' && current(s, fn) === 'least-loaded') return [assertRtnl(s, fn)];
        // A previous round-robin counter goes with the code that used it.
        for (const d of findFileStatements(s, /^static atomic_t netbk_next_group\b/)) {
          edits.push({
            start: withLeadingComment(s, d.start),
            end: d.end + (s.text[d.end] === '\n' ? 1 : 0),
            text: '',
          });
        }
        const text = T(`${name}.c.hbs`, { header, netbk, groupNr, netif });
        edits.push({ start: withLeadingComment(s, fn.start), end: fn.end, text });
        return edits;
      }),
    ),
  );
}
