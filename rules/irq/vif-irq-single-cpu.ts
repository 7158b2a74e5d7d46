import type { IrqRule } from '../../src/lint/irq/rule.js';
import { pct } from '../../src/lint/irq/rule.js';

/*
 * The seed's third problem: every VIF event channel is bound on CPU0 (netif_map() and, later,
 * xenvif_connect_data() bind without setting affinity) and nothing moves them, so CPU0 takes every
 * guest's network interrupt and runs the work they raise.
 */
export const vifIrqSingleCpu: IrqRule = {
  id: 'vif-irq-single-cpu',
  kind: 'irq',
  severity: 'error',
  summary: 'nearly all VIF event-channel interrupts land on one CPU',
  why:
    'Netback binds each VIF (or queue) event channel without setting its affinity, so it stays on the ' +
    "CPU that bound it, usually CPU0. The interrupt handler schedules the VIF's work on that CPU " +
    "(tasklets on 2.6.32, NAPI polls since 3.x), so one CPU carries every guest's packets while the " +
    'others idle, and dom0 throughput stops scaling with vCPUs.',
  fix:
    'Spread the IRQs: run irqbalance (it recognises Xen event channels by the "xen-dyn" chip name), or ' +
    "write each IRQ's /proc/irq/<irq>/smp_affinity_list (smp_affinity before 3.0) as printed; " +
    'for a permanent fix, generate a ' +
    "patch from a policy with irq: { spread: 'group-cpu' } (netback-policy init, then generate-patch).",
  sources: [
    'drivers/net/xen-netback/interface.c xenvif_connect_data(): ' +
      'bind_interdomain_evtchn_to_irqhandler_lateeoi() without affinity',
    'drivers/xen/events/events_base.c: the xen-dyn chip name is what irqbalance keys on',
  ],
  check({ spread, plan, opts }) {
    if (spread.cpus.length < 2 || spread.irqs.length < 2 || spread.total < opts.minInterrupts) return [];
    if (spread.hotCpu === undefined || spread.hotShare < opts.threshold) return [];
    const hot = spread.hotCpu;
    // One hot queue on a spread host is the guest's traffic, not IRQ placement: require that
    // most IRQs (not just most interrupts) sit on the hot CPU, as when nothing ever moved them.
    const active = spread.irqs.filter((q) => q.total > 0);
    if (active.filter((q) => q.busiestCpu === hot).length < opts.threshold * active.length) return [];
    const first = spread.irqs.find((q) => q.busiestCpu === hot) ?? spread.irqs[0]!;
    const perCpu = spread.cpus
      .map((c, k) => ({ c, n: spread.perCpu[k]! }))
      .filter((x) => x.n > 0)
      .map((x) => `CPU${x.c} ${pct(x.n / spread.total)}`)
      .join(', ');
    return [
      {
        ruleId: vifIrqSingleCpu.id,
        severity: vifIrqSingleCpu.severity,
        file: spread.file,
        line: first.line,
        column: 1,
        message:
          `${pct(spread.hotShare)} of VIF interrupts (${spread.irqs.length} IRQs of ${spread.vifs.length} ` +
          `VIF${spread.vifs.length === 1 ? '' : 's'}) land on CPU${hot} of ${spread.cpus.length} online CPUs`,
        notes: [
          `VIF interrupts per CPU: ${perCpu}`,
          'the VIF work these interrupts raise runs on the same CPU, so it is the bottleneck for every guest',
          `spread over ${spread.cpus.length} CPUs: ${plan.length} writes to ` +
            `/proc/irq/<irq>/${spread.legacy ? 'smp_affinity' : 'smp_affinity_list'} (below)`,
        ],
        fix: "run irqbalance, apply the affinity writes below, or generate a patch with irq: { spread: 'group-cpu' }",
        data: {
          hotCpu: hot,
          hotShare: spread.hotShare,
          cpus: spread.cpus.length,
          vifIrqs: spread.irqs.length,
          vifs: spread.vifs.length,
          plan: plan.map((m) => ({ irq: m.irq, name: m.name, cpu: m.cpu })),
        },
      },
    ];
  },
};
