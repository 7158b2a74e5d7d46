/*
 * One knob: the most queues a vif gets by default on the multi-queue era (upstream: 8). Each
 * queue costs dom0 256 pages for grant mappings, two kernel threads and up to two event channels.
 *
 *   netback-policy generate-patch samples/policies/knob-queue-cap.ts --tree linux-6.1
 */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  name: 'knob-queue-cap',
  author: 'Jane Doe <jane@example.com>',
  date: '2024-05-01T09:00:00Z',
  threading: { queueCap: 4 },
});
