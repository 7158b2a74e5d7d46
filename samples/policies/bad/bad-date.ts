/* Bad on purpose: not a real date. */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  date: '2024-02-30',
});
