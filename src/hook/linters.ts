/*
 * The hook's view of the three linters: staged content in, findings out, each imported only when
 * a staged file needs it.
 */
import { join, relative, resolve } from 'node:path';
import type { PolicyLimits } from '../dsl/run-policy.js';
import type { Finding } from '../core/finding.js';
import { isNetbackError } from '../core/errors.js';

/** A NetbackError from a linter (malformed input) becomes an error finding at its file:line. */
function errorFinding(e: unknown, file: string, ruleId: string): Finding {
  if (!isNetbackError(e)) throw e;
  return {
    ruleId,
    severity: 'error',
    file,
    line: e.line ?? 0,
    column: 1,
    message: e.message,
    ...(e.hint ? { fix: e.hint } : {}),
  };
}

export interface Linters {
  config?: (text: string, file: string) => Finding[];
  /** C and Kbuild files are linted as bytes, as lint-source reads them (Latin-1 comments included). */
  source?: (bytes: Buffer, file: string) => Finding[];
  /** Problems with the linters' own settings (a bad .netback-policy.json), as findings. */
  findings: Finding[];
}

/**
 * Loads only the linters a run needs (each import costs start-up time). `baseline` is the staged
 * `.netback-policy.json` (accepted config options, rule severities), as lint-config reads it.
 */
export async function loadLinters(
  need: { config: boolean; source: boolean },
  baseline?: { text: string; file: string },
): Promise<Linters> {
  const out: Linters = { findings: [] };
  if (need.config) {
    const { lintConfigText } = await import('../linters/config.js');
    let parsed: import('../lint/config/baseline.js').Baseline | undefined;
    if (baseline) {
      const { parseBaseline } = await import('../lint/config/baseline.js');
      const { CONFIG_RULES } = await import('../../rules/config/index.js');
      const { PARSER_RULES } = await import('../lint/config/parser-rules.js');
      try {
        parsed = parseBaseline(
          baseline.text,
          baseline.file,
          new Set([...CONFIG_RULES, ...PARSER_RULES].map((r) => r.id)),
        );
      } catch (e) {
        out.findings.push(errorFinding(e, baseline.file, 'bad-baseline'));
      }
    }
    out.config = (text, file) => {
      try {
        return lintConfigText(text, { file, ...(parsed ? { baseline: parsed } : {}) }).findings;
      } catch (e) {
        return [errorFinding(e, file, 'config-unreadable')];
      }
    };
  }
  if (need.source) {
    // The single-file API (no worker pool), bound to the built-in rules; staged blobs arrive as bytes.
    const [{ lintBytes }, { selectRules }] = await Promise.all([
      import('../lint/source/running/engine.js'),
      import('../linters/source.js'),
    ]);
    const rules = selectRules();
    out.source = (bytes, file) => {
      try {
        return lintBytes(bytes, file, rules);
      } catch (e) {
        return [errorFinding(e, file, 'source-unreadable')];
      }
    };
  }
  return out;
}

/**
 * Validates a staged policy: its staged text is compiled as if it were the work-tree file (so its
 * relative imports resolve), within the loader's time and memory limits; nothing is written in
 * the work tree.
 */
export async function checkStagedPolicy(
  text: string,
  path: string,
  top: string,
  limits: Partial<PolicyLimits> = {},
): Promise<Finding[]> {
  const { evaluatePolicy } = await import('../dsl/load.js');
  try {
    const { issues } = await evaluatePolicy(join(top, path), { source: text, limits });
    return issues.map((i) => ({
      ruleId: 'policy-invalid',
      severity: 'error' as const,
      file: path,
      line: i.at?.line ?? 0,
      column: i.at?.column ?? 1,
      message: i.message,
      fix: `netback-policy check-policy ${path}`,
    }));
  } catch (e) {
    if (!isNetbackError(e)) throw e;
    // Errors name the file they are in: the policy, or one of its imports.
    return [errorFinding(e, e.file ? relative(top, resolve(e.file)) : path, 'policy-invalid')];
  }
}
