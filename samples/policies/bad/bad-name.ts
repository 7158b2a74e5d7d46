/* Bad on purpose: name is not kebab-case. */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  name: 'Dom0 Scale Out',
});
