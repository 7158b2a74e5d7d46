import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'list-checks',
  severity: 'info',
  summary: 'cheap integrity checks on list, scatterlist and notifier operations (hardening)',
  options: ['DEBUG_LIST', 'DEBUG_SG', 'DEBUG_NOTIFIERS', { name: 'DEBUG_CREDENTIALS', until: '6.8' }],
  why:
    'A few compares per list_add/list_del or sg operation; distributions ship DEBUG_LIST on purpose ' +
    '(Debian via BUG_ON_DATA_CORRUPTION) because it stops list-corruption exploits. Not a throughput ' +
    'suspect.',
  fix: 'Keep unless measurements say otherwise; disable BUG_ON_DATA_CORRUPTION and DEBUG_LIST to remove.',
  sources: [
    'linux-6.1 lib/Kconfig.debug: DEBUG_LIST, BUG_ON_DATA_CORRUPTION selects DEBUG_LIST',
    'kernel-hardening-checker: recommends DEBUG_LIST',
  ],
});
