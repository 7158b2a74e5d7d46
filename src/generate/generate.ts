/*
 * `generate-patch`: policy + tree → patch series in --out (atomically), or the plan on stdout
 * (--dry-run), or applied with `git am` (--apply). Only this end touches the file system. It sits
 * above both the engine (src/patch/, which knows no era) and the eras (src/targets/).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { NetbackError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import type { Policy } from '../dsl/policy.js';
import { writeOwnedDir } from '../io/out-dir.js';
import { detectTarget } from '../targets/detect.js';
import { KernelTree } from '../patch/tree.js';
import { buildSeries, type Series } from '../patch/series.js';
import { COVER_LETTER, formatSeries, patchFileName } from '../patch/mbox.js';
import { diffstat } from '../patch/unified.js';
import { mailDate } from '../patch/mail-date.js';

export interface GenerateOptions {
  tree: string;
  target?: string;
  out: string;
  date?: string;
  dryRun?: boolean;
  apply?: boolean;
  /** Replace an --out holding files we did not write (they are moved aside, not deleted). */
  force?: boolean;
  version: string;
}

export interface GenerateResult {
  series: Series;
  files: Map<string, string>;
  /** What the command prints on stdout. */
  report: string;
}

/** Everything but the writing: deterministic, used by the CLI, tests and the bench. */
export function generate(policy: Policy, opts: GenerateOptions): GenerateResult {
  if (opts.date !== undefined) mailDate(opts.date, '--date');
  const tree = new KernelTree(opts.tree);
  const { target } = detectTarget(tree, opts.target);
  const series = buildSeries(target, policy, tree, { keepRefusals: opts.dryRun === true });
  const files = formatSeries(series, {
    version: opts.version,
    ...(opts.date !== undefined ? { date: opts.date } : {}),
  });
  return { series, files, report: report(series, opts) };
}

function report(series: Series, opts: GenerateOptions): string {
  const n = series.patches.length;
  let out = `target: ${series.target.id}\n`;
  for (const note of series.notes) out += `note: ${note}\n`;
  for (const r of series.refusals) out += `refused: ${r.knob}: ${r.message}\n  instead: ${r.hint}\n`;
  if (series.refusals.length) {
    const k = series.refusals.length;
    out +=
      `\ndry run: ${k} knob${k > 1 ? 's' : ''} refused on target ${series.target.id}; ` +
      'a real run would stop with an error and write nothing\n';
  }
  if (!n) return `${out}nothing to do: the tree already satisfies the policy (empty series, nothing written)\n`;
  series.patches.forEach((p, i) => {
    out += `\n${patchFileName(i + 1, p)}\n  [PATCH ${i + 1}/${n}] ${p.change.subsystem}: ${p.change.summary}\n`;
    if (opts.dryRun) out += `${diffstat(p.files).trimEnd().replace(/^/gm, '  ')}\n`;
  });
  out += opts.dryRun
    ? `\ndry run: ${n} patch${n > 1 ? 'es' : ''}, nothing written\n`
    : `\nwrote ${n + 2} files to ${opts.out}\n`;
  return out;
}

/** Runs the command: returns the text for stdout and the exit code. */
export function runGenerate(policy: Policy, opts: GenerateOptions): { stdout: string; code: number } {
  const r = generate(policy, opts);
  if (opts.dryRun || !r.series.patches.length) {
    return { stdout: r.report, code: r.series.refusals.length ? EXIT.USAGE : EXIT.OK };
  }
  if (opts.apply) assertCleanGitTree(opts.tree);
  const w = writeOwnedDir(opts.out, r.files, { force: opts.force === true });
  let stdout = r.report;
  if (w.movedAside) stdout += `note: the previous content of ${opts.out} was moved to ${w.movedAside}\n`;
  if (opts.apply) {
    const names = [...r.files.keys()].filter((k) => k !== COVER_LETTER && k !== 'series');
    const am = spawnSync('git', ['-C', opts.tree, 'am', '--quiet', ...names.map((k) => resolve(join(opts.out, k)))], {
      encoding: 'utf8',
    });
    if (am.status !== 0) {
      spawnSync('git', ['-C', opts.tree, 'am', '--abort'], { encoding: 'utf8' });
      throw new NetbackError('git-am-failed', `git am failed: ${(am.stderr || am.stdout).trim().split('\n')[0]}`, {
        file: opts.tree,
        hint: `the tree is back as it was; the series is in ${opts.out}`,
      });
    }
    stdout += `applied ${names.length} patch${names.length > 1 ? 'es' : ''} with git am in ${opts.tree}\n`;
  }
  return { stdout, code: EXIT.OK };
}

function assertCleanGitTree(tree: string): void {
  let top: string;
  try {
    top = execFileSync('git', ['-C', tree, 'rev-parse', '--show-toplevel'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    throw new NetbackError('not-git', '--apply needs the tree to be a git repository', {
      file: tree,
      hint: 'drop --apply and use the files in --out',
    });
  }
  if (resolve(top) !== resolve(tree)) {
    throw new NetbackError('not-git', `--apply needs --tree to be the repository's top level (${top})`, { file: tree });
  }
  const status = execFileSync('git', ['-C', tree, 'status', '--porcelain', '--untracked-files=no'], {
    encoding: 'utf8',
  });
  if (status.trim()) {
    throw new NetbackError('tree-dirty', '--apply needs a clean work tree (git status shows changes)', {
      file: tree,
      hint: 'commit or stash them first',
    });
  }
}
