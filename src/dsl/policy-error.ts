/*
 * A policy that fails validation: a NetbackError (so every command reports it the usual way and
 * exits 2) that also keeps the column and every issue found, for check-policy's gcc-style list.
 */
import { NetbackError } from '../core/errors.js';
import type { PolicyIssue } from './validate.js';

export class PolicyError extends NetbackError {
  readonly column: number | undefined;
  readonly issues: readonly PolicyIssue[];

  constructor(file: string, issues: readonly PolicyIssue[]) {
    const first = issues[0]!;
    const more = issues.length - 1;
    super('policy-invalid', first.message, {
      file,
      ...(first.at ? { line: first.at.line } : {}),
      ...(more > 0
        ? {
            hint:
              `and ${more} more problem${more > 1 ? 's' : ''}; ` +
              `'netback-policy check-policy ${file}' lists them all`,
          }
        : {}),
    });
    this.name = 'PolicyError';
    this.column = first.at?.column;
    this.issues = issues;
  }
}

/** `file:line:col: error: message`, the compiler's format (line/col omitted when unknown). */
export function formatIssue(file: string, issue: PolicyIssue): string {
  const where = issue.at ? `${file}:${issue.at.line}:${issue.at.column}` : file;
  return `${where}: error: ${issue.message}`;
}
