/*
 * lint-source's public API. `lintSourceText` lints one file's text (the pre-commit hook);
 * `lintSourcePaths` walks files, directories or a whole tree on all cores.
 */
import { availableParallelism } from 'node:os';
import { compareFindings, type Finding } from '../../core/finding.js';
import { statSync } from 'node:fs';
import { addStats, BatchLinter, emptyStats, type BatchOptions, type BatchResult, type ScanStats } from './batch.js';
import { selectRules, type RuleSelection } from './engine.js';
import { startPool, type Pool } from './pool.js';
import { extensionGlob, rgAvailable, streamRg, tokenPattern, type RgOutcome, type RgQuery } from './rg-select.js';
import type { SourceRule } from './rule.js';
import { classifyInputs, type WalkOptions } from './walk.js';

export { lintSourceText, selectRules, kindOf } from './engine.js';
export type { ScanStats } from './batch.js';

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
  /** Called with (files done, files total) as the scan progresses. */
  onProgress?: (done: number, total: number) => void;
}

export interface LintSourceResult {
  findings: Finding[];
  /** Files skipped and why, symlinks not followed (sorted). */
  notes: string[];
  /** `selector`: who chose the files to read: rg, or the JS prefilter over every file. */
  stats: ScanStats & { ms: number; jobs: number; selector: 'rg' | 'js' };
}

/**
 * Files per chunk sent to a thread; also the threshold below which a run stays in this thread
 * (starting threads costs more than it saves).
 */
const CHUNK = 256;

