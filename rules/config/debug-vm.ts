import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'debug-vm',
  severity: 'error',
  summary: 'VM_BUG_ON checks in the page allocator, page flags and mapping paths',
  options: [
    'DEBUG_VM',
    { name: 'DEBUG_VM_RB', since: '3.8' },
    { name: 'DEBUG_VM_PGFLAGS', since: '4.6' },
    { name: 'DEBUG_VM_VMACACHE', since: '3.15', until: '6.1' },
    { name: 'DEBUG_VM_MAPLE_TREE', since: '6.1' },
  ],
  why:
    'VM_BUG_ON and friends turn into real checks on every page get/put, page flag test and mapping ' +
    'update (DEBUG_VM_PGFLAGS checks page poisoning on every PageFoo() test). Netback grant-maps and ' +
    'copies guest pages, and the stack gets and puts pages per fragment.',
  fix: 'Disable DEBUG_VM (its sub-options depend on it).',
  sources: [
    'linux-6.1 lib/Kconfig.debug: DEBUG_VM, DEBUG_VM_PGFLAGS, DEBUG_VM_RB',
    'linux-6.1 include/linux/mmdebug.h',
  ],
});
