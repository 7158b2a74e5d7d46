import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'net-debug',
  severity: 'warning',
  summary: 'networking debug checks and reference-count trackers on the packet path',
  options: [
    { name: 'DEBUG_NET', since: '5.19' },
    { name: 'NET_DEV_REFCNT_TRACKER', since: '5.17' },
    { name: 'NET_NS_REFCNT_TRACKER', since: '5.17' },
  ],
  why:
    'DEBUG_NET turns DEBUG_NET_WARN_ON_ONCE checks in the core stack into real checks; ' +
    'the refcount trackers record a stack trace for each dev_hold/put_net tracker allocation (ref_tracker_alloc).',
  fix: 'Disable DEBUG_NET, NET_DEV_REFCNT_TRACKER and NET_NS_REFCNT_TRACKER.',
  sources: ['linux-6.1 net/Kconfig.debug', 'linux-6.1 lib/ref_tracker.c'],
});
