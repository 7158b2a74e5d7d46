/*
 * Bound threads, strictly: on the multi-queue era kthread_bind() instead of an affinity the
 * administrator can change (PF_NO_SETAFFINITY: taskset and cpusets can no longer move them).
 *
 *   netback-policy generate-patch samples/policies/knob-strict-binding.ts --tree linux-6.1
 */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  name: 'knob-strict-binding',
  author: 'Jane Doe <jane@example.com>',
  date: '2024-05-01T09:00:00Z',
  threading: { bindToCpu: true, strictBinding: true },
});
