/*
 * The starter policy `init` writes: the seed's recommended policy (the same knobs as
 * samples/policies/seed-recommended.ts, which a test keeps in step), every knob commented with
 * what it changes, so a new user can read it top to bottom and delete what they do not want.
 */

/** A TypeScript single-quoted string literal (author names can hold quotes). */
function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function starterPolicy(author: string, date: string): string {
  return `/*
 * A netback policy: what \`netback-policy generate-patch\` changes in your dom0 kernel.
 *
 *   netback-policy check-policy THIS_FILE                     # types and values
 *   netback-policy generate-patch THIS_FILE --tree ~/linux    # writes ./patches
 *
 * Every knob is optional and makes its own patch: delete a knob and its patch goes away.
 * In an editor, hover a knob for its full documentation.
 */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  // Short kebab-case name, used in the cover letter.
  name: 'dom0-netback',
  // From: and Signed-off-by: of every patch.
  author: ${quote(author)},
  // Date: of every patch, fixed so that the series is byte-identical run to run.
  date: ${quote(date)},

  threading: {
    // Kernel threads instead of tasklets: netback work leaves the CPU that took the interrupt
    // (usually CPU0) and the scheduler can place it. 'tasklet' is the old default (pvops only).
    model: 'kthread',
    // Kthreads become the default but netback_kthread=0 still selects tasklets (pvops).
    // Uncomment to remove the tasklet path and the module parameter altogether.
    // keepTaskletOption: false,

    // One group per online CPU. Or a number (1..4096), or { onlineCpusDividedBy: 2 } for half.
    // On multi-queue kernels (3.16+) this is max_queues' default, capped by queueCap.
    groups: 'online-cpus',
    // Bind group n's thread to the n-th online CPU (correct when CPU ids are sparse); on
    // multi-queue, each queue's threads to the queue's CPU with an affinity you can still change.
    bindToCpu: true,
    // Multi-queue only: kthread_bind() instead, which taskset and cpusets cannot undo.
    // strictBinding: true,
    // Multi-queue only: at most this many queues per VIF (default 8, upstream's). Each queue
    // costs dom0 256 pages for grant mappings, two kernel threads and up to two event channels.
    // queueCap: 8,
  },

  // Where a new VIF starts: its group, or on multi-queue its first queue's CPU (its queue N goes
  // N online CPUs further). 'round-robin' (the multi-queue default) or 'least-loaded' (what
  // 2.6.32 does with groups).
  // assignment: 'round-robin',

  locks: {
    // The function-static _lock in netif_idx_release(), shared by every group although each
    // group has its own dealloc ring, becomes one spinlock per group.
    idxRelease: 'per-group',
  },

  irq: {
    // Point each VIF's event-channel IRQ at its group's (or queue's) CPU, instead of CPU0.
    // Use 'none' to leave interrupts to irqbalance.
    spread: 'group-cpu',
  },
});
`;
}
