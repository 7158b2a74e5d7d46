import { optionRule } from '../../src/lint/config/rule.js';
import { atLeast } from '../../src/lint/config/kernel-version.js';

/** 4.6 put the statistics behind the sched_schedstats static key (off by default). */
const RUNTIME_SWITCH = '4.6';

export default optionRule({
  id: 'schedstats',
  severity: 'info',
  summary: 'scheduler statistics',
  options: ['SCHEDSTATS'],
  cmdline: ['schedstats'],
  versions:
    'always collected before 4.6 (warning); a runtime switch since 4.6, ' +
    'off unless schedstats=enable or kernel.sched_schedstats=1 (info)',
  why:
    'Before 4.6 every enqueue, dequeue, wakeup and context switch updated the statistics; since 4.6 ' +
    'they sit behind a static key that is off unless enabled at boot or by sysctl. Netback threads wake ' +
    'and sleep per batch of packets.',
  fix: 'Before 4.6 disable SCHEDSTATS; since 4.6 keep it and leave schedstats off (no schedstats=enable).',
  sources: [
    'linux-6.1 lib/Kconfig.debug: SCHEDSTATS help ("very slight overhead")',
    'linux 4.6 commit cb2517653fcc: sched/debug: Make schedstats a runtime tunable that is disabled by default',
  ],
  verdict: (ctx) => {
    if (ctx.version && !atLeast(ctx.version, RUNTIME_SWITCH)) {
      return { severity: 'warning', notes: ['before 4.6 the statistics are always collected'] };
    }
    if (ctx.param('schedstats') === 'enable') {
      return {
        severity: 'warning',
        notes: ['turned on by schedstats=enable on the command line'],
        cmdlineFix: 'schedstats=enable',
        disable: [],
      };
    }
    if (ctx.cmdline) return null;
    return { notes: ['off at run time unless schedstats=enable or sysctl kernel.sched_schedstats=1'] };
  },
});
