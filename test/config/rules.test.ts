import { describe, it, expect } from 'vitest';
import { lintConfigText } from '../../src/linters/config.js';
import { CONFIG_RULES } from '../../rules/config/index.js';

/** A complete .config as Kconfig writes it, for kernel `v`. */
const full = (v: string, ...lines: string[]) =>
  (v.startsWith('2.')
    ? `#\n# Automatically generated make config: don't edit\n# Linux kernel version: ${v}\n#\n`
    : `#\n# Automatically generated file; DO NOT EDIT.\n# Linux/x86 ${v} Kernel Configuration\n#\n`) +
  'CONFIG_X86_64=y\nCONFIG_X86=y\n' +
  lines.join('\n') +
  '\n';
const frag = (...lines: string[]) => lines.join('\n') + '\n';

interface Case {
  rule: string;
  text: string;
  cmdline?: string;
  version?: string;
  /** The rule's findings as `OPTION:severity` (the finding's own option), [] for none. */
  want: string[];
}

const V6 = '6.1.192';
const V2 = '2.6.32';
const cases: Case[] = [
  // lock debugging: PROVE_LOCKING is the root, what it selects is grouped under it
  {
    rule: 'lock-debugging',
    text: full(V6, 'CONFIG_PROVE_LOCKING=y', 'CONFIG_LOCKDEP=y', 'CONFIG_DEBUG_SPINLOCK=y'),
    want: ['PROVE_LOCKING:error'],
  },
  { rule: 'lock-debugging', text: full(V6, 'CONFIG_DEBUG_SPINLOCK=y'), want: ['DEBUG_SPINLOCK:error'] },
  { rule: 'lock-debugging', text: full(V6, 'CONFIG_LOCK_STAT=y', 'CONFIG_LOCKDEP=y'), want: ['LOCK_STAT:error'] },
  {
    rule: 'lock-debugging',
    text: full(V6, '# CONFIG_PROVE_LOCKING is not set', 'CONFIG_LOCKDEP_SUPPORT=y', 'CONFIG_LOCK_DEBUGGING_SUPPORT=y'),
    want: [],
  },
  { rule: 'prove-rcu', text: full(V6, 'CONFIG_PROVE_RCU=y'), want: ['PROVE_RCU:error'] },
  { rule: 'prove-rcu', text: full(V2, 'CONFIG_PROVE_RCU=y'), want: [] }, // did not exist in 2.6.32
  { rule: 'debug-preempt', text: full(V6, 'CONFIG_DEBUG_PREEMPT=y'), want: ['DEBUG_PREEMPT:error'] },
  { rule: 'debug-preempt', text: full(V6, '# CONFIG_DEBUG_PREEMPT is not set'), want: [] },
  { rule: 'debug-atomic-sleep', text: full(V6, 'CONFIG_DEBUG_ATOMIC_SLEEP=y'), want: ['DEBUG_ATOMIC_SLEEP:warning'] },
  {
    rule: 'debug-atomic-sleep',
    text: full(V2, 'CONFIG_DEBUG_SPINLOCK_SLEEP=y'),
    want: ['DEBUG_SPINLOCK_SLEEP:warning'],
  },
  { rule: 'debug-atomic-sleep', text: full(V6, 'CONFIG_DEBUG_SPINLOCK_SLEEP=y'), want: [] }, // stale name: Kconfig ignores it on 6.1
  {
    rule: 'latency-tracers',
    text: full(V6, 'CONFIG_IRQSOFF_TRACER=y', 'CONFIG_PREEMPT_TRACER=y'),
    want: ['IRQSOFF_TRACER:error', 'PREEMPT_TRACER:error'],
  },
  { rule: 'latency-tracers', text: full(V6, 'CONFIG_SCHED_TRACER=y'), want: [] },
  {
    rule: 'static-function-tracer',
    text: full(V6, 'CONFIG_FUNCTION_TRACER=y', '# CONFIG_DYNAMIC_FTRACE is not set'),
    want: ['FUNCTION_TRACER:error'],
  },
  {
    rule: 'static-function-tracer',
    text: full(V6, 'CONFIG_FUNCTION_TRACER=y', 'CONFIG_FUNCTION_GRAPH_TRACER=y', 'CONFIG_DYNAMIC_FTRACE=y'),
    want: [],
  },
  { rule: 'static-function-tracer', text: frag('CONFIG_FUNCTION_TRACER=y'), want: [] }, // fragment: DYNAMIC_FTRACE keeps its default
  { rule: 'branch-profiling', text: full(V6, 'CONFIG_PROFILE_ALL_BRANCHES=y'), want: ['PROFILE_ALL_BRANCHES:error'] },
  { rule: 'branch-profiling', text: full(V6, 'CONFIG_BRANCH_PROFILE_NONE=y'), want: [] },
  { rule: 'tracer-selftests', text: full(V6, 'CONFIG_FTRACE_STARTUP_TEST=y'), want: ['FTRACE_STARTUP_TEST:warning'] },
  { rule: 'tracer-selftests', text: full(V6, '# CONFIG_FTRACE_STARTUP_TEST is not set'), want: [] },
  { rule: 'idle-tracers', text: full(V6, 'CONFIG_OSNOISE_TRACER=y'), want: ['OSNOISE_TRACER:info'] },
  { rule: 'idle-tracers', text: full(V6, 'CONFIG_STACK_TRACER=y'), want: [] },
  { rule: 'debug-pagealloc', text: full(V6, 'CONFIG_DEBUG_PAGEALLOC=y'), want: ['DEBUG_PAGEALLOC:warning'] },
  {
    rule: 'debug-pagealloc',
    text: full(V6, 'CONFIG_DEBUG_PAGEALLOC=y', 'CONFIG_DEBUG_PAGEALLOC_ENABLE_DEFAULT=y'),
    want: ['DEBUG_PAGEALLOC:error'],
  },
  {
    rule: 'debug-pagealloc',
    text: full(V6, 'CONFIG_DEBUG_PAGEALLOC=y'),
    cmdline: 'ro debug_pagealloc=on',
    want: ['DEBUG_PAGEALLOC:error'],
  },
  { rule: 'debug-pagealloc', text: full(V6, 'CONFIG_DEBUG_PAGEALLOC=y'), cmdline: 'ro quiet', want: [] },
  { rule: 'debug-pagealloc', text: full(V2, 'CONFIG_DEBUG_PAGEALLOC=y'), want: ['DEBUG_PAGEALLOC:error'] }, // no boot switch then
  { rule: 'debug-pagealloc', text: full('3.18.140', 'CONFIG_DEBUG_PAGEALLOC=y'), want: ['DEBUG_PAGEALLOC:error'] },
  { rule: 'debug-pagealloc', text: full('3.19.0', 'CONFIG_DEBUG_PAGEALLOC=y'), want: ['DEBUG_PAGEALLOC:warning'] },
  {
    rule: 'slub-debug',
    text: full(V6, 'CONFIG_SLUB_DEBUG=y', 'CONFIG_SLUB_DEBUG_ON=y'),
    want: ['SLUB_DEBUG_ON:error'],
  },
  { rule: 'slub-debug', text: full(V6, 'CONFIG_SLUB_DEBUG=y'), want: [] },
  { rule: 'slub-debug', text: full(V6, 'CONFIG_SLUB_DEBUG=y'), cmdline: 'slub_debug=FZPU', want: ['SLUB_DEBUG:error'] },
  { rule: 'slub-debug', text: full(V6, 'CONFIG_SLUB_DEBUG=y'), cmdline: 'slub_debug', want: ['SLUB_DEBUG:error'] },
  {
    rule: 'slub-debug',
    text: full(V6, 'CONFIG_SLUB_DEBUG=y', 'CONFIG_SLUB_DEBUG_ON=y'),
    cmdline: 'slub_debug=-',
    want: [],
  },
  { rule: 'debug-slab', text: full(V2, 'CONFIG_SLAB=y', 'CONFIG_DEBUG_SLAB=y'), want: ['DEBUG_SLAB:error'] },
  { rule: 'debug-slab', text: full(V2, 'CONFIG_SLAB=y', '# CONFIG_DEBUG_SLAB is not set'), want: [] },
  { rule: 'slub-stats', text: full(V6, 'CONFIG_SLUB_STATS=y'), want: ['SLUB_STATS:error'] },
  { rule: 'slub-stats', text: full(V6, '# CONFIG_SLUB_STATS is not set'), want: [] },
  { rule: 'debug-vm', text: full(V6, 'CONFIG_DEBUG_VM=y', 'CONFIG_DEBUG_VM_PGFLAGS=y'), want: ['DEBUG_VM:error'] },
  { rule: 'debug-vm', text: full(V6, '# CONFIG_DEBUG_VM is not set'), want: [] },
  {
    rule: 'debug-objects',
    text: full(V6, 'CONFIG_DEBUG_OBJECTS=y', 'CONFIG_DEBUG_OBJECTS_TIMERS=y', 'CONFIG_DEBUG_OBJECTS_ENABLE_DEFAULT=1'),
    want: ['DEBUG_OBJECTS:error'],
  },
  {
    rule: 'debug-objects',
    text: full(V6, 'CONFIG_DEBUG_OBJECTS=y', 'CONFIG_DEBUG_OBJECTS_ENABLE_DEFAULT=0'),
    want: ['DEBUG_OBJECTS:warning'],
  },
  {
    rule: 'debug-objects',
    text: full(V6, 'CONFIG_DEBUG_OBJECTS=y', 'CONFIG_DEBUG_OBJECTS_ENABLE_DEFAULT=0'),
    cmdline: 'debug_objects',
    want: ['DEBUG_OBJECTS:error'],
  },
  { rule: 'debug-objects', text: full(V6, 'CONFIG_DEBUG_OBJECTS=y'), cmdline: 'no_debug_objects', want: [] },
  // The sub-options cost only while the facility is on: they are reported under DEBUG_OBJECTS,
  // whose verdict (boot switches, ENABLE_DEFAULT) decides for the family.
  {
    rule: 'debug-objects',
    text: full(V6, 'CONFIG_DEBUG_OBJECTS=y', 'CONFIG_DEBUG_OBJECTS_TIMERS=y', 'CONFIG_DEBUG_OBJECTS_WORK=y'),
    cmdline: 'no_debug_objects',
    want: [],
  },
  {
    rule: 'debug-objects',
    text: full(V6, 'CONFIG_DEBUG_OBJECTS=y', 'CONFIG_DEBUG_OBJECTS_FREE=y', 'CONFIG_DEBUG_OBJECTS_ENABLE_DEFAULT=0'),
    want: ['DEBUG_OBJECTS:warning'],
  },
  {
    rule: 'debug-objects',
    text: full(V6, 'CONFIG_DEBUG_OBJECTS=y', 'CONFIG_DEBUG_OBJECTS_TIMERS=y'),
    want: ['DEBUG_OBJECTS:error'],
  },
  // A fragment stating a sub-option alone: the boot switch decides for it as for DEBUG_OBJECTS.
  { rule: 'debug-objects', text: frag('CONFIG_DEBUG_OBJECTS_TIMERS=y'), cmdline: 'no_debug_objects', want: [] },
  { rule: 'debug-objects', text: frag('CONFIG_DEBUG_OBJECTS_TIMERS=y'), want: ['DEBUG_OBJECTS_TIMERS:error'] },
  { rule: 'kmemleak', text: full(V6, 'CONFIG_DEBUG_KMEMLEAK=y'), want: ['DEBUG_KMEMLEAK:error'] },
  {
    rule: 'kmemleak',
    text: full(V6, 'CONFIG_DEBUG_KMEMLEAK=y', 'CONFIG_DEBUG_KMEMLEAK_DEFAULT_OFF=y'),
    want: ['DEBUG_KMEMLEAK:warning'],
  },
  { rule: 'kmemleak', text: full(V6, 'CONFIG_DEBUG_KMEMLEAK=y'), cmdline: 'kmemleak=off', want: [] },
  { rule: 'kasan', text: full(V6, 'CONFIG_KASAN=y', 'CONFIG_KASAN_GENERIC=y'), want: ['KASAN:error'] },
  { rule: 'kasan', text: full(V6, 'CONFIG_HAVE_ARCH_KASAN=y', 'CONFIG_KFENCE=y'), want: [] },
  { rule: 'kcsan', text: full(V6, 'CONFIG_KCSAN=y'), want: ['KCSAN:error'] },
  { rule: 'kcsan', text: full(V6, '# CONFIG_KCSAN is not set'), want: [] },
  { rule: 'kmsan', text: full(V6, 'CONFIG_KMSAN=y'), want: ['KMSAN:error'] },
  { rule: 'kmsan', text: full('5.10.0', 'CONFIG_KMSAN=y'), want: [] },
  { rule: 'ubsan', text: full(V6, 'CONFIG_UBSAN=y', 'CONFIG_UBSAN_SANITIZE_ALL=y'), want: ['UBSAN:warning'] },
  {
    rule: 'ubsan',
    text: full(V6, 'CONFIG_UBSAN=y', 'CONFIG_UBSAN_TRAP=y', '# CONFIG_UBSAN_SANITIZE_ALL is not set'),
    want: ['UBSAN:info'],
  },
  { rule: 'ubsan', text: frag('CONFIG_UBSAN=y'), want: ['UBSAN:warning'] }, // Kconfig default y for SANITIZE_ALL
  { rule: 'ubsan', text: full(V6, '# CONFIG_UBSAN is not set'), want: [] },
  { rule: 'coverage', text: full(V6, 'CONFIG_KCOV=y'), want: ['KCOV:error'] },
  { rule: 'coverage', text: full(V6, 'CONFIG_GCOV_KERNEL=y'), want: [] },
  { rule: 'dma-api-debug', text: full(V6, 'CONFIG_DMA_API_DEBUG=y'), want: ['DMA_API_DEBUG:error'] },
  { rule: 'dma-api-debug', text: full(V6, 'CONFIG_DMA_API_DEBUG=y'), cmdline: 'dma_debug=off', want: [] },
  { rule: 'net-debug', text: full(V6, 'CONFIG_NET_DEV_REFCNT_TRACKER=y'), want: ['NET_DEV_REFCNT_TRACKER:warning'] },
  { rule: 'net-debug', text: full(V6, 'CONFIG_NET_DROP_MONITOR=m'), want: [] },
  {
    rule: 'rcu-strict-grace-period',
    text: full(V6, 'CONFIG_RCU_STRICT_GRACE_PERIOD=y'),
    want: ['RCU_STRICT_GRACE_PERIOD:error'],
  },
  { rule: 'rcu-strict-grace-period', text: full(V6, 'CONFIG_RCU_EXPERT=y'), want: [] },
  { rule: 'xen-debug-fs', text: full(V2, 'CONFIG_XEN_DEBUG_FS=y'), want: ['XEN_DEBUG_FS:error'] },
  { rule: 'xen-debug-fs', text: full('3.11.10', 'CONFIG_XEN_DEBUG_FS=y'), want: ['XEN_DEBUG_FS:error'] },
  { rule: 'xen-debug-fs', text: full('3.12.0', 'CONFIG_XEN_DEBUG_FS=y'), want: ['XEN_DEBUG_FS:info'] },
  { rule: 'xen-debug-fs', text: frag('CONFIG_XEN_DEBUG_FS=y'), want: ['XEN_DEBUG_FS:warning'] }, // version unknown
  { rule: 'xen-debug-fs', text: frag('CONFIG_XEN_DEBUG_FS=y'), version: '2.6.32', want: ['XEN_DEBUG_FS:error'] },
  { rule: 'xen-debug-fs', text: full(V6, '# CONFIG_XEN_DEBUG_FS is not set'), want: [] },
  { rule: 'schedstats', text: full(V2, 'CONFIG_SCHEDSTATS=y'), want: ['SCHEDSTATS:warning'] },
  { rule: 'schedstats', text: full(V6, 'CONFIG_SCHEDSTATS=y'), want: ['SCHEDSTATS:info'] },
  {
    rule: 'schedstats',
    text: full(V6, 'CONFIG_SCHEDSTATS=y'),
    cmdline: 'schedstats=enable',
    want: ['SCHEDSTATS:warning'],
  },
  { rule: 'schedstats', text: full(V6, 'CONFIG_SCHEDSTATS=y'), cmdline: 'quiet', want: [] },
  { rule: 'latencytop', text: full(V6, 'CONFIG_LATENCYTOP=y', 'CONFIG_SCHEDSTATS=y'), want: ['LATENCYTOP:warning'] },
  { rule: 'latencytop', text: full(V6, '# CONFIG_LATENCYTOP is not set'), want: [] },
  {
    rule: 'frame-pointer',
    text: full(V6, 'CONFIG_UNWINDER_FRAME_POINTER=y', 'CONFIG_FRAME_POINTER=y'),
    want: ['UNWINDER_FRAME_POINTER:warning'],
  },
  {
    rule: 'frame-pointer',
    text: '#\n# Automatically generated file; DO NOT EDIT.\n# Linux/arm64 6.1.0 Kernel Configuration\n#\nCONFIG_ARM64=y\nCONFIG_FRAME_POINTER=y\n',
    want: [],
  },
  { rule: 'frame-pointer', text: full(V6, 'CONFIG_UNWINDER_ORC=y'), want: [] },
  { rule: 'debug-stack-usage', text: full(V6, 'CONFIG_DEBUG_STACK_USAGE=y'), want: ['DEBUG_STACK_USAGE:warning'] },
  { rule: 'debug-stack-usage', text: full(V6, '# CONFIG_DEBUG_STACK_USAGE is not set'), want: [] },
  { rule: 'debug-virtual', text: full(V6, 'CONFIG_DEBUG_VIRTUAL=y'), want: ['DEBUG_VIRTUAL:warning'] },
  { rule: 'debug-virtual', text: full(V6, '# CONFIG_DEBUG_VIRTUAL is not set'), want: [] },
  {
    rule: 'init-on-free',
    text: full(V6, 'CONFIG_INIT_ON_FREE_DEFAULT_ON=y'),
    want: ['INIT_ON_FREE_DEFAULT_ON:warning'],
  },
  {
    rule: 'init-on-free',
    text: full(V6, 'CONFIG_INIT_ON_ALLOC_DEFAULT_ON=y'),
    want: ['INIT_ON_ALLOC_DEFAULT_ON:info'],
  },
  { rule: 'init-on-free', text: full(V6, 'CONFIG_INIT_ON_FREE_DEFAULT_ON=y'), cmdline: 'init_on_free=0', want: [] },
  { rule: 'page-poisoning', text: full(V6, 'CONFIG_PAGE_POISONING=y'), want: ['PAGE_POISONING:info'] },
  {
    rule: 'page-poisoning',
    text: full(V6, 'CONFIG_PAGE_POISONING=y'),
    cmdline: 'page_poison=1',
    want: ['PAGE_POISONING:warning'],
  },
  { rule: 'page-poisoning', text: full(V6, 'CONFIG_PAGE_POISONING=y'), cmdline: 'ro', want: [] },
  { rule: 'page-poisoning', text: full('4.4.302', 'CONFIG_PAGE_POISONING=y'), want: ['PAGE_POISONING:warning'] }, // no boot switch before 4.6
  { rule: 'page-owner', text: full(V6, 'CONFIG_PAGE_OWNER=y'), want: ['PAGE_OWNER:info'] },
  { rule: 'page-owner', text: full(V6, 'CONFIG_PAGE_OWNER=y'), cmdline: 'page_owner=on', want: ['PAGE_OWNER:warning'] },
  { rule: 'page-owner', text: full(V6, 'CONFIG_PAGE_OWNER=y'), cmdline: 'quiet', want: [] },
  { rule: 'list-checks', text: full(V6, 'CONFIG_DEBUG_LIST=y'), want: ['DEBUG_LIST:info'] },
  { rule: 'list-checks', text: full(V6, '# CONFIG_DEBUG_LIST is not set'), want: [] },
  { rule: 'misc-debug-checks', text: full(V6, 'CONFIG_X86_DEBUG_FPU=y'), want: ['X86_DEBUG_FPU:info'] },
  { rule: 'misc-debug-checks', text: full(V6, '# CONFIG_PARAVIRT_DEBUG is not set'), want: [] },
  // every branch of the verdicts (issue 21: rows written to kill the mutants of rules/config)
  { rule: 'debug-objects', text: full(V6, 'CONFIG_DEBUG_OBJECTS=y'), want: ['DEBUG_OBJECTS:error'] },
  { rule: 'debug-objects', text: full(V6, 'CONFIG_DEBUG_OBJECTS=y'), cmdline: 'no_debug_objects', want: [] },
  {
    rule: 'debug-objects',
    text: full(V6, 'CONFIG_DEBUG_OBJECTS=y', 'CONFIG_DEBUG_OBJECTS_ENABLE_DEFAULT=0'),
    want: ['DEBUG_OBJECTS:warning'],
  },
  {
    rule: 'debug-objects',
    text: full(V6, 'CONFIG_DEBUG_OBJECTS=y', 'CONFIG_DEBUG_OBJECTS_ENABLE_DEFAULT=0'),
    cmdline: 'debug_objects',
    want: ['DEBUG_OBJECTS:error'],
  },
  {
    rule: 'debug-objects',
    text: full(V6, 'CONFIG_DEBUG_OBJECTS=y', 'CONFIG_DEBUG_OBJECTS_ENABLE_DEFAULT=1'),
    want: ['DEBUG_OBJECTS:error'],
  },
  { rule: 'debug-pagealloc', text: full(V6, 'CONFIG_DEBUG_PAGEALLOC=y'), cmdline: 'debug_pagealloc=off', want: [] },
  {
    rule: 'debug-pagealloc',
    text: full(V6, 'CONFIG_DEBUG_PAGEALLOC=y', 'CONFIG_DEBUG_PAGEALLOC_ENABLE_DEFAULT=y'),
    cmdline: 'quiet',
    want: ['DEBUG_PAGEALLOC:error'],
  },
  { rule: 'debug-preempt', text: full(V2, 'CONFIG_DEBUG_PREEMPT=y'), want: ['DEBUG_PREEMPT:error'] },
  {
    rule: 'dma-api-debug',
    text: full(V6, 'CONFIG_DMA_API_DEBUG=y', 'CONFIG_DMA_API_DEBUG_SG=y'),
    want: ['DMA_API_DEBUG:error'],
  },
  { rule: 'dma-api-debug', text: full(V6, 'CONFIG_DMA_API_DEBUG=y'), cmdline: 'dma_debug=off', want: [] },
  { rule: 'dma-api-debug', text: full('4.18.0', 'CONFIG_DMA_API_DEBUG_SG=y'), want: [] },
  { rule: 'dma-api-debug', text: full('4.19.0', 'CONFIG_DMA_API_DEBUG_SG=y'), want: ['DMA_API_DEBUG_SG:error'] },
  { rule: 'frame-pointer', text: full(V6, 'CONFIG_FRAME_POINTER=y'), want: ['FRAME_POINTER:warning'] },
  {
    rule: 'frame-pointer',
    text: full(V6, 'CONFIG_FRAME_POINTER=y').replace('CONFIG_X86_64=y\nCONFIG_X86=y\n', 'CONFIG_ARM64=y\n'),
    want: [],
  },
  { rule: 'frame-pointer', text: frag('CONFIG_FRAME_POINTER=y'), want: ['FRAME_POINTER:warning'] },
  { rule: 'frame-pointer', text: frag('CONFIG_FRAME_POINTER=y', '# CONFIG_X86 is not set'), want: [] },
  { rule: 'frame-pointer', text: full('4.13.0', 'CONFIG_UNWINDER_FRAME_POINTER=y'), want: [] },
  {
    rule: 'init-on-free',
    text: full(V6, 'CONFIG_INIT_ON_FREE_DEFAULT_ON=y', 'CONFIG_INIT_ON_ALLOC_DEFAULT_ON=y'),
    want: ['INIT_ON_FREE_DEFAULT_ON:warning', 'INIT_ON_ALLOC_DEFAULT_ON:info'],
  },
  {
    rule: 'init-on-free',
    text: full(V6, 'CONFIG_INIT_ON_FREE_DEFAULT_ON=y', 'CONFIG_INIT_ON_ALLOC_DEFAULT_ON=y'),
    cmdline: 'init_on_free=0 init_on_alloc=off',
    want: [],
  },
  { rule: 'init-on-free', text: full('5.2.0', 'CONFIG_INIT_ON_FREE_DEFAULT_ON=y'), want: [] },
  { rule: 'kmemleak', text: full(V6, 'CONFIG_DEBUG_KMEMLEAK=y'), want: ['DEBUG_KMEMLEAK:error'] },
  { rule: 'kmemleak', text: full(V6, 'CONFIG_DEBUG_KMEMLEAK=y'), cmdline: 'kmemleak=off', want: [] },
  {
    rule: 'kmemleak',
    text: full(V6, 'CONFIG_DEBUG_KMEMLEAK=y', 'CONFIG_DEBUG_KMEMLEAK_DEFAULT_OFF=y'),
    want: ['DEBUG_KMEMLEAK:warning'],
  },
  {
    rule: 'kmemleak',
    text: full(V6, 'CONFIG_DEBUG_KMEMLEAK=y', 'CONFIG_DEBUG_KMEMLEAK_DEFAULT_OFF=y'),
    cmdline: 'kmemleak=on',
    want: ['DEBUG_KMEMLEAK:error'],
  },
  { rule: 'page-owner', text: full(V6, 'CONFIG_PAGE_OWNER=y'), want: ['PAGE_OWNER:info'] },
  { rule: 'page-owner', text: full('3.18.0', 'CONFIG_PAGE_OWNER=y'), want: [] },
  { rule: 'page-poisoning', text: full(V6, 'CONFIG_PAGE_POISONING=y'), want: ['PAGE_POISONING:info'] },
  {
    rule: 'page-poisoning',
    text: full(V6, 'CONFIG_PAGE_POISONING=y'),
    cmdline: 'page_poison=1',
    want: ['PAGE_POISONING:warning'],
  },
  { rule: 'page-poisoning', text: full(V6, 'CONFIG_PAGE_POISONING=y'), cmdline: 'quiet', want: [] },
  { rule: 'page-poisoning', text: full('4.5.0', 'CONFIG_PAGE_POISONING=y'), want: ['PAGE_POISONING:warning'] },
  { rule: 'page-poisoning', text: full('4.6.0', 'CONFIG_PAGE_POISONING=y'), want: ['PAGE_POISONING:info'] },
  { rule: 'schedstats', text: full(V6, 'CONFIG_SCHEDSTATS=y'), want: ['SCHEDSTATS:info'] },
  {
    rule: 'schedstats',
    text: full(V6, 'CONFIG_SCHEDSTATS=y'),
    cmdline: 'schedstats=enable',
    want: ['SCHEDSTATS:warning'],
  },
  { rule: 'schedstats', text: full(V6, 'CONFIG_SCHEDSTATS=y'), cmdline: 'schedstats=disable', want: [] },
  { rule: 'schedstats', text: full('4.5.0', 'CONFIG_SCHEDSTATS=y'), want: ['SCHEDSTATS:warning'] },
  { rule: 'schedstats', text: full('4.6.0', 'CONFIG_SCHEDSTATS=y'), want: ['SCHEDSTATS:info'] },
  {
    rule: 'slub-debug',
    text: full(V6, 'CONFIG_SLUB_DEBUG=y', 'CONFIG_SLUB_DEBUG_ON=y'),
    cmdline: 'slub_debug=-',
    want: [],
  },
  {
    rule: 'slub-debug',
    text: full(V6, 'CONFIG_SLUB_DEBUG=y', 'CONFIG_SLUB_DEBUG_ON=y'),
    cmdline: 'slub_debug=-,kmalloc-64',
    want: [],
  },
  {
    rule: 'slub-debug',
    text: full(V6, 'CONFIG_SLUB_DEBUG=y', 'CONFIG_SLUB_DEBUG_ON=y'),
    cmdline: 'slub_debug=F',
    want: ['SLUB_DEBUG_ON:error'],
  },
  { rule: 'slub-debug', text: full(V6, 'CONFIG_SLUB_DEBUG=y'), cmdline: 'slub_debug=', want: ['SLUB_DEBUG:error'] },
  { rule: 'slub-debug', text: full(V6, 'CONFIG_SLUB_DEBUG=y'), cmdline: 'slub_debug=-F', want: ['SLUB_DEBUG:error'] },
  { rule: 'static-function-tracer', text: full(V6, 'CONFIG_FUNCTION_TRACER=y'), want: ['FUNCTION_TRACER:error'] },
  {
    rule: 'static-function-tracer',
    text: frag('CONFIG_FUNCTION_TRACER=y', '# CONFIG_DYNAMIC_FTRACE is not set'),
    want: ['FUNCTION_TRACER:error'],
  },
  { rule: 'ubsan', text: full(V6, 'CONFIG_UBSAN=y', 'CONFIG_UBSAN_SANITIZE_ALL=y'), want: ['UBSAN:warning'] },
  { rule: 'ubsan', text: full(V6, 'CONFIG_UBSAN=y'), want: ['UBSAN:info'] },
  { rule: 'ubsan', text: frag('CONFIG_UBSAN=y'), want: ['UBSAN:warning'] },
  { rule: 'ubsan', text: frag('CONFIG_UBSAN=y', '# CONFIG_UBSAN_SANITIZE_ALL is not set'), want: ['UBSAN:info'] },
  { rule: 'ubsan', text: full('4.4.0', 'CONFIG_UBSAN=y', 'CONFIG_UBSAN_SANITIZE_ALL=y'), want: [] },
  { rule: 'xen-debug-fs', text: full(V2, 'CONFIG_XEN_DEBUG_FS=y'), want: ['XEN_DEBUG_FS:error'] },
  { rule: 'xen-debug-fs', text: full('3.11.0', 'CONFIG_XEN_DEBUG_FS=y'), want: ['XEN_DEBUG_FS:error'] },
  { rule: 'xen-debug-fs', text: full('3.12.0', 'CONFIG_XEN_DEBUG_FS=y'), want: ['XEN_DEBUG_FS:info'] },
  { rule: 'xen-debug-fs', text: frag('CONFIG_XEN_DEBUG_FS=y'), want: ['XEN_DEBUG_FS:warning'] },
  {
    rule: 'debug-pagealloc',
    text: full(V6, 'CONFIG_DEBUG_PAGEALLOC=y', 'CONFIG_DEBUG_PAGEALLOC_ENABLE_DEFAULT=y'),
    cmdline: 'debug_pagealloc=off',
    want: [],
  },
  {
    rule: 'frame-pointer',
    text: '# Linux/i386 6.1.0 Kernel Configuration\nCONFIG_X86=y\nCONFIG_FRAME_POINTER=y\n',
    want: ['FRAME_POINTER:warning'],
  },
  {
    rule: 'frame-pointer',
    text: '# Linux/x86_64 6.1.0 Kernel Configuration\nCONFIG_X86_64=y\nCONFIG_FRAME_POINTER=y\n',
    want: ['FRAME_POINTER:warning'],
  },
  {
    rule: 'slub-debug',
    text: full(V6, 'CONFIG_SLUB_DEBUG=y'),
    cmdline: 'slub_debug=FZ;-,zs_handle',
    want: ['SLUB_DEBUG:error'],
  },
];

