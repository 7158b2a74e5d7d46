import type { IrqRule } from '../../src/lint/irq/rule.js';
import { pct } from '../../src/lint/irq/rule.js';
import { vifIrqSingleCpu } from './vif-irq-single-cpu.js';

/*
 * Multi-queue netback (3.16+) gives a VIF one event channel per queue so that its queues can run
 * on different CPUs; when all of one VIF's queue IRQs sit on the same CPU the guest gets one CPU's
 * worth of throughput however many queues it negotiated. Only reported when the host-wide rule
 * did not fire (which already covers every VIF).
 */
export const vifQueuesOneCpu: IrqRule = {
  id: 'vif-queues-one-cpu',
  kind: 'irq',
  severity: 'warning',
  summary: "a multi-queue VIF's queue interrupts all land on one CPU",
  why:
    'Each queue of a multi-queue VIF has its own event channel and NAPI instance so the queues can be ' +
    'served in parallel; with every queue IRQ on one CPU the VIF is limited to that CPU, which defeats ' +
    'the queues the guest negotiated (max_queues).',
  fix:
    "Point the VIF's queue IRQs at different CPUs (irqbalance, the printed smp_affinity_list writes, " +
    "or irq: { spread: 'group-cpu' } in a policy).",
  check(ctx) {
    const { spread, opts } = ctx;
    if (spread.cpus.length < 2 || vifIrqSingleCpu.check(ctx).length) return [];
    const out = [];
    for (const v of spread.vifs) {
      const queues = new Set(v.irqs.map((q) => q.queue).filter((q) => q !== undefined));
      // Uneven traffic between queues is the guest's flow hashing, not an IRQ problem: only report
      // when every queue IRQ that took interrupts took them on the same CPU.
      const cpus = new Set(v.irqs.filter((q) => q.total > 0).map((q) => q.busiestCpu));
      if (queues.size < 2 || cpus.size !== 1 || v.total < opts.minInterrupts || v.busiestShare < opts.threshold)
        continue;
      out.push({
        ruleId: vifQueuesOneCpu.id,
        severity: vifQueuesOneCpu.severity,
        file: spread.file,
        line: v.irqs[0]!.line,
        column: 1,
        message: `${v.vif}: ${pct(v.busiestShare)} of its ${queues.size} queues' interrupts land on CPU${v.busiestCpu}`,
        notes: [`IRQs ${v.irqs.map((q) => `${q.irq} (${q.name})`).join(', ')}`],
        fix: `spread ${v.vif}'s queue IRQs over several CPUs`,
        data: { vif: v.vif, cpu: v.busiestCpu, share: v.busiestShare, queues: queues.size },
      });
    }
    return out;
  },
};
