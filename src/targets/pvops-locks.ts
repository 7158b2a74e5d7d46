/* locks.idxRelease: the seed's function-static _lock in netif_idx_release() → per group. */
import type { Policy } from '../dsl/policy.js';
import type { KernelTree } from '../patch/tree.js';
import { cText } from '../patch/c-text.js';
import { findFunction, findStatement, findStatements, findStruct, normalized, paramNames } from '../patch/locate.js';
import { NetbackError } from '../core/errors.js';
import type { Plan } from './target.js';
import { PVOPS } from './pvops-files.js';
import { T, editFile, groupLoop } from './pvops-edits.js';
import { pvopsPatch } from './pvops-patches.js';

const STATIC_LOCK = /^static (DEFINE_SPINLOCK\s*\(\s*(\w+)\s*\)|spinlock_t (\w+)\b)/;

export function planIdxRelease(policy: Policy, tree: KernelTree, plan: Plan): void {
  const want = policy.locks?.idxRelease;
  if (!want) return;
  const nb = cText(PVOPS.netback, tree.require(PVOPS.netback, 'locks.idxRelease'));
  const fn = findFunction(nb, 'netif_idx_release');
  const isStatic = findStatements(nb, fn, STATIC_LOCK).length > 0;
  if (want === 'global') {
    if (isStatic) plan.notes.push('locks.idxRelease: netif_idx_release() already uses one global lock; no patch');
    else
      plan.refusals.push({
        knob: 'locks.idxRelease',
        message: "'global' would put back the function-static lock that serialises every group",
        hint: "use 'per-group' or leave locks.idxRelease out",
      });
    return;
  }
  if (!isStatic) {
    plan.notes.push('locks.idxRelease: netif_idx_release() already takes a per-group lock; no patch');
    return;
  }
  plan.changes.push(
    pvopsPatch('idx-release', (ws) => {
      editFile(ws, PVOPS.common, (h) => {
        const s = findStruct(h, 'xen_netbk');
        const at = findStatement(h, s, /\bnet_schedule_list_lock\s*;/, 'spinlock_t net_schedule_list_lock;');
        return [{ start: at.end, end: at.end, text: T('idx-release-member.c.hbs') }];
      });
      editFile(ws, PVOPS.netback, (src) => {
        const f = findFunction(src, 'netif_idx_release');
        const netbk = paramNames(src, f)[0] ?? 'netbk';
        const decl = findStatement(src, f, STATIC_LOCK, 'static DEFINE_SPINLOCK(_lock);');
        const m = STATIC_LOCK.exec(normalized(src, decl));
        const lock = m?.[2] ?? m?.[3];
        if (!lock) throw new NetbackError('anchor-missing', 'cannot read the lock name', { file: src.path });
        const uses = findStatements(src, f, new RegExp(`&\\s*${lock}\\b`));
        const { loop } = groupLoop(src);
        const loopVar = /struct xen_netbk \*(\w+)\s*=/.exec(src.masked.slice(loop.open, loop.close))?.[1] ?? 'netbk';
        const after =
          findStatements(src, loop, /^spin_lock_init\s*\(/)[0] ??
          findStatement(src, loop, /^struct xen_netbk \*\w+\s*=/, 'struct xen_netbk *netbk = &xen_netbk[group];');
        return [
          // The blank line after the removed declarations block stays: the local variables remain.
          { start: decl.start, end: decl.end, text: '' },
          ...uses.map((u) => ({
            start: u.start,
            end: u.end,
            text: src.text.slice(u.start, u.end).replace(new RegExp(`&\\s*${lock}\\b`, 'g'), `&${netbk}->release_lock`),
          })),
          { start: after.end, end: after.end, text: T('idx-release-init.c.hbs', { netbk: loopVar }) },
        ];
      });
    }),
  );
}
