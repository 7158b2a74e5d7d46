import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'kasan',
  severity: 'error',
  summary: 'KASAN instruments every memory access',
  options: [{ name: 'KASAN', since: '4.0' }],
  versions: 'from 4.0',
  why:
    'Every load and store is preceded by a shadow-memory check and every allocation poisons/unpoisons ' +
    'shadow and sits in quarantine. The help text: generic KASAN "adds an overhead of ~50% for dynamic ' +
    'allocations. The performance slowdown is ~x3."',
  fix: 'Disable KASAN (a debugging build, not a dom0 kernel).',
  sources: ['linux-6.1 lib/Kconfig.kasan: KASAN_GENERIC help'],
});
