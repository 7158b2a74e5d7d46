/* One knob: the function-static _lock in netif_idx_release() becomes a per-group lock. */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  name: 'knob-locks',
  author: 'Jane Doe <jane@example.com>',
  date: '2024-05-01T09:00:00Z',
  locks: { idxRelease: 'per-group' },
});