export async function lintSourcePaths(paths: string[], opts: LintSourceOptions = {}): Promise<LintSourceResult> {
  const t0 = performance.now();
  selectRules(opts); // usage errors before any work
  const batch = {
    rules: opts.rules,
    disable: opts.disable,
    maxSize: opts.maxSize ?? DEFAULT_MAX_SIZE,
    noPrefilter: opts.noPrefilter ?? false,
  };
  const jobs = Math.max(1, opts.jobs ?? availableParallelism());
  // A directory may be a whole tree: start the threads now so they load while we walk.
  const pool = jobs > 1 && paths.some(isDirectory) ? startPool(batch, jobs) : undefined;
  try {
    return await lint(paths, opts, batch, jobs, pool, t0);
  } finally {
    await pool?.close();
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

async function lint(paths: string[], opts: LintSourceOptions, batch: BatchOptions, jobs: number, pool: Pool | undefined, t0: number): Promise<LintSourceResult> {
  const { explicit, walker } = classifyInputs(paths, opts);
  const named = new Set(explicit.map((e) => e.path));
  // rg lists the candidate files while we walk (see rg-select.ts); on the threads they are
  // scanned as they come, without waiting for the walk.
  const useRg = opts.rg !== false && !batch.noPrefilter && walker.roots.length > 0 && rgAvailable();
  const listed: string[] = [];
  let send = (): void => {};
  const rgDone = useRg
    ? streamRg(
        rgQuery(walker.roots, opts),
        (p) => {
          // Files the user also named are linted as named, not again as walked.
          if (named.has(p)) return;
          listed.push(p);
          send();
        },
        batch.maxSize,
      )
    : undefined;
  // Explicitly named files are read here first: a bad one is an error before any output.
  const inline = new BatchLinter(batch);
  const first = inline.run(explicit);
  let head = walker.take(CHUNK);
  const walked: string[] = [];
  let second: BatchResult;
  let selector: 'rg' | 'js' = 'js';
  // On the rg path: the walked files' counts (rg's, or from their sizes) and skip notes.
  let counts: BatchResult | undefined;
  const threaded = pool !== undefined && head.length === CHUNK;
  if (threaded) {
    let sent = 0;
    const sendListed = (all: boolean): void => {
      while (listed.length - sent >= CHUNK || (all && sent < listed.length)) {
        pool.push(listed.slice(sent, sent + CHUNK), 'counted');
        sent = Math.min(listed.length, sent + CHUNK);
      }
    };
    if (useRg) {
      send = () => sendListed(false);
      sendListed(false);
    }
    // Walk: on the rg path only the names are kept (rg counts and reads the files); otherwise
    // chunks go to the threads as the walk finds them. The walk yields to the event loop every
    // few milliseconds so that finished threads get their next chunk (and rg's output is drained).
    for (;;) {
      const until = performance.now() + 5;
      while (head.length && performance.now() < until) {
        if (useRg) for (const p of head) walked.push(p);
        else pool.push(head, 'scan');
        head = walker.take(CHUNK);
      }
      if (!head.length) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (rgDone) {
      const rg = await rgDone;
      sendListed(true);
      // Progress over what is read: rg's candidates (the walked files are only counted).
      const todo = explicit.length + listed.length;
      const scanned = await pool.finish(opts.onProgress && ((done) => opts.onProgress!(explicit.length + Math.min(done, listed.length), todo)));
      if (trusted(rg, walked, listed)) {
        selector = 'rg';
        second = scanned;
        counts = rgCounts(rg, walked, inline);
      } else {
        // rg failed, or listed files the walk did not find: read every walked file.
        for (let k = 0; k < walked.length; k += CHUNK) pool.push(walked.slice(k, k + CHUNK), 'scan');
        second = await pool.finish();
      }
    } else {
      const total = explicit.length + walker.count;
      second = await pool.finish(opts.onProgress && ((done) => opts.onProgress!(explicit.length + Math.min(done, total - explicit.length), total)));
    }
  } else {
    for (let more = walker.take(4096); more.length; more = walker.take(4096)) for (const p of more) head.push(p);
    for (const p of head) walked.push(p);
    const rg = rgDone && (await rgDone);
    if (rg && trusted(rg, walked, listed)) {
      selector = 'rg';
      second = inline.runPaths(listed, true);
      counts = rgCounts(rg, walked, inline);
    } else second = inline.runPaths(walked);
  }
  if (counts) merge(second, counts);
  const total = explicit.length + walker.count;
  opts.onProgress?.(total, total);
  const findings = [...first.findings, ...second.findings].sort(compareFindings);
  const notes = [...walker.notes, ...first.notes, ...second.notes].sort();
  const stats = { ...first.stats, ms: 0, jobs: threaded ? jobs : 1, selector };
  for (const k of ['files', 'bytes', 'scanned', 'scannedBytes', 'skipped'] as const) stats[k] += second.stats[k];
  stats.ms = Math.round(performance.now() - t0);
  return { findings, notes, stats };
}

/**
 * Whether rg's candidates stand for the walk's files: rg succeeded and listed only walked files,
 * each once, so the walked files it did not list hold no candidate (or were too large, which
 * rgCounts notes). Anything else (overlapping inputs, an exotic name) reads every walked file in
 * JS instead, which is exact.
 */
function trusted(rg: RgOutcome, walked: string[], listed: string[]): boolean {
  if (!rg.ok) return false;
  const set = new Set(walked);
  if (set.size !== walked.length) return false;
  const seen = new Set<string>();
  for (const p of listed) {
    if (!set.has(p) || seen.has(p)) return false;
    seen.add(p);
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
  if (rg.files === walked.length) return { findings: [], notes: [], stats: { ...emptyStats(), files: rg.files, bytes: rg.bytes } };
  return inline.statPaths(walked);
}

function merge(into: BatchResult, r: BatchResult): void {
  for (const f of r.findings) into.findings.push(f);
  for (const n of r.notes) into.notes.push(n);
  addStats(into.stats, r.stats);
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
  const patterns = [...new Set([...used].flatMap((r) => (r.rgPattern !== undefined ? [r.rgPattern] : r.tokens.map(tokenPattern))))];
  return { roots, patterns: used.size ? patterns : [], globs };
}
