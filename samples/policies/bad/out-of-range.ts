/* Bad on purpose: out of range (groups is 1..4096). */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  name: 'out-of-range',
  threading: {
    groups: 0,
  },
});