/*
 * What each verdict tells the user: its notes and the fix (a Kconfig change or a boot parameter to
 * remove), for the verdicts that depend on the version, the command line or another option.
 */
const told: Array<
  [rule: string, text: string, cmdline: string | undefined, notes: string[], fix: string, message?: string]
> = [
  [
    'debug-pagealloc',
    full(V6, 'CONFIG_DEBUG_PAGEALLOC=y'),
    'debug_pagealloc=on',
    ['enabled by debug_pagealloc=on on the command line'],
    "scripts/config --disable DEBUG_PAGEALLOC; remove 'debug_pagealloc=on' from the kernel command line",
  ],
  [
    'debug-pagealloc',
    full(V6, 'CONFIG_DEBUG_PAGEALLOC=y', 'CONFIG_DEBUG_PAGEALLOC_ENABLE_DEFAULT=y'),
    undefined,
    ['DEBUG_PAGEALLOC_ENABLE_DEFAULT=y: on at every boot'],
    'scripts/config --disable DEBUG_PAGEALLOC',
  ],
  [
    'debug-pagealloc',
    full('3.18.0', 'CONFIG_DEBUG_PAGEALLOC=y'),
    undefined,
    ['this kernel has no boot switch: on whenever built in'],
    'scripts/config --disable DEBUG_PAGEALLOC',
  ],
  [
    'debug-pagealloc',
    full(V6, 'CONFIG_DEBUG_PAGEALLOC=y'),
    undefined,
    ['off unless debug_pagealloc=on is on the command line (pass --cmdline /proc/cmdline to know)'],
    'scripts/config --disable DEBUG_PAGEALLOC',
  ],
  [
    'schedstats',
    full('4.5.0', 'CONFIG_SCHEDSTATS=y'),
    undefined,
    ['before 4.6 the statistics are always collected'],
    'scripts/config --disable SCHEDSTATS',
  ],
  [
    'schedstats',
    full(V6, 'CONFIG_SCHEDSTATS=y'),
    'schedstats=enable',
    ['turned on by schedstats=enable on the command line'],
    "remove 'schedstats=enable' from the kernel command line",
  ],
  [
    'schedstats',
    full(V6, 'CONFIG_SCHEDSTATS=y'),
    undefined,
    ['off at run time unless schedstats=enable or sysctl kernel.sched_schedstats=1'],
    'scripts/config --disable SCHEDSTATS',
  ],
  [
    'page-poisoning',
    full(V6, 'CONFIG_PAGE_POISONING=y'),
    'page_poison=1',
    ['enabled by page_poison=1 on the command line'],
    "remove 'page_poison=1' from the kernel command line",
  ],
  [
    'page-poisoning',
    full('4.5.0', 'CONFIG_PAGE_POISONING=y'),
    undefined,
    ['this kernel has no boot switch: poisoning is always on'],
    'scripts/config --disable PAGE_POISONING',
  ],
  [
    'page-poisoning',
    full(V6, 'CONFIG_PAGE_POISONING=y'),
    undefined,
    ['off unless page_poison=1 is on the command line (pass --cmdline /proc/cmdline to know)'],
    'scripts/config --disable PAGE_POISONING',
  ],
  [
    'page-owner',
    full(V6, 'CONFIG_PAGE_OWNER=y'),
    'page_owner=on',
    ['enabled by page_owner=on on the command line'],
    "remove 'page_owner=on' from the kernel command line",
  ],
  [
    'page-owner',
    full(V6, 'CONFIG_PAGE_OWNER=y'),
    undefined,
    ['off unless page_owner=on is on the command line'],
    'scripts/config --disable PAGE_OWNER',
  ],
  [
    'ubsan',
    full(V6, 'CONFIG_UBSAN=y', 'CONFIG_UBSAN_SANITIZE_ALL=y'),
    undefined,
    ['UBSAN_SANITIZE_ALL=y: the whole kernel is instrumented'],
    'scripts/config --disable UBSAN',
  ],
  [
    'ubsan',
    frag('CONFIG_UBSAN=y'),
    undefined,
    ['UBSAN_SANITIZE_ALL is not stated and defaults to y: the whole kernel will be instrumented'],
    'scripts/config --disable UBSAN',
  ],
  [
    'ubsan',
    full(V6, 'CONFIG_UBSAN=y'),
    undefined,
    ['UBSAN_SANITIZE_ALL is off: only explicitly instrumented objects'],
    'scripts/config --disable UBSAN',
  ],
  [
    'xen-debug-fs',
    frag('CONFIG_XEN_DEBUG_FS=y'),
    undefined,
    ['kernel version unknown: an error before 3.12 (pvops spinlock statistics), harmless after; pass --kernel-version'],
    'scripts/config --disable XEN_DEBUG_FS',
  ],
  [
    'xen-debug-fs',
    full('3.12.0', 'CONFIG_XEN_DEBUG_FS=y'),
    undefined,
    ['3.12 and later keep only slow-path statistics: no per-lock cost'],
    'scripts/config --disable XEN_DEBUG_FS',
  ],
  [
    'xen-debug-fs',
    full('3.11.0', 'CONFIG_XEN_DEBUG_FS=y'),
    undefined,
    ['on this kernel every paravirt spin lock and unlock updates shared statistics'],
    'scripts/config --disable XEN_DEBUG_FS',
  ],
  [
    'kmemleak',
    full(V6, 'CONFIG_DEBUG_KMEMLEAK=y'),
    'kmemleak=on',
    ['turned on by kmemleak=on on the command line'],
    'scripts/config --disable DEBUG_KMEMLEAK',
  ],
  [
    'kmemleak',
    full(V6, 'CONFIG_DEBUG_KMEMLEAK=y', 'CONFIG_DEBUG_KMEMLEAK_DEFAULT_OFF=y'),
    undefined,
    ['DEBUG_KMEMLEAK_DEFAULT_OFF: off until kmemleak=on is on the command line'],
    'scripts/config --disable DEBUG_KMEMLEAK',
  ],
  [
    'slub-debug',
    full(V6, 'CONFIG_SLUB_DEBUG=y'),
    'slub_debug=FZ',
    ['from cmdline'],
    "remove 'slub_debug=FZ' from the kernel command line",
    'slub_debug=FZ on the command line turns on SLUB debugging (CONFIG_SLUB_DEBUG=y)',
  ],
  [
    'slub-debug',
    full(V6, 'CONFIG_SLUB_DEBUG=y'),
    'slub_debug',
    ['from cmdline'],
    "remove 'slub_debug' from the kernel command line",
    'slub_debug on the command line turns on SLUB debugging (CONFIG_SLUB_DEBUG=y)',
  ],
  ['debug-preempt', full('2.6.33', 'CONFIG_DEBUG_PREEMPT=y'), undefined, [], 'scripts/config --disable DEBUG_PREEMPT'],
  [
    'static-function-tracer',
    full(V6, 'CONFIG_FUNCTION_TRACER=y'),
    undefined,
    [],
    'scripts/config --disable FUNCTION_TRACER',
  ],
  [
    'debug-preempt',
    full(V2, 'CONFIG_DEBUG_PREEMPT=y'),
    undefined,
    ['on this kernel DEBUG_PREEMPT defaults to y with PREEMPT and DEBUG_KERNEL: say n explicitly'],
    'scripts/config --disable DEBUG_PREEMPT',
  ],
  [
    'debug-objects',
    full(V6, 'CONFIG_DEBUG_OBJECTS=y', 'CONFIG_DEBUG_OBJECTS_ENABLE_DEFAULT=0'),
    undefined,
    ['DEBUG_OBJECTS_ENABLE_DEFAULT=0: off until "debug_objects" is on the command line'],
    'scripts/config --disable DEBUG_OBJECTS',
  ],
];
describe('what the verdicts tell the user', () => {
  it.each(told)('%s', (rule, text, cmdline, notes, fix, message) => {
    const r = lintConfigText(text, { file: 'x', ...(cmdline !== undefined ? { cmdline } : {}) });
    const f = r.findings.filter((x) => x.ruleId === rule);
    expect(f).toHaveLength(1);
    expect([f[0]!.notes, f[0]!.fix]).toEqual([notes, fix]);
    if (message) expect(f[0]!.message).toBe(message);
  });
});

