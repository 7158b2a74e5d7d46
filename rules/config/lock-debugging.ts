import { optionRule } from '../../src/lint/config/rule.js';

/** The seed's prime suspect class: every lock operation of netback's grant-copy path is hooked. */
export default optionRule({
  id: 'lock-debugging',
  severity: 'error',
  summary: 'lock debugging / lockdep instruments every lock acquire and release',
  options: [
    'PROVE_LOCKING',
    'LOCK_STAT',
    'DEBUG_LOCK_ALLOC',
    'LOCKDEP',
    'DEBUG_LOCKDEP',
    'DEBUG_SPINLOCK',
    'DEBUG_MUTEXES',
    { name: 'DEBUG_RT_MUTEXES', since: '2.6.18' },
    { name: 'DEBUG_RWSEMS', since: '4.16' },
    { name: 'DEBUG_WW_MUTEX_SLOWPATH', since: '3.11' },
  ],
  versions: 'all; PROVE_LOCKING and LOCK_STAT select the rest (in 2.6.32 LOCKDEP also selected FRAME_POINTER)',
  why:
    'Lockdep hooks every spin_lock/unlock, mutex and rwsem operation: interrupts off, a per-task held-lock ' +
    'stack and a dependency-hash lookup on each acquire. spinlock_t grows from 4 to 24 bytes ' +
    '(DEBUG_SPINLOCK), 64 (LOCKDEP) and 72 (LOCK_STAT), so hot structures such as netback queues span more ' +
    'cache lines, and DEBUG_SPINLOCK uninlines spin_unlock. Under DEBUG_LOCK_ALLOC mutex_lock() loses its ' +
    'fast path. Netback takes several locks per packet, so the cost scales with the packet rate.',
  fix: 'Disable the option that pulled lockdep in (PROVE_LOCKING or LOCK_STAT) and the basic checks it selected.',
  sources: [
    'linux-6.1 lib/Kconfig.debug: PROVE_LOCKING, LOCK_STAT, DEBUG_LOCK_ALLOC ' +
      'select LOCKDEP, DEBUG_SPINLOCK, DEBUG_MUTEXES',
    'linux-6.1 lib/Kconfig.debug: DEBUG_SPINLOCK selects UNINLINE_SPIN_UNLOCK',
    'linux-6.1 include/linux/spinlock_types_raw.h: magic/owner_cpu/owner (DEBUG_SPINLOCK), dep_map (DEBUG_LOCK_ALLOC)',
    'linux-6.1 Documentation/locking/lockdep-design.rst',
  ],
});
