/* Bad on purpose: contradiction: tasklets cannot be bound to a CPU. */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  name: 'bound-tasklets',
  threading: {
    model: 'tasklet',
    bindToCpu: true,
  },
});
