/* One knob: bind group n's thread to the n-th online CPU (safe when CPU ids are sparse). */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  name: 'knob-bind',
  author: 'Jane Doe <jane@example.com>',
  date: '2024-05-01T09:00:00Z',
  threading: { bindToCpu: true },
});
