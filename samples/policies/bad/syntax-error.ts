/* Bad on purpose: syntax error (a missing comma). */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  name: 'syntax'
  locks: { idxRelease: 'per-group' },
});
