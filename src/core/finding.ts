/** Severities in increasing order of weight. */
export const SEVERITIES = ['info', 'warning', 'error'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * One result of any linter (config, source, irq). Every formatter takes these; nothing
 * else crosses from a rule to the output.
 */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Path as the user gave it (or relative to the scanned root). `-` for stdin. */
  file: string;
  /** 1-based; 0 when the finding concerns the whole file. */
  line: number;
  /** 1-based; 1 when unknown. */
  column: number;
  /** Extra lines printed under the finding (why, where it belongs, which option selected it...). */
  notes?: string[];
  /** The action that removes this finding. */
  fix?: string;
  /** Free-form machine-readable detail for the json/sarif output (option names, values...). */
  data?: Record<string, unknown>;
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function atOrAbove(s: Severity, threshold: Severity): boolean {
  return severityRank(s) >= severityRank(threshold);
}

export function isSeverity(s: string): s is Severity {
  return (SEVERITIES as readonly string[]).includes(s);
}

/** Deterministic order: file, line, column, rule id, message. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}
