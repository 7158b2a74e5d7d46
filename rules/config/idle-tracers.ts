import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'idle-tracers',
  severity: 'info',
  summary: 'tracers that cost only while active',
  options: [
    'SCHED_TRACER',
    { name: 'HWLAT_TRACER', since: '4.9' },
    { name: 'OSNOISE_TRACER', since: '5.14' },
    { name: 'TIMERLAT_TRACER', since: '5.14' },
  ],
  why:
    'They hook tracepoints (static keys, NOPs when off) or run a sampling thread only when selected in tracefs; ' +
    'an idle dom0 pays nothing. Listed so that a slow host being traced is not forgotten.',
  fix:
    'Nothing to change in the config; make sure no tracer is running ' +
    '(cat /sys/kernel/tracing/current_tracer is "nop").',
  sources: ['linux-6.1 kernel/trace/Kconfig: SCHED_TRACER, HWLAT_TRACER, OSNOISE_TRACER, TIMERLAT_TRACER'],
});