describe('every config rule: positive and negative cases', () => {
  for (const c of cases) {
    const name = `${c.rule}: ${c.want.join(',') || 'nothing'} from ${c.text
      .split('\n')
      .filter((l) => /CONFIG_/.test(l) && !/X86(_64)?=y/.test(l))
      .join(' ')}${c.cmdline ? ` cmdline '${c.cmdline}'` : ''}`;
    it(name, () => {
      const r = lintConfigText(c.text, {
        file: 'x',
        ...(c.cmdline !== undefined ? { cmdline: c.cmdline } : {}),
        ...(c.version ? { kernelVersion: c.version } : {}),
      });
      const got = r.findings.filter((f) => f.ruleId === c.rule).map((f) => `${f.data?.['option']}:${f.severity}`);
      expect(got).toEqual(c.want);
    });
  }
  it('has a positive and a negative case for every rule', () => {
    for (const rule of CONFIG_RULES) {
      expect(
        cases.some((c) => c.rule === rule.id && c.want.length > 0),
        `${rule.id} positive`,
      ).toBe(true);
      expect(
        cases.some((c) => c.rule === rule.id && c.want.length === 0),
        `${rule.id} negative`,
      ).toBe(true);
    }
  });
  it('every rule documents why, fix and at least one source', () => {
    const ids = new Set<string>();
    for (const r of CONFIG_RULES) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(ids.has(r.id)).toBe(false);
      ids.add(r.id);
      expect(r.why.length).toBeGreaterThan(40);
      expect(r.fix.length).toBeGreaterThan(5);
      expect(r.sources?.length ?? 0).toBeGreaterThan(0);
      expect(r.options.length).toBeGreaterThan(0);
    }
  });
});

