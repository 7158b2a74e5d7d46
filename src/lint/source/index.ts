/*
 * lint-source's public API. `lintSourceText` lints one file's text (the pre-commit hook);
 * `lintSourcePaths` walks files, directories or a whole tree on all cores.
 */
import { availableParallelism } from 'node:os';
import { compareFindings, type Finding } from '../../core/finding.js';
import { BatchLinter, emptyStats, type BatchOptions, type BatchResult, type ScanStats } from './running/batch.js';
import { selectRules, type RuleSelection } from './running/engine.js';
import { startPool, type Pool } from './running/pool.js';
import { CHUNK, inlineRunner, merge, poolRunner, yieldToLoop, type Runner } from './running/runner.js';
import {
  extensionGlob,
  rgAvailable,
  streamRg,
  tokenPattern,
  type RgFile,
  type RgOutcome,
  type RgQuery,
} from './selection/rg-select.js';
import type { SourceRule } from './rule.js';
import { classifyInputs, type Inputs, type TreeWalker, type WalkOptions } from './selection/walk.js';

export { lintSourceText, selectRules } from './running/engine.js';
export { kindOf } from './scanning/file-kind.js';
export type { ScanStats } from './running/batch.js';

export const DEFAULT_MAX_SIZE = 32 << 20;

export interface LintSourceOptions extends RuleSelection, WalkOptions {
  /** Worker threads (default: the CPU count). 1 scans in this thread. */
  jobs?: number;
  /** Files larger than this are skipped with a note (default 32 MiB). */
  maxSize?: number;
  /** Scan every file even if it contains no rule token (slow; for testing the prefilter). */
  noPrefilter?: boolean;
  /**
   * Let ripgrep choose which walked files to read (default true; used only when `rg` is on
   * PATH and works, else every file is read in JS). The findings are the same either way.
   */
  rg?: boolean;
  /**
   * Called as the scan progresses with what is counted: `files` (every file the walk takes) or,
   * on the ripgrep path, `candidate files` (the files rg listed, the only ones read; the total
   * grows as rg lists more).
   */
  onProgress?: (done: number, total: number, unit: ProgressUnit) => void;
}

export type ProgressUnit = 'files' | 'candidate files';

export interface LintSourceResult {
  findings: Finding[];
  /** Files skipped and why, symlinks not followed (sorted). */
  notes: string[];
  /** `selector`: who chose the files to read: rg, or the JS prefilter over every file. */
  stats: ScanStats & { ms: number; jobs: number; selector: 'rg' | 'js' };
}

export async function lintSourcePaths(paths: string[], opts: LintSourceOptions): Promise<LintSourceResult> {
  const t0 = performance.now();
  selectRules(opts); // usage errors before any work
  const batch = {
    set: opts.set,
    rules: opts.rules,
    disable: opts.disable,
    maxSize: opts.maxSize ?? DEFAULT_MAX_SIZE,
    noPrefilter: opts.noPrefilter ?? false,
    ...(opts.vocabulary ? { vocabulary: opts.vocabulary } : {}),
  };
  const jobs = Math.max(1, opts.jobs ?? availableParallelism());
  const inputs = classifyInputs(paths, opts); // a missing input is an error before any work
  const tree = inputs.walker.roots.length > 0;
  const rg = opts.rg !== false && !batch.noPrefilter && tree && rgAvailable();
  // A directory may be a whole tree: start the threads now so they load while we walk.
  const pool = tree && jobs >= (rg ? RG_POOL_MIN_JOBS : 2) ? startPool(batch, jobs) : undefined;
  try {
    return await lint(inputs, opts, batch, jobs, rg, pool, t0);
  } finally {
    await pool?.close();
  }
}

/**
 * On the rg path, fewer jobs than this scan rg's files in the main thread, as rg lists them:
 * rg keeps every core busy while it searches, and what is left to scan is small, so on one or
 * two cores a thread's start-up and warm-up cost more than it gives back (bench/lint-source-speed.md).
 */
const RG_POOL_MIN_JOBS = 3;

/**
 * The whole walk, in slices of a few milliseconds: `take` gets each batch of paths, `between`
 * runs after each slice, and the event loop runs between slices (threads get their next
 * chunks, rg's output is drained).
 */
