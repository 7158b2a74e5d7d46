/*
 * lint-source's public API. `lintSourceText` lints one file's text (the pre-commit hook);
 * `lintSourcePaths` walks files, directories or a whole tree on all cores.
 */
import { availableParallelism } from 'node:os';
import { compareFindings, type Finding } from '../../core/finding.js';
import { statSync } from 'node:fs';
import { BatchLinter, type BatchOptions, type BatchResult, type ScanStats } from './batch.js';
import { selectRules, type RuleSelection } from './engine.js';
import { startPool, type Pool } from './pool.js';
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
  /** Called with (files done, files total) as the scan progresses. */
  onProgress?: (done: number, total: number) => void;
}

export interface LintSourceResult {
  findings: Finding[];
  /** Files skipped and why, symlinks not followed (sorted). */
  notes: string[];
  stats: ScanStats & { ms: number; jobs: number };
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
  // Explicitly named files are read here first: a bad one is an error before any output.
  const inline = new BatchLinter(batch);
  const first = inline.run(explicit);
  let head = walker.take(CHUNK);
  let total = explicit.length + head.length;
  let second: BatchResult;
  const threaded = pool !== undefined && head.length === CHUNK;
  if (threaded) {
    // Walk and scan at once: chunks go to the threads as the walk finds them; the walk yields
    // to the event loop every few milliseconds so that finished threads get their next chunk.
    for (;;) {
      const until = performance.now() + 5;
      while (head.length && performance.now() < until) {
        pool.push(head);
        head = walker.take(CHUNK);
        total += head.length;
      }
      if (!head.length) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    second = await pool.finish(opts.onProgress && ((done) => opts.onProgress!(explicit.length + done, total)));
  } else {
    for (let more = walker.take(4096); more.length; more = walker.take(4096)) for (const p of more) head.push(p);
    total = explicit.length + head.length;
    second = inline.runPaths(head);
  }
  opts.onProgress?.(total, total);
  const findings = [...first.findings, ...second.findings].sort(compareFindings);
  const notes = [...walker.notes, ...first.notes, ...second.notes].sort();
  const stats = { ...first.stats, ms: 0, jobs: threaded ? jobs : 1 };
  for (const k of ['files', 'bytes', 'scanned', 'scannedBytes', 'skipped'] as const) stats[k] += second.stats[k];
  stats.ms = Math.round(performance.now() - t0);
  return { findings, notes, stats };
}
