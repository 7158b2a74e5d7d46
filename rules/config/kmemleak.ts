import { optionRule } from '../../src/lint/config/rule.js';
import { cmdlineBool } from '../../src/lint/config/cmdline.js';

export default optionRule({
  id: 'kmemleak',
  severity: 'error',
  summary: 'kmemleak records every slab and page allocation and scans memory',
  options: ['DEBUG_KMEMLEAK'],
  cmdline: ['kmemleak'],
  versions: 'from 2.6.31; DEBUG_KMEMLEAK_DEFAULT_OFF leaves it off until kmemleak=on',
  why:
    'Every kmalloc/kfree (netback allocates skbs for every packet) inserts into or removes from a ' +
    'global tree of objects under kmemleak_lock, and the scanning thread walks all of memory.',
  fix: 'Disable DEBUG_KMEMLEAK, or boot with kmemleak=off.',
  sources: [
    'linux-6.1 lib/Kconfig.debug: DEBUG_KMEMLEAK help',
    'linux-6.1 mm/kmemleak.c: object_tree_root under kmemleak_lock',
  ],
  verdict: (ctx) => {
    const boot = cmdlineBool(ctx.param('kmemleak'));
    if (boot === false) return null;
    if (boot === true) return { notes: ['turned on by kmemleak=on on the command line'] };
    if (ctx.enabled('DEBUG_KMEMLEAK_DEFAULT_OFF')) {
      return {
        severity: 'warning',
        notes: ['DEBUG_KMEMLEAK_DEFAULT_OFF: off until kmemleak=on is on the command line'],
      };
    }
    return undefined;
  },
});
