import { optionRule } from '../../src/lint/config/rule.js';

/** slub_debug's value: empty or flags means on; '-' alone turns debugging off. */
function slubDebugOn(v: string | true | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === true || v === '') return true;
  return !/^-(,|$)/.test(v);
}

export default optionRule({
  id: 'slub-debug',
  severity: 'error',
  summary: 'SLUB debugging (red zones, poisoning, consistency checks, user tracking) on every slab cache',
  options: ['SLUB_DEBUG_ON', 'SLUB_DEBUG'],
  cmdline: ['slub_debug'],
  versions: 'all SLUB kernels; SLUB_DEBUG alone is only the capability and costs nothing until slub_debug=',
  why:
    'With debugging on, SLUB takes the slow path for every allocation and free: no per-CPU freelist fast ' +
    'path, red-zone and poison checks on each object, and stack traces stored for alloc/free (U). skb ' +
    'heads and data come from slab caches at packet rate.',
  fix: 'Disable SLUB_DEBUG_ON; remove slub_debug= from the kernel command line (or use slub_debug=- to turn it off).',
  sources: [
    'linux-6.1 mm/Kconfig.debug: SLUB_DEBUG_ON',
    'linux-6.1 Documentation/mm/slub.rst: slub_debug flags',
    'linux-6.1 mm/slub.c: kmem_cache_debug() forces the slow path',
  ],
  verdict: (ctx, option) => {
    const boot = slubDebugOn(ctx.param('slub_debug'));
    if (option === 'SLUB_DEBUG') {
      if (boot !== true || ctx.enabled('SLUB_DEBUG_ON')) return null;
      const v = ctx.param('slub_debug');
      return {
        message:
          `slub_debug${v === true ? '' : '=' + v} on the command line ` +
          'turns on SLUB debugging (CONFIG_SLUB_DEBUG=y)',
        notes: [`from ${ctx.cmdline?.source}`],
        disable: [],
        cmdlineFix: `slub_debug${v === true ? '' : '=' + v}`,
      };
    }
    if (boot === false) return null;
    return undefined;
  },
});
