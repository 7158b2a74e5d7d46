/*
 * `netback-policy hook run`: what the pre-commit hook executes. Lints the staged content of C
 * sources, kernel configs and policy files; prints gcc-style lines; exits 1 (blocking the commit)
 * when a finding reaches the threshold (errors by default; `git config netback-policy.failOn
 * warning` or --fail-on to be stricter).
 */
import { exitCodeFor, parseFailOn } from '../core/fail-on.js';
import { compareFindings, type Finding, type Severity } from '../core/finding.js';
import { decodeText } from '../io/read-input.js';
import { formatText, summarize } from '../lint/format/text.js';
import type { PolicyLimits } from '../dsl/run-policy.js';
import { stagedFiles, readBlobs, blobSizes, topLevel, gitConfig, stagedBlob } from './git.js';
import { classifyPath, isPolicyText, type LintKind } from './classify.js';
import { loadLinters, checkStagedPolicy } from './linters.js';

/** A staged file over this size is skipped with a note (lint-source's default --max-size). */
export const MAX_STAGED_BYTES = 32 << 20;

export interface HookRunResult {
  findings: Finding[];
  /** Paths linted, by kind. */
  linted: { source: string[]; config: string[]; policy: string[] };
  /** Files skipped, and why (binary, not UTF-8, too large): printed, never blocking. */
  notes: string[];
  failOn: Severity;
  exitCode: number;
}

export interface HookRunOptions {
  failOn?: string;
  limits?: Partial<PolicyLimits>;
}

type Staged = ReturnType<typeof stagedFiles>[number] & { kind: LintKind };

/** Why a staged file's bytes are not linted, or undefined when they are. */
function skipReason(f: Staged, buf: Buffer): string | undefined {
  if (f.kind === 'source') {
    // lint-source reads bytes: Latin-1 comments are fine, a NUL byte means binary.
    return buf.includes(0) ? 'binary (NUL byte)' : undefined;
  }
  try {
    decodeText(buf, f.path);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

export async function hookRun(cwd: string, opts: HookRunOptions = {}): Promise<HookRunResult> {
  const configured = gitConfig('netback-policy.failOn', cwd);
  const failOn = parseFailOn(
    opts.failOn ?? configured ?? 'error',
    opts.failOn !== undefined ? '--fail-on' : 'git config netback-policy.failOn',
  );
  const top = topLevel(cwd);
  const notes: string[] = [];
  const all = stagedFiles(top);
  const sizes = blobSizes(
    all.map((f) => f.blob),
    top,
  );
  const staged = all
    .map((f) => ({ ...f, kind: classifyPath(f.path) }))
    .filter((f): f is Staged => {
      if (!f.kind) return false;
      const size = sizes.get(f.blob) ?? 0;
      if (size <= MAX_STAGED_BYTES) return true;
      notes.push(`skipped ${f.path}: ${size} bytes, over the ${MAX_STAGED_BYTES}-byte limit for a staged file`);
      return false;
    });
  const blobs = readBlobs(
    staged.map((f) => f.blob),
    top,
  );
  const linted = { source: [] as string[], config: [] as string[], policy: [] as string[] };
  const kept: Array<Staged & { buf: Buffer }> = [];
  for (const f of staged) {
    const buf = blobs.get(f.blob)!;
    const why = skipReason(f, buf);
    if (why) {
      // A binary .ts is simply not a policy; a binary C file or config is named, never blocking.
      if (f.kind !== 'policy-candidate') notes.push(`skipped ${f.path}: ${why}`);
      continue;
    }
    if (f.kind === 'policy-candidate' && !isPolicyText(buf.toString('utf8'))) continue;
    kept.push({ ...f, buf });
  }
  const needConfig = kept.some((f) => f.kind === 'config');
  const linters = await loadLinters(
    { config: needConfig, source: kept.some((f) => f.kind === 'source') },
    needConfig ? stagedBaseline(top) : undefined,
  );
  const findings: Finding[] = [];
  const add = (xs: Finding[]): void => {
    for (const x of xs) findings.push(x); // no push(...xs): a file can have 10^5 findings
  };
  add(linters.findings);
  for (const f of kept) {
    if (f.kind === 'source' && linters.source) {
      linted.source.push(f.path);
      add(linters.source(f.buf, f.path));
    } else if (f.kind === 'config' && linters.config) {
      linted.config.push(f.path);
      add(linters.config(f.buf.toString('utf8'), f.path));
    } else if (f.kind === 'policy-candidate') {
      linted.policy.push(f.path);
      add(await checkStagedPolicy(f.buf.toString('utf8'), f.path, top, opts.limits));
    }
  }
  findings.sort(compareFindings);
  const exitCode = exitCodeFor(findings, failOn);
  return { findings, linted, notes, failOn, exitCode };
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
  for (const m of r.notes) stderr += `netback-policy: note: ${m}\n`;
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
