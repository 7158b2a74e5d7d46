import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'debug-slab',
  severity: 'error',
  summary: 'SLAB allocator debugging (red zones, poisoning, caller tracking) on every object',
  options: [
    { name: 'DEBUG_SLAB', until: '6.8' },
    { name: 'DEBUG_SLAB_LEAK', until: '5.4' },
  ],
  versions:
    'SLAB kernels only (2.6.32-era default allocator; SLAB was removed in 6.8); the SLUB equivalent is SLUB_DEBUG_ON',
  why:
    'Every kmalloc/kfree on a SLAB kernel checks red zones, poisons the object and, for small caches, ' +
    'disables the per-CPU array fast path. On 2.6.32-era dom0 kernels SLAB was the default allocator.',
  fix: 'Disable DEBUG_SLAB.',
  sources: [
    'linux-2.6.32 lib/Kconfig.debug: DEBUG_SLAB',
    'linux-6.1 mm/slab.c: dbg_redzone1/poison_obj under CONFIG_DEBUG_SLAB',
  ],
});
