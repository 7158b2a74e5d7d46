/*
 * `netback-policy check-policy FILE`: the type-check (ts-morph, the same errors an editor shows),
 * then the runtime checks the types cannot express (ranges, formats, contradictions), all as
 * compiler-style lines. A runtime issue on a line the type-checker already flagged is printed as
 * a note under it: it usually says the same thing in the policy's own words.
 */
import { isNetbackError, type NetbackError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import { readTextInput } from '../io/read-input.js';
import { loadPolicyValue } from './load.js';
import { validatePolicy, type PolicyIssue } from './validate.js';
import { formatIssue } from './policy-error.js';
import { typeCheckPolicy, type TypeDiagnostic } from './type-check.js';

export interface CheckResult {
  exitCode: number;
  /** Compiler-style lines, one per problem (notes indented under their error). */
  lines: string[];
  errors: number;
}

function formatType(d: TypeDiagnostic): string[] {
  return [`${d.file}:${d.line}:${d.column}: error: ${d.message} [TS${d.code}]`, ...d.details.map((l) => `  ${l}`)];
}

function formatLoadError(e: NetbackError): string {
  const where = e.file ? `${e.file}${e.line ? `:${e.line}` : ''}` : '';
  return `${where}: error: ${e.message}${e.hint ? ` (${e.hint})` : ''}`;
}

export async function checkPolicy(path: string, opts: { types?: boolean } = {}): Promise<CheckResult> {
  readTextInput(path); // unreadable, binary or not UTF-8: one line, exit 2, before ts-morph loads
  const typeDiags = opts.types === false ? [] : typeCheckPolicy(path);
  const lines: string[] = typeDiags.flatMap(formatType);
  let errors = typeDiags.length;

  // A syntax error is already reported by the compiler, with a better message than esbuild's.
  if (!typeDiags.some((d) => d.code < 2000)) {
    let issues: PolicyIssue[] = [];
    try {
      const loaded = await loadPolicyValue(path);
      issues = validatePolicy(loaded.value, loaded.source).issues;
    } catch (e) {
      if (!isNetbackError(e)) throw e;
      lines.push(formatLoadError(e));
      errors++;
    }
    const flagged = new Set(typeDiags.filter((d) => d.file === path).map((d) => d.line));
    for (const issue of issues) {
      if (issue.at && flagged.has(issue.at.line)) {
        const at = lines.findIndex((l) => l.startsWith(`${path}:${issue.at!.line}:`));
        lines.splice(at + 1, 0, `  note: ${issue.message}`);
      } else {
        lines.push(formatIssue(path, issue));
        errors++;
      }
    }
  }
  return { exitCode: errors ? EXIT.USAGE : EXIT.OK, lines, errors };
}
