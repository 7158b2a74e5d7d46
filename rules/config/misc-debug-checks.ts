import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'misc-debug-checks',
  severity: 'info',
  summary: 'small debug checks with a measurable but minor cost',
  options: [
    { name: 'CSD_LOCK_WAIT_DEBUG', since: '5.10' },
    'PARAVIRT_DEBUG',
    { name: 'X86_DEBUG_FPU', since: '3.14' },
    { name: 'DEBUG_ENTRY', since: '4.3' },
    { name: 'DEBUG_IRQFLAGS', since: '5.16' },
  ],
  why:
    'CSD_LOCK_WAIT_DEBUG timestamps cross-CPU function calls; ' +
    'PARAVIRT_DEBUG checks each paravirt op call (dom0 makes many); X86_DEBUG_FPU adds FPU-state assertions; ' +
    'DEBUG_ENTRY adds checks on every kernel entry and exit; DEBUG_IRQFLAGS checks irq state on lock/unlock.',
  fix: 'Disable if measurements point at them; not a throughput suspect by themselves.',
  sources: [
    'linux-6.1 lib/Kconfig.debug: CSD_LOCK_WAIT_DEBUG, DEBUG_IRQFLAGS',
    'linux-6.1 arch/x86/Kconfig.debug: X86_DEBUG_FPU, DEBUG_ENTRY',
    'linux-6.1 arch/x86/Kconfig: PARAVIRT_DEBUG',
  ],
});
