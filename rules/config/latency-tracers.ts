import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'latency-tracers',
  severity: 'error',
  summary: 'a tracing hook on every interrupt or preemption enable/disable, even when the tracer is idle',
  options: ['IRQSOFF_TRACER', 'PREEMPT_TRACER'],
  versions: 'all (from 2.6.27)',
  why:
    'IRQSOFF_TRACER selects TRACE_IRQFLAGS, so every local_irq_disable/enable and spin_lock_irqsave ' +
    'calls trace_hardirqs_off/on; PREEMPT_TRACER does the same for every preempt_disable/enable. These ' +
    'hooks run whether or not the tracer is selected in tracefs, on the lock and irq paths netback uses ' +
    'per packet.',
  fix: 'Disable IRQSOFF_TRACER and PREEMPT_TRACER.',
  sources: [
    'linux-6.1 kernel/trace/Kconfig: IRQSOFF_TRACER selects TRACE_IRQFLAGS, ' +
      'PREEMPT_TRACER selects TRACE_PREEMPT_TOGGLE',
    'linux-6.1 include/linux/irqflags.h: trace_hardirqs_on/off under TRACE_IRQFLAGS',
  ],
});
