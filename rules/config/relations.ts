import type { Relations } from '../../src/lint/config/relations.js';

/**
 * Built-in Kconfig relations among the options the rules look at, read off linux-6.1 and
 * linux-2.6.32 (lib/Kconfig.debug, mm/Kconfig.debug, kernel/trace/Kconfig, kernel/rcu/Kconfig.debug,
 * arch/x86/Kconfig.debug). Used to name the root cause when no --tree is given; --tree replaces
 * them with the tree's own `select` and `depends on` lines.
 */
export const BUILTIN_RELATIONS: Relations = {
  selects: {
    PROVE_LOCKING: [
      'LOCKDEP',
      'DEBUG_SPINLOCK',
      'DEBUG_MUTEXES',
      'DEBUG_RT_MUTEXES',
      'DEBUG_RWSEMS',
      'DEBUG_WW_MUTEX_SLOWPATH',
      'DEBUG_LOCK_ALLOC',
      'PREEMPT_COUNT',
      'TRACE_IRQFLAGS',
    ],
    LOCK_STAT: ['LOCKDEP', 'DEBUG_SPINLOCK', 'DEBUG_MUTEXES', 'DEBUG_RT_MUTEXES', 'DEBUG_LOCK_ALLOC'],
    DEBUG_LOCK_ALLOC: ['DEBUG_SPINLOCK', 'DEBUG_MUTEXES', 'DEBUG_RT_MUTEXES', 'LOCKDEP'],
    // 2.6.32: LOCKDEP selected FRAME_POINTER on x86.
    LOCKDEP: ['STACKTRACE', 'KALLSYMS', 'KALLSYMS_ALL', 'FRAME_POINTER'],
    DEBUG_ATOMIC_SLEEP: ['PREEMPT_COUNT'],
    LATENCYTOP: ['SCHEDSTATS', 'STACKTRACE', 'KALLSYMS', 'KALLSYMS_ALL', 'FRAME_POINTER'],
    IRQSOFF_TRACER: ['TRACE_IRQFLAGS', 'TRACER_MAX_TRACE', 'RING_BUFFER_ALLOW_SWAP'],
    PREEMPT_TRACER: ['TRACE_PREEMPT_TOGGLE', 'TRACER_MAX_TRACE', 'RING_BUFFER_ALLOW_SWAP'],
    BUG_ON_DATA_CORRUPTION: ['DEBUG_LIST'],
    UNWINDER_FRAME_POINTER: ['FRAME_POINTER'],
    PAGE_OWNER: ['PAGE_EXTENSION', 'STACKTRACE', 'STACKDEPOT'],
    DEBUG_KMEMLEAK: ['STACKTRACE', 'STACKDEPOT'],
  },
  dependsOn: {
    // PROVE_RCU is `def_bool PROVE_LOCKING` in 6.1: it comes and goes with it.
    PROVE_RCU: ['PROVE_LOCKING'],
    PROVE_RCU_LIST: ['PROVE_RCU'],
    DEBUG_LOCKDEP: ['LOCKDEP'],
    DEBUG_OBJECTS_SELFTEST: ['DEBUG_OBJECTS'],
    DEBUG_OBJECTS_FREE: ['DEBUG_OBJECTS'],
    DEBUG_OBJECTS_TIMERS: ['DEBUG_OBJECTS'],
    DEBUG_OBJECTS_WORK: ['DEBUG_OBJECTS'],
    DEBUG_OBJECTS_RCU_HEAD: ['DEBUG_OBJECTS'],
    DEBUG_OBJECTS_PERCPU_COUNTER: ['DEBUG_OBJECTS'],
    DEBUG_VM_RB: ['DEBUG_VM'],
    DEBUG_VM_PGFLAGS: ['DEBUG_VM'],
    DEBUG_VM_VMACACHE: ['DEBUG_VM'],
    DEBUG_VM_MAPLE_TREE: ['DEBUG_VM'],
    DMA_API_DEBUG_SG: ['DMA_API_DEBUG'],
    PROVE_RAW_LOCK_NESTING: ['PROVE_LOCKING'],
  },
};
