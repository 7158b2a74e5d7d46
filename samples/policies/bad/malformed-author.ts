/* Bad on purpose: malformed author (no <email>). */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  author: 'Jane Doe',
});