async function walkInSlices(
  walker: TreeWalker,
  first: string[],
  take: (paths: string[]) => void,
  between: () => void,
): Promise<void> {
  if (first.length) take(first);
  for (;;) {
    const until = performance.now() + 5;
    // At least one batch per slice: a slice that starts late must not end the walk.
    let more = true;
    do {
      const head = walker.take(CHUNK);
      if (!head.length) more = false;
      else take(head);
    } while (more && performance.now() < until);
    between();
    if (!more) return;
    await yieldToLoop();
  }
}

/** One run: what the sources and runners share. */
interface Run {
  inputs: Inputs;
  inline: BatchLinter;
  /** Files the walk took first (a chunk: fewer means a small run, linted in this thread). */
  head: string[];
  progress: ((done: number, total: number) => void) | undefined;
}

/** What an input source linted, and who chose the files. */
interface Selected {
  second: BatchResult;
  selector: 'rg' | 'js';
}

/** rg, started before the walk: the files it lists (named files left out) and its outcome. */
interface RgRun {
  listed: RgFile[];
  done: Promise<RgOutcome>;
  /** Hands the files listed so far, and then each as rg lists it, to `take`. */
  follow(take: (files: RgFile[]) => void): void;
}

async function lint(
  inputs: Inputs,
  opts: LintSourceOptions,
  batch: BatchOptions,
  jobs: number,
  useRg: boolean,
  pool: Pool | undefined,
  t0: number,
): Promise<LintSourceResult> {
  const { explicit, walker } = inputs;
  // rg lists the candidate files while we walk (see rg-select.ts); they are linted as they come.
  const rg = useRg ? startRg(walker.roots, opts, batch.maxSize, new Set(explicit.map((e) => e.path))) : undefined;
  // Explicitly named files are read here first: a bad one is an error before any output.
  const inline = new BatchLinter(batch);
  const first = inline.run(explicit);
  const onProgress = opts.onProgress;
  const progress =
    onProgress && ((done: number, total: number) => onProgress(done, total, rg ? 'candidate files' : 'files'));
  // Fewer files than a chunk: threads would cost more than they save.
  const head = walker.take(CHUNK);
  const runner = head.length === CHUNK && pool ? poolRunner(pool, jobs) : inlineRunner(inline);
  const run: Run = { inputs, inline, head, progress };
  const { second, selector } = rg ? await fromRg(run, rg, runner) : await fromWalk(run, runner);
  const total = explicit.length + walker.count;
  const listed = explicit.length + (rg?.listed.length ?? 0);
  if (selector === 'rg') progress?.(listed, listed);
  else onProgress?.(total, total, 'files');
  const findings = [...first.findings, ...second.findings].sort(compareFindings);
  const notes = [...walker.notes, ...first.notes, ...second.notes].sort();
  const stats = { ...first.stats, ms: 0, jobs: runner.jobs, selector };
  for (const k of ['files', 'bytes', 'scanned', 'scannedBytes', 'skipped'] as const) stats[k] += second.stats[k];
  stats.ms = Math.round(performance.now() - t0);
  return { findings, notes, stats };
}

function startRg(roots: string[], opts: LintSourceOptions, maxSize: number, named: Set<string>): RgRun {
  const listed: RgFile[] = [];
  let onListed = (_f: RgFile): void => {};
  const done = streamRg(
    rgQuery(roots, opts),
    (f) => {
      // Files the user also named are linted as named, not again as walked.
      if (named.has(f.path)) return;
      listed.push(f);
      onListed(f);
    },
    maxSize,
  );
  return {
    listed,
    done,
    follow(take) {
      if (listed.length) take(listed.slice());
      onListed = (f) => take([f]);
    },
  };
}

/** The walk's files, each read and linted (chunks go to the threads as the walk finds them). */
async function fromWalk(run: Run, runner: Runner): Promise<Selected> {
  const { explicit, walker } = run.inputs;
  const progress = run.progress;
  await walkInSlices(
    walker,
    run.head,
    (paths) => runner.add(paths),
    () => {},
  );
  const total = explicit.length + walker.count;
  const second = await runner.finish(
    progress && ((done) => progress(explicit.length + Math.min(done, total - explicit.length), total)),
  );
  return { second, selector: 'js' };
}

