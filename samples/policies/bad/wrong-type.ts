/* Bad on purpose: wrong type (a string where a boolean goes). */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  name: 'wrong-type',
  threading: { model: 'kthread', bindToCpu: 'yes' },
});
