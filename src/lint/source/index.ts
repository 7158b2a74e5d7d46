/*
 * lint-source's public API. `lintSourceText` lints one file's text (the pre-commit hook);
 * `lintSourcePaths` walks files, directories or a whole tree on all cores.
 */
import { availableParallelism } from 'node:os';
import { compareFindings, type Finding } from '../../core/finding.js';
import { statSync } from 'node:fs';
import { addStats, BatchLinter, type BatchOptions, type BatchResult, type ScanStats } from './batch.js';
import { selectRules, type RuleSelection } from './engine.js';
import { startPool, type ChunkMode, type Pool } from './pool.js';
import { extensionGlob, rgAvailable, streamRg, tokenPattern, type RgQuery, type RgSearch } from './rg-select.js';
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
  // rg lists the candidate files while we walk (see rg-select.ts). Its files are kept until
  // the walk is over (well before rg is), then handed on as they come.
  const useRg = opts.rg !== false && !batch.noPrefilter && walker.roots.length > 0 && rgAvailable();
  const arrived: string[] = [];
  let onPath = (p: string): void => void arrived.push(p);
  const rgDone = useRg ? streamRg(rgQuery(walker.roots, opts), (p) => onPath(p)) : undefined;
  // Walked files are read only if rg lists them; until then they are only counted by size.
  const mode: ChunkMode = useRg ? 'stat' : 'scan';
  // Explicitly named files are read here first: a bad one is an error before any output.
  const inline = new BatchLinter(batch);
  const first = inline.run(explicit);
  let head = walker.take(CHUNK);
  let total = explicit.length + head.length;
  const walked: string[] = [];
  let second: BatchResult;
  let selector: 'rg' | 'js' = 'js';
  const threaded = pool !== undefined && head.length === CHUNK;
  if (threaded) {
    // Walk and scan at once: chunks go to the threads as the walk finds them; the walk yields
    // to the event loop every few milliseconds so that finished threads get their next chunk
    // (and rg's output is drained).
    for (;;) {
      const until = performance.now() + 5;
      while (head.length && performance.now() < until) {
        pool.push(head, mode);
        if (useRg) for (const p of head) walked.push(p);
        head = walker.take(CHUNK);
        total += head.length;
      }
      if (!head.length) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (rgDone) {
      // rg's files that the walk found (as often as it found them), to the threads in chunks
      // while rg is still listing.
      const count = new Map<string, number>();
      for (const p of walked) count.set(p, (count.get(p) ?? 0) + 1);
      let chunk: string[] = [];
      onPath = (p) => {
        const n = count.get(p);
        if (!n) return;
        count.set(p, 0);
        for (let k = 0; k < n; k++) chunk.push(p);
        if (chunk.length >= CHUNK) {
          pool.push(chunk, 'counted');
          chunk = [];
        }
      };
      for (const p of arrived) onPath(p);
      if (await rgDone) {
        selector = 'rg';
        if (chunk.length) pool.push(chunk, 'counted');
      } else {
        // rg failed: drop what the threads did and read every walked file.
        await pool.finish();
        for (let k = 0; k < walked.length; k += CHUNK) pool.push(walked.slice(k, k + CHUNK), 'scan');
      }
    }
    second = await pool.finish(opts.onProgress && ((done) => opts.onProgress!(explicit.length + Math.min(done, total - explicit.length), total)));
  } else {
    for (let more = walker.take(4096); more.length; more = walker.take(4096)) for (const p of more) head.push(p);
    total = explicit.length + head.length;
    if (rgDone && (await rgDone)) {
      selector = 'rg';
      const selected = new Set(arrived);
      second = inline.statPaths(head);
      merge(second, inline.runPaths(head.filter((p) => selected.has(p)), true));
    } else second = inline.runPaths(head);
  }
  opts.onProgress?.(total, total);
  const findings = [...first.findings, ...second.findings].sort(compareFindings);
  const notes = [...walker.notes, ...first.notes, ...second.notes].sort();
  const stats = { ...first.stats, ms: 0, jobs: threaded ? jobs : 1, selector };
  for (const k of ['files', 'bytes', 'scanned', 'scannedBytes', 'skipped'] as const) stats[k] += second.stats[k];
  stats.ms = Math.round(performance.now() - t0);
  return { findings, notes, stats };
}

function merge(into: BatchResult, r: BatchResult): void {
  for (const f of r.findings) into.findings.push(f);
  for (const n of r.notes) into.notes.push(n);
  addStats(into.stats, r.stats);
}

/**
 * What rg searches for: each enabled rule's line pattern (or its tokens), headers apart from the
 * other C files and the Kbuild makefiles, each kind with only the rules that check it.
 */
export function rgQuery(roots: string[], opts: LintSourceOptions): RgQuery {
  const rules = selectRules(opts);
  const patterns = (rs: SourceRule[]) => rs.flatMap((r) => (r.rgPattern !== undefined ? [r.rgPattern] : r.tokens.map(tokenPattern)));
  const exts = opts.extensions ?? ['.c', '.h'];
  const headerExts = exts.filter((x) => /\.h$/i.test(x));
  const otherExts = exts.filter((x) => !/\.h$/i.test(x));
  const kbuild = opts.kbuild ?? true;
  const cRules = rules.filter((r) => r.checkC);
  const kbuildRules = rules.filter((r) => r.checkKbuild);
  const searches: RgSearch[] = [];
  const headerRules = cRules.filter((r) => r.headers !== false);
  if (headerExts.length && headerRules.length) searches.push({ patterns: patterns(headerRules), globs: headerExts.map(extensionGlob) });
  const other: RgSearch = { patterns: [], globs: [] };
  if (otherExts.length && cRules.length) {
    other.patterns.push(...patterns(cRules));
    other.globs.push(...otherExts.map(extensionGlob));
  }
  if (kbuild && kbuildRules.length) {
    other.patterns.push(...patterns(kbuildRules));
    other.globs.push('Makefile', 'Makefile.*', 'Kbuild', 'Kbuild.*');
  }
  if (other.globs.length) searches.push({ ...other, patterns: [...new Set(other.patterns)] });
  return { roots, searches };
}
