/*
 * `--fail-on` for every command that reports findings: one parser (one message) and one rule for
 * the exit code, so the linters, doctor and the hook cannot drift apart.
 */
import { NetbackError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { atOrAbove, isSeverity, type Severity } from './finding.js';

export function parseFailOn(value: string, source = '--fail-on'): Severity {
  if (isSeverity(value)) return value;
  throw new NetbackError('bad-option', `unknown ${source} '${value}'`, { hint: 'use error, warning or info' });
}

/** EXIT.FINDINGS when anything is at or above the threshold, else EXIT.OK. */
export function exitCodeFor(items: ReadonlyArray<{ severity: Severity }>, failOn: Severity): number {
  return items.some((f) => atOrAbove(f.severity, failOn)) ? EXIT.FINDINGS : EXIT.OK;
}
