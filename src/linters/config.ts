/* lint-config bound to its rules (rules/config/): the engine in src/lint/config/ imports none. */
import { CONFIG_RULES } from '../../rules/config/index.js';
import { BUILTIN_RELATIONS } from '../../rules/config/relations.js';
import {
  lintConfigText as lint,
  type ConfigRuleSet,
  type LintConfigOptions,
  type LintConfigResult,
} from '../lint/config/lint.js';

export const CONFIG_RULE_SET: ConfigRuleSet = { rules: CONFIG_RULES, relations: BUILTIN_RELATIONS };

export function lintConfigText(text: string, opts: Omit<LintConfigOptions, 'set'>): LintConfigResult {
  return lint(text, { ...opts, set: CONFIG_RULE_SET });
}
