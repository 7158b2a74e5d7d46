import { optionRule } from '../../src/lint/config/rule.js';
import { cmdlineBool } from '../../src/lint/config/cmdline.js';

export default optionRule({
  id: 'debug-pagealloc',
  severity: 'error',
  summary: 'freed pages are unmapped from the kernel direct map',
  options: ['DEBUG_PAGEALLOC'],
  cmdline: ['debug_pagealloc'],
  versions: 'all; a boot switch (debug_pagealloc=on) since 4.4, DEBUG_PAGEALLOC_ENABLE_DEFAULT since 5.1',
  why:
    'Every page free unmaps the page and every allocation maps it back, with a TLB flush; the direct ' +
    'map is split into 4K pages, so TLB misses rise everywhere. The help text warns of "a severe ' +
    'slowdown". Network buffers are allocated and freed at packet rate. Compiled in but not enabled ' +
    'it costs little ("a small overhead").',
  fix: 'Disable DEBUG_PAGEALLOC, or at least remove debug_pagealloc=on from the command line.',
  sources: ['linux-6.1 mm/Kconfig.debug: DEBUG_PAGEALLOC and DEBUG_PAGEALLOC_ENABLE_DEFAULT help'],
  verdict: (ctx) => {
    const boot = cmdlineBool(ctx.param('debug_pagealloc'));
    if (boot === true) return { notes: ['enabled by debug_pagealloc=on on the command line'], cmdlineFix: 'debug_pagealloc=on' };
    if (boot === false) return null;
    if (ctx.enabled('DEBUG_PAGEALLOC_ENABLE_DEFAULT')) return { notes: ['DEBUG_PAGEALLOC_ENABLE_DEFAULT=y: on at every boot'] };
    // On 2.6.32-era kernels there is no boot switch: compiled in means on.
    if (ctx.version && ctx.version[0] < 4) return undefined;
    if (ctx.cmdline) return null;
    return { severity: 'warning', notes: ['off unless debug_pagealloc=on is on the command line (pass --cmdline /proc/cmdline to know)'] };
  },
});
