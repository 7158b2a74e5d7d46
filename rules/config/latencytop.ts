import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'latencytop',
  severity: 'warning',
  summary: 'latency accounting with stack traces on every blocking sleep',
  options: ['LATENCYTOP'],
  versions: 'all; selects SCHEDSTATS (and, before ORC, FRAME_POINTER)',
  why:
    'account_scheduler_latency() saves a stack trace and updates per-task and global tables under a spinlock on ' +
    'every sleep longer than a few microseconds (when enabled via /proc/sys/kernel/latencytop); ' +
    'it also selects SCHEDSTATS and STACKTRACE.',
  fix: 'Disable LATENCYTOP.',
  sources: ['linux-6.1 lib/Kconfig.debug: LATENCYTOP selects SCHEDSTATS, STACKTRACE', 'linux-6.1 kernel/latencytop.c'],
});
