/*
 * The least a policy needs: who signs the patches, a fixed date for reproducible output, and
 * one knob. Only the knobs given make patches; this one makes a single patch.
 */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  author: 'Jane Doe <jane@example.com>',
  date: '2024-05-01',
  locks: { idxRelease: 'per-group' },
});
