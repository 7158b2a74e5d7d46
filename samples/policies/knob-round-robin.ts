/* One knob: new VIFs join groups in turn, the counter incremented atomically. */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  name: 'knob-round-robin',
  author: 'Jane Doe <jane@example.com>',
  date: '2024-05-01T09:00:00Z',
  assignment: 'round-robin',
});
