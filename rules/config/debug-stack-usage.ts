import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'debug-stack-usage',
  severity: 'warning',
  summary: 'new kernel stacks are zeroed and scanned on exit',
  options: ['DEBUG_STACK_USAGE'],
  why:
    'Every fork zeroes the whole stack and every exit scans it for the high-water mark; ' +
    'costs on thread churn rather than per packet.',
  fix: 'Disable DEBUG_STACK_USAGE.',
  sources: [
    'linux-6.1 lib/Kconfig.debug: DEBUG_STACK_USAGE',
    'linux-6.1 kernel/fork.c: THREADINFO_GFP with __GFP_ZERO',
  ],
});
