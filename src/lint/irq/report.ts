/*
 * The human part of `lint-irq`'s text output: how VIF interrupts are spread per CPU and per VIF,
 * and the commands that would spread them. Findings themselves go through the shared formatter.
 */
import type { IrqLintResult } from './lint.js';
import { pct } from './rule.js';
import { quotePath } from '../../core/quote-path.js';

/** Most CPUs listed one per line before the rest are folded into one line. */
const CPU_LINES = 16;

export function renderSpread(r: IrqLintResult): string {
  const s = r.spread;
  const out: string[] = [];
  if (!s.irqs.length) {
    out.push(
      `${quotePath(s.file)}: ${s.cpus.length} online CPUs, ` +
        'no netback VIF interrupts (no guest networks, or netback not loaded)',
    );
    return out.join('\n') + '\n';
  }
  out.push(
    `${quotePath(s.file)}: ${s.cpus.length} online CPUs, ${s.vifs.length} VIFs, ` +
      `${s.irqs.length} VIF event-channel IRQs, ` +
      `${s.total.toLocaleString('en-US')} interrupts since boot`,
  );
  out.push('', 'per CPU:');
  const rows = s.cpus.map((c, k) => ({ c, n: s.perCpu[k]!, irqs: s.irqs.filter((q) => q.busiestCpu === c).length }));
  const shown = rows.length > CPU_LINES ? [...rows].sort((a, b) => b.n - a.n || a.c - b.c).slice(0, CPU_LINES) : rows;
  for (const x of shown.sort((a, b) => a.c - b.c)) {
    out.push(
      `  ${`CPU${x.c}`.padEnd(7)} ${x.n.toLocaleString('en-US').padStart(15)}  ` +
        `${share(x.n, s.total).padStart(6)}  ${x.irqs} IRQs`,
    );
  }
  if (shown.length < rows.length) {
    const rest = rows.filter((x) => !shown.includes(x));
    const n = rest.reduce((t, x) => t + x.n, 0);
    out.push(`  (${rest.length} more CPUs: ${n.toLocaleString('en-US')} interrupts, ${share(n, s.total)})`);
  }
  out.push('', 'per VIF:');
  for (const v of s.vifs) {
    const queues = new Set(v.irqs.map((q) => q.queue ?? 0)).size;
    out.push(
      `  ${v.vif.padEnd(9)} ${String(v.irqs.length).padStart(3)} IRQs ${String(queues).padStart(2)} queues ` +
        `${v.total.toLocaleString('en-US').padStart(15)}  busiest CPU${v.busiestCpu} (${pct(v.busiestShare)})`,
    );
  }
  return out.join('\n') + '\n';
}

/** The fix section: only when a rule fired. */
export function renderFixes(r: IrqLintResult): string {
  if (!r.plan.length) return '';
  const out = [
    '',
    'To spread them now (as root; lost at reboot), either start irqbalance:',
    r.spread.legacy
      ? '  systemctl enable --now irqbalance   # without systemd: service irqbalance start'
      : '  systemctl enable --now irqbalance',
    `or pin each VIF IRQ to a CPU (${r.plan.length} writes):`,
    ...r.commands.map((c) => `  ${c}`),
    'For a permanent fix, let netback set the affinity itself: a policy with',
    "  irq: { spread: 'group-cpu' }",
    'then: netback-policy init policy.ts && netback-policy generate-patch policy.ts --tree <kernel tree>',
  ];
  return out.join('\n') + '\n';
}

function share(n: number, total: number): string {
  return total ? pct(n / total) : '-';
}
