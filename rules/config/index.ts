import type { RuleMeta } from '../../src/core/rule-meta.js';

/** Every config rule, in report order. */
export const CONFIG_RULES: RuleMeta[] = [];
