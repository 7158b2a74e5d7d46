/* One knob: kernel threads by default; netback_kthread=0 still selects tasklets. */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  name: 'knob-kthread',
  author: 'Jane Doe <jane@example.com>',
  date: '2024-05-01T09:00:00Z',
  threading: { model: 'kthread' },
});
