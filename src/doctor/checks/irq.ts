/* VIF event-channel interrupts piling onto one CPU: lint-irq over /proc/interrupts. */
import { lintIrqText } from '../../linters/irq.js';
import type { Check, Diagnosis } from '../diagnosis.js';
import { hostConfigFix } from '../role.js';

const SHOW_COMMANDS = 6;

export const irqCheck: Check = (ctx) => {
  const src = ctx.facts.interrupts;
  if (!src) return [];
  const r = lintIrqText(src.text, src.shown);
  const irqbalance = ctx.facts.threads.includes('irqbalance');
  const out: Diagnosis[] = [];
  const s = r.spread;
  ctx.checked.push(
    s.irqs.length
      ? `VIF interrupts (${src.shown}): ${s.irqs.length} IRQs of ${s.vifs.length} VIFs over ${s.cpus.length} ` +
          `CPUs, ${s.cpusUsed} CPU${s.cpusUsed === 1 ? '' : 's'} taking at least 1%`
      : `VIF interrupts (${src.shown}): none (no guest networks, or netback not loaded)`,
  );
  for (const f of r.findings) {
    const single = f.ruleId === 'vif-irq-single-cpu';
    if (single) ctx.shared.irqSingleCpu = r.spread.hotCpu;
    const cmds = r.commands.slice(0, SHOW_COMMANDS).map((c) => `  ${c}`);
    if (r.commands.length > SHOW_COMMANDS)
      cmds.push(`  ... ${r.commands.length - SHOW_COMMANDS} more: netback-policy lint-irq ${src.shown}`);
    out.push({
      id: f.ruleId,
      severity: f.severity,
      score: single ? 85 : 45,
      title: f.message,
      evidence: [
        `${f.file}:${f.line}: first VIF IRQ row (${r.spread.irqs.length} found, ` +
          `${r.spread.total.toLocaleString('en-US')} interrupts since boot)`,
        ...(f.notes ?? []).slice(0, 1),
        ...(!single
          ? []
          : irqbalance
            ? ['irqbalance is running, yet the VIF IRQs stay put']
            : ['irqbalance is not running (no irqbalance in /proc/*/comm)']),
      ],
      fix: single
        ? [
            irqbalance
              ? 'irqbalance runs but does not move them: pin them instead'
              : 'start irqbalance (it spreads Xen event channels: chip "xen-dyn")',
            `or pin each VIF IRQ (as root, lost at reboot):`,
            ...cmds,
            `kept across reboots and new guests, ${hostConfigFix(ctx.facts)}`,
            "permanent: a policy with irq: { spread: 'group-cpu' } (netback-policy init policy.ts; " +
              'netback-policy generate-patch policy.ts --tree <kernel tree>)',
          ]
        : [f.fix ?? ''],
    });
  }
  return out;
};
