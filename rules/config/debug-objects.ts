import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'debug-objects',
  severity: 'error',
  summary: 'object life-time tracking on every timer, work item and RCU callback',
  options: [
    'DEBUG_OBJECTS',
    'DEBUG_OBJECTS_FREE',
    'DEBUG_OBJECTS_TIMERS',
    'DEBUG_OBJECTS_WORK',
    { name: 'DEBUG_OBJECTS_RCU_HEAD', since: '2.6.34' },
    { name: 'DEBUG_OBJECTS_PERCPU_COUNTER', since: '3.0' },
  ],
  cmdline: ['debug_objects', 'no_debug_objects'],
  versions: 'all; DEBUG_OBJECTS_ENABLE_DEFAULT=0 leaves it off until debug_objects on the command line',
  why:
    'Each tracked operation (mod_timer, queue_work, call_rcu, kfree with _FREE) looks the object up in a ' +
    'global hash under a bucket spinlock. Netback arms timers (credit timer) and the stack queues work ' +
    'and RCU callbacks at packet rate.',
  fix: 'Disable DEBUG_OBJECTS (its sub-options depend on it), or boot with no_debug_objects.',
  sources: [
    'linux-6.1 lib/Kconfig.debug: DEBUG_OBJECTS*',
    'linux-6.1 lib/debugobjects.c: obj_hash buckets with raw spinlocks; every entry point returns while debug_objects_enabled is 0',
  ],
  // Every tracking call (the sub-options' too) returns at once while debug_objects_enabled is 0,
  // so the boot switches decide for the whole family, not for DEBUG_OBJECTS alone.
  verdict: (ctx) => {
    if (ctx.param('no_debug_objects') !== undefined) return null;
    const onByDefault = ctx.value('DEBUG_OBJECTS_ENABLE_DEFAULT') !== '0';
    if (onByDefault || ctx.param('debug_objects') !== undefined) return undefined;
    return {
      severity: 'warning',
      notes: ['DEBUG_OBJECTS_ENABLE_DEFAULT=0: off until "debug_objects" is on the command line'],
    };
  },
});
