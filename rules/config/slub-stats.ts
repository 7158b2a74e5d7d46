import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'slub-stats',
  severity: 'error',
  summary: 'a statistics counter update on every SLUB allocation and free',
  options: ['SLUB_STATS'],
  why:
    'stat() increments per-cache counters on each fast and slow path event; the help text: SLUB ' +
    'statistics should not be "enabled for production use since keeping statistics slows down" the allocator.',
  fix: 'Disable SLUB_STATS.',
  sources: ['linux-6.1 mm/Kconfig: SLUB_STATS help', 'linux-2.6.32 init/Kconfig: SLUB_STATS help'],
});
