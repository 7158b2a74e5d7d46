import { optionRule } from '../../src/lint/config/rule.js';
import { cmdlineBool } from '../../src/lint/config/cmdline.js';
import { atLeast } from '../../src/lint/config/kernel-version.js';

/** 3.19 made it boot-time configurable (debug_pagealloc=on); before, compiled in meant on. */
const BOOT_SWITCH = '3.19';

export default optionRule({
  id: 'debug-pagealloc',
  severity: 'error',
  summary: 'freed pages are unmapped from the kernel direct map',
  options: ['DEBUG_PAGEALLOC'],
  cmdline: ['debug_pagealloc'],
  versions:
    'always on when built before 3.19; since 3.19 off unless debug_pagealloc=on, ' +
    'or DEBUG_PAGEALLOC_ENABLE_DEFAULT (5.1+)',
  why:
    'Every page free unmaps the page and every allocation maps it back, with a TLB flush; the direct ' +
    'map is split into 4K pages, so TLB misses rise everywhere. The help text warns of "a severe ' +
    'slowdown". Network buffers are allocated and freed at packet rate. Compiled in but not enabled ' +
    'it costs little ("a small overhead").',
  fix: 'Disable DEBUG_PAGEALLOC, or at least remove debug_pagealloc=on from the command line.',
  sources: [
    'linux-6.1 mm/Kconfig.debug: DEBUG_PAGEALLOC and DEBUG_PAGEALLOC_ENABLE_DEFAULT help',
    'linux 3.19 commit "mm/debug-pagealloc: make debug-pagealloc boottime configurable"',
  ],
  verdict: (ctx) => {
    const boot = cmdlineBool(ctx.param('debug_pagealloc'));
    if (boot === true)
      return { notes: ['enabled by debug_pagealloc=on on the command line'], cmdlineFix: 'debug_pagealloc=on' };
    if (boot === false) return null;
    if (ctx.enabled('DEBUG_PAGEALLOC_ENABLE_DEFAULT'))
      return { notes: ['DEBUG_PAGEALLOC_ENABLE_DEFAULT=y: on at every boot'] };
    if (ctx.version && !atLeast(ctx.version, BOOT_SWITCH))
      return { notes: ['this kernel has no boot switch: on whenever built in'] };
    if (ctx.cmdline) return null;
    return {
      severity: 'warning',
      notes: ['off unless debug_pagealloc=on is on the command line (pass --cmdline /proc/cmdline to know)'],
    };
  },
});
