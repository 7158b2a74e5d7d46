import type { SourceRule } from '../../src/lint/source/rule.js';
import { functionStaticLock } from './function-static-lock.js';
import { lockHeldAcrossGrantCopy } from './lock-held-across-grant-copy/index.js';
import { debugEnabledInSource } from './debug-enabled-in-source.js';

/** Every source rule, in report order (each is a RuleMeta with the checks beside it). */
export const SOURCE_RULES: SourceRule[] = [functionStaticLock, lockHeldAcrossGrantCopy, debugEnabledInSource];
