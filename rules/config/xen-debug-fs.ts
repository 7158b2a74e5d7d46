import { optionRule } from '../../src/lint/config/rule.js';
import { atLeast } from '../../src/lint/config/kernel-version.js';

/** 3.12 replaced the pvops byte locks with pv ticketlocks; the statistics moved to the slow path. */
const PV_TICKETLOCKS = '3.12';

export default optionRule({
  id: 'xen-debug-fs',
  severity: 'error',
  summary: 'Xen paravirt spinlock and MMU statistics',
  options: ['XEN_DEBUG_FS'],
  versions:
    'error before 3.12 (2.6.32-era pvops: statistics on every spin lock/unlock); info from 3.12 (slow path only)',
  why:
    'On 2.6.32-era Xen pvops kernels, arch/x86/xen/spinlock.c under XEN_DEBUG_FS updates a global ' +
    'statistics struct shared by all CPUs (a bouncing cache line) on every paravirt spin lock and ' +
    'unlock and reads the Xen clock around each acquire, and arch/x86/xen/mmu.c counts every MMU ' +
    'update: a prime suspect for a 50% inter-VM throughput drop. From 3.12 the pv ticketlock code ' +
    'counts only slow-path events, so on modern kernels it is harmless.',
  fix: 'Disable XEN_DEBUG_FS on pre-3.12 dom0 kernels.',
  sources: [
    'xen/stable-2.6.32.x arch/x86/xen/spinlock.c: spinlock_stats, ADD_STATS, spin_time_start() ' +
      'under CONFIG_XEN_DEBUG_FS',
    'xen/stable-2.6.32.x arch/x86/xen/mmu.c: mmu_stats under CONFIG_XEN_DEBUG_FS',
    'linux-6.1 arch/x86/xen/spinlock.c: pv qspinlock, no per-acquire statistics',
  ],
  verdict: (ctx) => {
    if (!ctx.version) {
      return {
        severity: 'warning',
        notes: [
          'kernel version unknown: an error before 3.12 (pvops spinlock statistics), harmless after; ' +
            'pass --kernel-version',
        ],
      };
    }
    if (atLeast(ctx.version, PV_TICKETLOCKS)) {
      return { severity: 'info', notes: ['3.12 and later keep only slow-path statistics: no per-lock cost'] };
    }
    return { notes: ['on this kernel every paravirt spin lock and unlock updates shared statistics'] };
  },
});
