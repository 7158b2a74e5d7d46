/* One knob: half as many groups as online CPUs (rounded up), leaving CPUs to the guests. */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  name: 'knob-groups',
  author: 'Jane Doe <jane@example.com>',
  date: '2024-05-01T09:00:00Z',
  threading: { groups: { onlineCpusDividedBy: 2 } },
});
