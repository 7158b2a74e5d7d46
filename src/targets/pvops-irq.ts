/*
 * irq.spread: give each VIF's event-channel IRQ the CPU of its group. 2.6.32 has
 * irq_set_affinity() but does not export it, so a modular netback needs the one-line export in
 * kernel/irq/manage.c first; a netback-only tree cannot get it, and the knob is refused.
 */
import type { Policy } from '../dsl/policy.js';
import type { KernelTree, Workspace } from '../patch/tree.js';
import { cText } from '../patch/c-text.js';
import { findCall, findFunction, findStatements } from '../patch/locate.js';
import type { Plan } from './target.js';
import { PVOPS } from './pvops-files.js';
import { T, editFile } from './pvops-edits.js';
import { pvopsPatch } from './pvops-patches.js';
import { bindsById, ensureGroupCpu, groupCpuMessage } from './pvops-group-cpu.js';

const EXPORTED = /\bEXPORT_SYMBOL(_GPL)?\s*\(\s*irq_set_affinity\s*\)/;
const SETS_AFFINITY = /\birq_set_affinity\s*\(/;

export function planIrqSpread(policy: Policy, tree: KernelTree, plan: Plan): void {
  const want = policy.irq?.spread;
  if (!want) return;
  const src = cText(PVOPS.interface, tree.require(PVOPS.interface, 'irq.spread'));
  const nb = cText(PVOPS.netback, tree.require(PVOPS.netback, 'irq.spread'));
  const up = findFunction(src, '__netif_up');
  const sets = findStatements(src, up, SETS_AFFINITY).length > 0;
  if (want === 'none') {
    if (!sets)
      plan.notes.push(
        'irq.spread: netback sets no IRQ affinity (irqbalance or /proc/irq/N/smp_affinity decide); no patch',
      );
    else
      plan.refusals.push({
        knob: 'irq.spread',
        message: "'none' would remove the IRQ affinity this tree already sets in __netif_up()",
        hint: 'leave irq.spread out, or revert that commit',
      });
    return;
  }
  if (policy.threading?.bindToCpu === false) {
    plan.refusals.push({
      knob: 'irq.spread',
      message:
        "'group-cpu' points each VIF's IRQ at the CPU of its group's thread, but bindToCpu: false leaves group threads to the scheduler, so a group has no CPU",
      hint: "keep bindToCpu: true with 'group-cpu', or use irq.spread: 'none' and let irqbalance place the IRQs",
    });
    return;
  }
  if (sets) {
    plan.notes.push('irq.spread: __netif_up() already points each VIF IRQ at its group; no patch');
    return;
  }
  const core = tree.read(PVOPS.irqCore);
  if (core === undefined) {
    plan.refusals.push({
      knob: 'irq.spread',
      message: `irq_set_affinity() is not exported to modules in 2.6.32 and this tree has no ${PVOPS.irqCore} to export it from, so a modular netback could not link`,
      hint: "run irqbalance, or write each VIF IRQ's CPU to /proc/irq/N/smp_affinity from the vif hotplug script; or point --tree at the whole kernel tree",
    });
    return;
  }
  const coreSrc = cText(PVOPS.irqCore, core);
  findFunction(coreSrc, 'irq_set_affinity');
  if (!EXPORTED.test(coreSrc.masked)) {
    plan.changes.push(
      pvopsPatch('irq-export', (ws) =>
        editFile(ws, PVOPS.irqCore, (s) => {
          const fn = findFunction(s, 'irq_set_affinity');
          return [{ start: fn.end, end: fn.end, text: T('irq-export.c.hbs') }];
        }),
      ),
    );
  }
  const apply = (ws: Workspace): void => {
    ensureGroupCpu(ws);
    editFile(ws, PVOPS.interface, (s) => {
      const fn = findFunction(s, '__netif_up');
      const add = findCall(s, fn, 'netbk_add_netif');
      const netif = /\(\s*[^,]+,\s*[^,]+,\s*(\w+)\s*\)/.exec(s.masked.slice(add.start, add.end))?.[1] ?? 'netif';
      return [{ start: add.end, end: add.end, text: T('irq-spread.c.hbs', { netif }) }];
    });
  };
  plan.changes.push(
    pvopsPatch('irq-spread', apply, {
      // With bindToCpu: true the binding patch, earlier in the series, sets the stored CPU up.
      groupCpu:
        policy.threading?.bindToCpu === true ? '' : groupCpuMessage(nb, tree, { bind: bindsById(nb), irq: true }),
      rebinds: policy.threading?.bindToCpu !== true && bindsById(nb),
    }),
  );
}
