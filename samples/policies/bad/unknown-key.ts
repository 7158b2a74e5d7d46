/* Bad on purpose: unknown key (a typo of bindToCpu). */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  name: 'typo',
  threading: {
    model: 'kthread',
    bindtoCpu: true,
  },
});
