import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'debug-atomic-sleep',
  severity: 'warning',
  summary: 'might_sleep() checks in every sleeping primitive, and it forces PREEMPT_COUNT',
  options: [
    { name: 'DEBUG_ATOMIC_SLEEP', since: '3.1', renamedFrom: 'DEBUG_SPINLOCK_SLEEP' },
    { name: 'DEBUG_SPINLOCK_SLEEP', until: '3.1' },
  ],
  versions: 'named DEBUG_SPINLOCK_SLEEP until 3.0, DEBUG_ATOMIC_SLEEP from 3.1',
  why:
    'Every might_sleep() site (mutex_lock, kmalloc(GFP_KERNEL), copy_from_user...) checks the preempt ' +
    'count and irq state, and PREEMPT_COUNT is forced on so that even a non-preemptible kernel maintains ' +
    'the count in every spin_lock/unlock and preempt_disable/enable.',
  fix: 'Disable DEBUG_ATOMIC_SLEEP (DEBUG_SPINLOCK_SLEEP on kernels before 3.1).',
  sources: [
    'linux-6.1 lib/Kconfig.debug: DEBUG_ATOMIC_SLEEP selects PREEMPT_COUNT',
    'linux 3.1 commit renaming DEBUG_SPINLOCK_SLEEP to DEBUG_ATOMIC_SLEEP (lib/Kconfig.debug)',
  ],
});
