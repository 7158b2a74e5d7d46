import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'tracer-selftests',
  severity: 'warning',
  summary: 'tracing self-checks that add work to every traced event',
  options: [
    { name: 'FTRACE_RECORD_RECURSION', since: '5.11' },
    { name: 'RING_BUFFER_VALIDATE_TIME_DELTAS', since: '5.11' },
    'FTRACE_STARTUP_TEST',
  ],
  why:
    'The help texts say these add overhead to every traced function or ring-buffer event ' +
    '(and the startup test delays boot); only a cost while tracing, but pointless on a production dom0.',
  fix: 'Disable them.',
  sources: [
    'linux-6.1 kernel/trace/Kconfig: FTRACE_RECORD_RECURSION, RING_BUFFER_VALIDATE_TIME_DELTAS, FTRACE_STARTUP_TEST',
  ],
});