/**
 * rg's files, linted as rg lists them while the walk only keeps names; once rg is done, the
 * walked files' counts when rg's list stands for the walk, else every walked file is read.
 */
async function fromRg(run: Run, rg: RgRun, runner: Runner): Promise<Selected> {
  const { explicit, walker } = run.inputs;
  const progress = run.progress;
  // Progress over what is read: rg's files (the walked files are only counted).
  const step =
    progress &&
    ((done: number) =>
      progress(explicit.length + Math.min(done, rg.listed.length), explicit.length + rg.listed.length));
  const walked: string[] = [];
  rg.follow((files) => runner.add(files));
  await walkInSlices(
    walker,
    run.head,
    (paths) => pushAll(walked, paths),
    () => runner.step(5, step),
  );
  await runner.until(rg.done, step);
  const scanned = await runner.finish(step);
  const counts = rgStandsFor(await rg.done, rg.listed, walked, run.inline);
  if (counts) {
    merge(scanned, counts);
    return { second: scanned, selector: 'rg' };
  }
  // rg failed, or listed files the walk did not find: read every walked file.
  runner.add(walked);
  return { second: await runner.finish(), selector: 'js' };
}

/**
 * On the rg path, once rg is done: the walked files' counts when rg's list stands for the walk
 * (trusted() and rgCounts()), else undefined (rg failed, or listed files the walk does not take:
 * every walked file is read).
 */
function rgStandsFor(rg: RgOutcome, listed: RgFile[], walked: string[], inline: BatchLinter): BatchResult | undefined {
  return trusted(rg, walked, listed) ? rgCounts(rg, walked, inline) : undefined;
}

/**
 * Whether rg's candidates stand for the walk's files: rg succeeded and listed only walked files,
 * each once, so the walked files it did not list hold no candidate (or were too large, which
 * rgCounts notes). Anything else (overlapping inputs, an exotic name) reads every walked file in
 * JS instead, which is exact.
 */
function trusted(rg: RgOutcome, walked: string[], listed: RgFile[]): boolean {
  if (!rg.ok) return false;
  const set = new Set(walked);
  if (set.size !== walked.length) return false;
  const seen = new Set<string>();
  for (const { path } of listed) {
    if (!set.has(path) || seen.has(path)) return false;
    seen.add(path);
  }
  return true;
}

/**
 * The walked files' counts on the rg path. When rg searched as many files as the walk found,
 * it skipped none as too large (--max-filesize) and its file and byte counts are theirs: no
 * stat per file. Otherwise (a file too large, or one rg could not see) each walked file's size
 * is read, which also notes the ones skipped.
 */
function rgCounts(rg: RgOutcome, walked: string[], inline: BatchLinter): BatchResult {
  return rg.files === walked.length ? rgOwnCounts(rg) : inline.statPaths(walked);
}

/** rg's --stats as the walked files' counts. */
function rgOwnCounts(rg: RgOutcome): BatchResult {
  return { findings: [], notes: [], stats: { ...emptyStats(), files: rg.files, bytes: rg.bytes } };
}

function pushAll(into: string[], paths: string[]): void {
  for (const p of paths) into.push(p);
}

/**
 * What rg searches for: the enabled rules' line patterns (or their tokens) over every kind of
 * file the walk takes. One search: the tree is walked and read once (a header-only pattern set
 * would save nothing, as each rule's pattern is cheap for rg: see debug-enabled-in-source).
 */
export function rgQuery(roots: string[], opts: LintSourceOptions): RgQuery {
  const rules = selectRules(opts);
  const exts = opts.extensions ?? ['.c', '.h'];
  const kbuild = opts.kbuild ?? true;
  const globs: string[] = [];
  const used = new Set<SourceRule>();
  if (exts.length) {
    globs.push(...exts.map(extensionGlob));
    for (const r of rules) if (r.checkC) used.add(r);
  }
  if (kbuild) {
    globs.push('Makefile', 'Makefile.*', 'Kbuild', 'Kbuild.*');
    for (const r of rules) if (r.checkKbuild) used.add(r);
  }
  const patterns = [
    ...new Set(
      [...used].flatMap((r) =>
        r.fast?.rgLinePattern !== undefined ? [r.fast.rgLinePattern] : r.tokens.map(tokenPattern),
      ),
    ),
  ];
  return { roots, patterns: used.size ? patterns : [], globs };
}
