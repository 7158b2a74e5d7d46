import { optionRule } from '../../src/lint/config/rule.js';
import { compareVersions } from '../../src/lint/config/kernel-version.js';

/** Before 2.6.33 DEBUG_PREEMPT was 'default y' under PREEMPT && DEBUG_KERNEL. */
const DEFAULT_Y_BEFORE = [2, 6, 33] as const;

export default optionRule({
  id: 'debug-preempt',
  severity: 'error',
  summary: 'a debug check on every this_cpu operation and smp_processor_id() call',
  options: ['DEBUG_PREEMPT'],
  versions: 'all preemptible kernels; default y under PREEMPT && DEBUG_KERNEL in 2.6.32, no default in 6.1',
  why:
    'smp_processor_id() and every this_cpu_*() operation call debug_smp_processor_id() or the ' +
    'preemption check instead of a single per-CPU load; the 6.1 help text: "potential to introduce high ' +
    'runtime overhead ... triggers debugging routines for each this_cpu operation". Netback and the ' +
    'network stack use per-CPU statistics and queues on every packet.',
  fix: 'Set "# CONFIG_DEBUG_PREEMPT is not set" explicitly (on 2.6.32 it comes back as the default otherwise).',
  sources: [
    'linux-6.1 lib/Kconfig.debug: DEBUG_PREEMPT help',
    'linux-2.6.32 lib/Kconfig.debug: DEBUG_PREEMPT default y',
  ],
  verdict: (ctx) =>
    ctx.version && compareVersions(ctx.version, DEFAULT_Y_BEFORE) < 0
      ? { notes: ['on this kernel DEBUG_PREEMPT defaults to y with PREEMPT and DEBUG_KERNEL: say n explicitly'] }
      : undefined,
});
