/* Bad on purpose: the default export is a plain object, not definePolicy({...}). */

export default {
  locks: { idxRelease: 'per-group' },
};
