import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'kcsan',
  severity: 'error',
  summary: 'KCSAN data-race detection instruments memory accesses and stalls in watchpoints',
  options: [{ name: 'KCSAN', since: '5.8' }],
  versions: 'from 5.8',
  why: 'Compiler instrumentation on memory accesses plus sampled watchpoints that delay the accessing CPU.',
  fix: 'Disable KCSAN.',
  sources: ['linux-6.1 lib/Kconfig.kcsan', 'linux-6.1 Documentation/dev-tools/kcsan.rst'],
});