describe('what is not a finding (false alarms destroy trust)', () => {
  it('zero-cost debugging options produce nothing', () => {
    const r = lintConfigText(
      full(
        V6,
        'CONFIG_DEBUG_KERNEL=y',
        'CONFIG_DEBUG_INFO=y',
        'CONFIG_DEBUG_INFO_BTF=y',
        'CONFIG_SLUB_DEBUG=y',
        'CONFIG_DYNAMIC_DEBUG=y',
        'CONFIG_DEBUG_FS=y',
        'CONFIG_FUNCTION_TRACER=y',
        'CONFIG_FUNCTION_GRAPH_TRACER=y',
        'CONFIG_DYNAMIC_FTRACE=y',
        'CONFIG_STACK_TRACER=y',
        'CONFIG_DEBUG_BUGVERBOSE=y',
        'CONFIG_DEBUG_WX=y',
        'CONFIG_DEBUG_MEMORY_INIT=y',
        'CONFIG_KALLSYMS_ALL=y',
        'CONFIG_SOFTLOCKUP_DETECTOR=y',
        'CONFIG_DETECT_HUNG_TASK=y',
        'CONFIG_KPROBE_EVENTS=y',
        'CONFIG_PARAVIRT_SPINLOCKS=y',
        'CONFIG_KFENCE=y',
        'CONFIG_SCHED_DEBUG=y',
        'CONFIG_NET_DROP_MONITOR=y',
      ),
      { file: 'x' },
    );
    expect(r.findings).toEqual([]);
    expect(r.fixCommand).toBeUndefined();
  });
});
