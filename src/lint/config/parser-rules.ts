import type { RuleMeta } from '../../core/rule-meta.js';
import { MALFORMED_LINE } from './malformed-line.js';
import { OVERRIDDEN_OPTION } from './overridden-option.js';

/** Findings the .config parser itself makes (documented, configurable and suppressible like rules). */
export const PARSER_RULES: RuleMeta[] = [MALFORMED_LINE, OVERRIDDEN_OPTION];
