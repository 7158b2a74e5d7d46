import type { Severity } from './finding.js';

/**
 * What every rule (config, source, irq) declares about itself. `netback-policy rules` and the
 * README's rule table are generated from these fields, so they are the documentation.
 */
export interface RuleMeta {
  /** kebab-case, stable: used in suppressions and --rule/--disable. */
  id: string;
  /** Which linter runs it. */
  kind: 'config' | 'source' | 'irq';
  severity: Severity;
  /** One line. */
  summary: string;
  /** The mechanism that costs throughput or correctness. */
  why: string;
  /** What to do about it. */
  fix: string;
  /** Where the cost claim comes from (help text, commit, measurement). */
  sources?: string[];
  /** What the rule's check can and cannot see (false negatives/positives it accepts). */
  limits?: string;
}
