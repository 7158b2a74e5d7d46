/*
 * lint-source bound to its rules: the engine (src/lint/source/) imports no rule, rules/source/
 * defines them, and this module puts the two together. One file's text here (the pre-commit
 * hook loads only this); whole trees in source-tree.ts.
 */
import { SOURCE_RULES } from '../../rules/source/index.js';
import type { Finding } from '../core/finding.js';
import type { FileKind } from '../lint/source/scanning/file-kind.js';
import * as engine from '../lint/source/running/engine.js';
import type { RuleSelection, SourceRuleSet } from '../lint/source/running/engine.js';
import type { SourceRule } from '../lint/source/rule.js';

/** The built-in source rules; worker threads load them from the same module. */
export const SOURCE_RULE_SET: SourceRuleSet = {
  rules: SOURCE_RULES,
  module: new URL('../../rules/source/index.js', import.meta.url).href,
};

/** Options of an engine call, less the rule set this module supplies. */
export type Bound<T> = Omit<T, 'set'>;

export function selectRules(sel: Bound<RuleSelection> = {}): SourceRule[] {
  return engine.selectRules({ ...sel, set: SOURCE_RULE_SET });
}

export function lintSourceText(
  text: string,
  path: string,
  opts: Bound<RuleSelection> & { kind?: FileKind } = {},
): Finding[] {
  return engine.lintSourceText(text, path, { ...opts, set: SOURCE_RULE_SET });
}
