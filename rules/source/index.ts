import type { RuleMeta } from '../../src/core/rule-meta.js';

/** Every source rule, in report order. */
export const SOURCE_RULES: RuleMeta[] = [];
