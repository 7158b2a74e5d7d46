/*
 * `netback-policy check-policy FILE`: the type-check (ts-morph, the same errors an editor shows),
 * then the runtime checks the types cannot express (ranges, formats, contradictions), all as
 * compiler-style lines. A runtime issue on a line the type-checker already flagged is printed as
 * a note under it: it usually says the same thing in the policy's own words.
 */
import { isNetbackError, type NetbackError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import { evaluatePolicy, readPolicySource } from './load.js';
import type { PolicyIssue } from './validate.js';
import type { PolicyLimits } from './run-policy.js';
import { formatIssue } from './policy-error.js';
import { typeCheckPolicy, type TypeDiagnostic } from './type-check.js';

export interface CheckResult {
  exitCode: number;
  /** Compiler-style lines, one per problem (notes indented under their error). */
  lines: string[];
  errors: number;
}

/** One reported problem: its position (for sorting) and its lines (error, then notes). */
interface Entry {
  file: string;
  line: number;
  column: number;
  lines: string[];
}

function typeEntry(d: TypeDiagnostic): Entry {
  const head = `${d.file}:${d.line}:${d.column}: error: ${d.message} [TS${d.code}]`;
  return { file: d.file, line: d.line, column: d.column, lines: [head, ...d.details.map((l) => `  ${l}`)] };
}

function loadErrorEntry(e: NetbackError, path: string): Entry {
  const file = e.file ?? path;
  const where = `${file}${e.line ? `:${e.line}` : ''}`;
  return {
    file,
    line: e.line ?? 0,
    column: 0,
    lines: [`${where}: error: ${e.message}${e.hint ? ` (${e.hint})` : ''}`],
  };
}

export async function checkPolicy(
  path: string,
  opts: { types?: boolean; limits?: Partial<PolicyLimits> } = {},
): Promise<CheckResult> {
  readPolicySource(path); // too large, unreadable, binary or not UTF-8: one line, exit 2, before ts-morph loads
  const typeDiags = opts.types === false ? [] : typeCheckPolicy(path);
  const entries = typeDiags.map(typeEntry);

  // A syntax error is already reported by the compiler, with a better message than esbuild's.
  if (!typeDiags.some((d) => d.code < 2000)) {
    let issues: PolicyIssue[] = [];
    try {
      issues = (await evaluatePolicy(path, opts.limits ? { limits: opts.limits } : {})).issues;
    } catch (e) {
      if (!isNetbackError(e)) throw e;
      entries.push(loadErrorEntry(e, path));
    }
    for (const issue of issues) {
      const same = issue.at && entries.find((x) => x.file === path && x.line === issue.at!.line);
      if (same) same.lines.push(`  note: ${issue.message}`);
      else
        entries.push({
          file: path,
          line: issue.at?.line ?? 0,
          column: issue.at?.column ?? 0,
          lines: [formatIssue(path, issue)],
        });
    }
  }
  // The policy's own problems first, then its imports', each in source order.
  const rank = (e: Entry) => (e.file === path ? 0 : 1);
  entries.sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return {
    exitCode: entries.length ? EXIT.USAGE : EXIT.OK,
    lines: entries.flatMap((e) => e.lines),
    errors: entries.length,
  };
}
