/** Every rule of every linter, for `netback-policy rules`, SARIF and the README table. */
import type { RuleMeta } from '../core/rule-meta.js';
import { CONFIG_RULES } from '../../rules/config/index.js';
import { SOURCE_RULES } from '../../rules/source/index.js';
import { IRQ_RULES } from '../../rules/irq/index.js';
import { PARSER_RULES } from '../lint/config/parser-rules.js';

/** Config-only extras a rule may carry; the docs show them when present. */
export interface RuleDocFields extends RuleMeta {
  options?: Array<{ name: string; since?: string; until?: string; renamedFrom?: string }>;
  versions?: string;
  cmdline?: string[];
}

export function allRules(): RuleDocFields[] {
  return [...CONFIG_RULES, ...PARSER_RULES, ...SOURCE_RULES, ...IRQ_RULES];
}
