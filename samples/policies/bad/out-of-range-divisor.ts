/* Bad on purpose: out of range (onlineCpusDividedBy is 2..64). */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  threading: { groups: { onlineCpusDividedBy: 1 } },
});
