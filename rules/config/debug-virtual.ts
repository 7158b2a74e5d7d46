import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'debug-virtual',
  severity: 'warning',
  summary: 'checks on every virt_to_phys/__pa and per-CPU map lookup',
  options: [{ name: 'DEBUG_VIRTUAL', since: '2.6.28' }, 'DEBUG_PER_CPU_MAPS'],
  why:
    '__pa()/virt_to_page() become out-of-line functions with range checks; ' +
    'netback translates grant and skb page addresses per packet. ' +
    'DEBUG_PER_CPU_MAPS checks every cpumask/per-CPU map access.',
  fix: 'Disable DEBUG_VIRTUAL and DEBUG_PER_CPU_MAPS.',
  sources: [
    'linux-6.1 lib/Kconfig.debug: DEBUG_VIRTUAL, DEBUG_PER_CPU_MAPS',
    'linux-6.1 arch/x86/mm/physaddr.c: __phys_addr with VIRTUAL_BUG_ON',
  ],
});
