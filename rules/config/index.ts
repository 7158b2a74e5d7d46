import type { ConfigRule } from '../../src/lint/config/rule.js';
import xenDebugFs from './xen-debug-fs.js';
import lockDebugging from './lock-debugging.js';
import proveRcu from './prove-rcu.js';
import debugPreempt from './debug-preempt.js';
import debugAtomicSleep from './debug-atomic-sleep.js';
import latencyTracers from './latency-tracers.js';
import staticFunctionTracer from './static-function-tracer.js';
import branchProfiling from './branch-profiling.js';
import tracerSelftests from './tracer-selftests.js';
import idleTracers from './idle-tracers.js';
import debugPagealloc from './debug-pagealloc.js';
import slubDebug from './slub-debug.js';
import debugSlab from './debug-slab.js';
import slubStats from './slub-stats.js';
import debugVm from './debug-vm.js';
import debugObjects from './debug-objects.js';
import kmemleak from './kmemleak.js';
import kasan from './kasan.js';
import kcsan from './kcsan.js';
import kmsan from './kmsan.js';
import ubsan from './ubsan.js';
import coverage from './coverage.js';
import dmaApiDebug from './dma-api-debug.js';
import netDebug from './net-debug.js';
import rcuStrictGracePeriod from './rcu-strict-grace-period.js';
import schedstats from './schedstats.js';
import latencytop from './latencytop.js';
import framePointer from './frame-pointer.js';
import debugStackUsage from './debug-stack-usage.js';
import debugVirtual from './debug-virtual.js';
import initOnFree from './init-on-free.js';
import pagePoisoning from './page-poisoning.js';
import pageOwner from './page-owner.js';
import listChecks from './list-checks.js';
import miscDebugChecks from './misc-debug-checks.js';

/** Every config rule, in report order: the seed's suspects (Xen, locks, tracers) first. */
export const CONFIG_RULES: ConfigRule[] = [
  xenDebugFs,
  lockDebugging,
  proveRcu,
  debugPreempt,
  debugAtomicSleep,
  latencyTracers,
  staticFunctionTracer,
  branchProfiling,
  tracerSelftests,
  idleTracers,
  debugPagealloc,
  slubDebug,
  debugSlab,
  slubStats,
  debugVm,
  debugObjects,
  kmemleak,
  kasan,
  kcsan,
  kmsan,
  ubsan,
  coverage,
  dmaApiDebug,
  netDebug,
  rcuStrictGracePeriod,
  schedstats,
  latencytop,
  framePointer,
  debugStackUsage,
  debugVirtual,
  initOnFree,
  pagePoisoning,
  pageOwner,
  listChecks,
  miscDebugChecks,
];
