/* Bad on purpose: no default export. */
import { definePolicy } from 'netback-policy';

export const policy = definePolicy({
  locks: { idxRelease: 'per-group' },
});
