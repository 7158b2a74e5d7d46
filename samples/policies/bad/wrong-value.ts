/* Bad on purpose: wrong value (not one of the choices). */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  name: 'wrong-value',
  locks: { idxRelease: 'per-cpu' },
});
