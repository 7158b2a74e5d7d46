/* One knob: tasklets by default (pvops only; upstream targets refuse it). */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  name: 'knob-tasklet',
  author: 'Jane Doe <jane@example.com>',
  date: '2024-05-01T09:00:00Z',
  threading: { model: 'tasklet' },
});
