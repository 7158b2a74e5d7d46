/* One knob: kernel threads only; the tasklet mode and the netback_kthread parameter are removed. */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  name: 'knob-kthread-only',
  author: 'Jane Doe <jane@example.com>',
  date: '2024-05-01T09:00:00Z',
  threading: { model: 'kthread', keepTaskletOption: false },
});
