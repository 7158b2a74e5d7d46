import { optionRule } from '../../src/lint/config/rule.js';
import { cmdlineBool } from '../../src/lint/config/cmdline.js';

const PARAM: Record<string, string> = {
  INIT_ON_ALLOC_DEFAULT_ON: 'init_on_alloc',
  INIT_ON_FREE_DEFAULT_ON: 'init_on_free',
};

export default optionRule({
  id: 'init-on-free',
  severity: 'warning',
  summary: 'memory is zeroed on every page and slab allocation or free',
  options: [
    { name: 'INIT_ON_FREE_DEFAULT_ON', since: '5.3' },
    { name: 'INIT_ON_ALLOC_DEFAULT_ON', since: '5.3' },
  ],
  cmdline: ['init_on_alloc', 'init_on_free'],
  versions: 'from 5.3; init_on_alloc=0 / init_on_free=0 turn them off at boot',
  why:
    'Each allocation (ALLOC) or free (FREE) clears the memory. Help texts: init_on_alloc costs "<1% ' +
    'in most cases" (info: Debian ships it), init_on_free "3-5% in most cases, up to 8%" because ' +
    'freed memory is cold in the cache. Network buffers are freed at packet rate.',
  fix:
    'Boot with init_on_free=0 (or disable INIT_ON_FREE_DEFAULT_ON); ' +
    'init_on_alloc is a reasonable hardening trade-off.',
  sources: ['linux-6.1 security/Kconfig.hardening: INIT_ON_ALLOC_DEFAULT_ON, INIT_ON_FREE_DEFAULT_ON help'],
  verdict: (ctx, option) => {
    const param = PARAM[option]!;
    if (cmdlineBool(ctx.param(param)) === false) return null;
    return option === 'INIT_ON_ALLOC_DEFAULT_ON' ? { severity: 'info' } : undefined;
  },
});
