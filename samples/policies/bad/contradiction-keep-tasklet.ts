/* Bad on purpose: contradiction: keepTaskletOption only applies to model 'kthread'. */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  threading: {
    model: 'tasklet',
    keepTaskletOption: false,
  },
});
