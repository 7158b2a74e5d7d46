/*
 * The policy the seed's mailing-list thread converged on for a 2.6.32 pvops dom0 whose netback
 * throughput stopped at one CPU:
 *  - kernel threads instead of tasklets, so netback work leaves the CPU that took the interrupt;
 *  - one group per online CPU, each group's thread bound to its own (online) CPU;
 *  - the function-static _lock in netif_idx_release() made per group, so groups stop
 *    serialising on one spinlock;
 *  - each VIF's event-channel IRQ pointed at its group's CPU, instead of all of them on CPU0.
 *
 *   netback-policy generate-patch samples/policies/seed-recommended.ts --tree linux-2.6.32
 */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  name: 'seed-recommended',
  author: 'Jane Doe <jane@example.com>',
  date: '2024-05-01T09:00:00Z',
  threading: {
    model: 'kthread',
    groups: 'online-cpus',
    bindToCpu: true,
  },
  locks: { idxRelease: 'per-group' },
  irq: { spread: 'group-cpu' },
});
