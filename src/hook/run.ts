/*
 * `netback-policy hook run`: what the pre-commit hook executes. Lints the staged content of C
 * sources, kernel configs and policy files; prints gcc-style lines; exits 1 (blocking the commit)
 * when a finding reaches the threshold (errors by default; `git config netback-policy.failOn
 * warning` or --fail-on to be stricter).
 */
import { exitCodeFor, parseFailOn } from '../core/fail-on.js';
import { NetbackError } from '../core/errors.js';
import { compareFindings, type Finding, type Severity } from '../core/finding.js';
import { decodeText } from '../io/read-input.js';
import { formatText, summarize } from '../lint/format/text.js';
import { stagedFiles, readBlobs, topLevel, gitConfig, stagedBlob } from './git.js';
import { classifyPath, isPolicyText } from './classify.js';
import { loadLinters, checkStagedPolicy } from './linters.js';

export interface HookRunResult {
  findings: Finding[];
  /** Paths linted, by kind. */
  linted: { source: string[]; config: string[]; policy: string[] };
  missing: string[];
  failOn: Severity;
  exitCode: number;
}

export async function hookRun(cwd: string, failOnFlag?: string): Promise<HookRunResult> {
  const configured = gitConfig('netback-policy.failOn', cwd);
  const failOn = parseFailOn(
    failOnFlag ?? configured ?? 'error',
    failOnFlag !== undefined ? '--fail-on' : 'git config netback-policy.failOn',
  );
  const top = topLevel(cwd);
  const staged = stagedFiles(top)
    .map((f) => ({ ...f, kind: classifyPath(f.path) }))
    .filter((f) => f.kind);
  const blobs = readBlobs(staged.map((f) => f.blob), top);
  const linted = { source: [] as string[], config: [] as string[], policy: [] as string[] };
  const texts = new Map<string, string>();
  const findings: Finding[] = [];
  for (const f of staged) {
    let text: string;
    try {
      text = decodeText(blobs.get(f.blob)!, f.path);
    } catch (e) {
      // A binary .config or .h is not ours to judge; policies and sources must be text though.
      if (f.kind === 'policy-candidate') continue;
      findings.push({ ruleId: 'unreadable', severity: 'error', file: f.path, line: (e as NetbackError).line ?? 0, column: 1, message: (e as Error).message });
      continue;
    }
    if (f.kind === 'policy-candidate' && !isPolicyText(text)) continue;
    texts.set(f.path, text);
  }
  const kinds = staged.filter((f) => texts.has(f.path));
  const needConfig = kinds.some((f) => f.kind === 'config');
  const linters = await loadLinters(
    { config: needConfig, source: kinds.some((f) => f.kind === 'source') },
    needConfig ? stagedBaseline(top) : undefined,
  );
  findings.push(...linters.findings);
  for (const f of kinds) {
    const text = texts.get(f.path)!;
    if (f.kind === 'source' && linters.source) {
      linted.source.push(f.path);
      findings.push(...linters.source(text, f.path));
    } else if (f.kind === 'config' && linters.config) {
      linted.config.push(f.path);
      findings.push(...linters.config(text, f.path));
    } else if (f.kind === 'policy-candidate') {
      linted.policy.push(f.path);
      findings.push(...(await checkStagedPolicy(text, f.path, top)));
    }
  }
  findings.sort(compareFindings);
  const exitCode = exitCodeFor(findings, failOn);
  return { findings, linted, missing: linters.missing, failOn, exitCode };
}

/** The staged `.netback-policy.json` at the top of the repository (what lint-config reads by default). */
function stagedBaseline(top: string): { text: string; file: string } | undefined {
  const buf = stagedBlob('.netback-policy.json', top);
  return buf ? { text: decodeText(buf, '.netback-policy.json'), file: '.netback-policy.json' } : undefined;
}

/** What the hook prints: nothing when there was nothing to lint, else findings and one summary. */
export function renderHookRun(r: HookRunResult, color: boolean): { stdout: string; stderr: string } {
  const n = r.linted.source.length + r.linted.config.length + r.linted.policy.length;
  let stderr = '';
  for (const m of r.missing) stderr += `netback-policy: note: ${m} is not available in this build; its files were not checked\n`;
  if (!n) return { stdout: '', stderr };
  let out = formatText(r.findings, { color });
  const what = [
    r.linted.source.length && `${r.linted.source.length} C/Kbuild file${r.linted.source.length > 1 ? 's' : ''}`,
    r.linted.config.length && `${r.linted.config.length} config${r.linted.config.length > 1 ? 's' : ''}`,
    r.linted.policy.length && `${r.linted.policy.length} polic${r.linted.policy.length > 1 ? 'ies' : 'y'}`,
  ].filter(Boolean);
  out += `netback-policy: staged ${what.join(', ')}: ${summarize(r.findings)}`;
  if (r.exitCode) {
    out += `; commit blocked (findings at or above '${r.failOn}').\n`;
    out += 'netback-policy: fix and re-stage, or bypass once with: git commit --no-verify\n';
  } else out += '\n';
  return { stdout: out, stderr };
}
