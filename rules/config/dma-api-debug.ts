import { optionRule } from '../../src/lint/config/rule.js';
import { cmdlineBool } from '../../src/lint/config/cmdline.js';

export default optionRule({
  id: 'dma-api-debug',
  severity: 'error',
  summary: 'every DMA map and unmap is recorded and checked',
  options: ['DMA_API_DEBUG', { name: 'DMA_API_DEBUG_SG', since: '4.19' }],
  cmdline: ['dma_debug'],
  why:
    'Each dma_map_single/page/sg inserts an entry into a hash of active mappings under a bucket lock, ' +
    'checked again at unmap; the physical NIC driver behind the netback bridge maps every packet.',
  fix: 'Disable DMA_API_DEBUG (or boot with dma_debug=off).',
  sources: [
    'linux-6.1 kernel/dma/Kconfig: DMA_API_DEBUG help ("This option causes a performance degradation")',
    'linux-6.1 kernel/dma/debug.c: dma_entry_hash',
  ],
  verdict: (ctx) => (cmdlineBool(ctx.param('dma_debug')) === false ? null : undefined),
});
