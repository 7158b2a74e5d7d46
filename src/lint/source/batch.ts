/*
 * Lints a list of work items: read, prefilter, scan, check. The same code runs inline (few
 * files) and in each worker thread (a tree), so both give the same findings.
 */
import type { Finding } from '../../core/finding.js';
import { lintBytes, selectRules, type RuleSelection } from './engine.js';
import { buildPrefilter, type Prefilter } from './prefilter.js';
import { FileReader } from './read-file.js';
import type { WorkItem } from './walk.js';

export interface ScanStats {
  /** Files read. */
  files: number;
  bytes: number;
  /** Files that passed the prefilter and were scanned. */
  scanned: number;
  scannedBytes: number;
  /** Files skipped (too large, unreadable). */
  skipped: number;
}

export interface BatchResult {
  findings: Finding[];
  notes: string[];
  stats: ScanStats;
}

export interface BatchOptions extends RuleSelection {
  maxSize: number;
  /** Scan every file, prefilter or not (tests use it to prove the prefilter loses nothing). */
  noPrefilter?: boolean;
}

export function emptyStats(): ScanStats {
  return { files: 0, bytes: 0, scanned: 0, scannedBytes: 0, skipped: 0 };
}

export function addStats(a: ScanStats, b: ScanStats): void {
  a.files += b.files;
  a.bytes += b.bytes;
  a.scanned += b.scanned;
  a.scannedBytes += b.scannedBytes;
  a.skipped += b.skipped;
}

export class BatchLinter {
  private readonly rules;
  private readonly reader;
  private readonly cFilter: Prefilter;
  private readonly hFilter: Prefilter;
  private readonly kbuildFilter: Prefilter;

  constructor(private readonly opts: BatchOptions) {
    this.rules = selectRules(opts);
    this.reader = new FileReader(opts.maxSize);
    // One token group per rule (bit k = this.rules[k]); a rule that does not apply to the
    // kind of file gets an empty group.
    this.cFilter = buildPrefilter(this.rules.map((r) => (r.checkC ? r.tokens : [])));
    this.hFilter = buildPrefilter(this.rules.map((r) => (r.checkC && r.headers !== false ? r.tokens : [])));
    this.kbuildFilter = buildPrefilter(this.rules.map((r) => (r.checkKbuild ? r.tokens : [])));
  }

  run(items: WorkItem[]): BatchResult {
    const findings: Finding[] = [];
    const notes: string[] = [];
    const stats = emptyStats();
    for (const item of items) {
      const r = this.reader.read(item);
      if ('note' in r) {
        notes.push(r.note);
        stats.skipped++;
        continue;
      }
      stats.files++;
      stats.bytes += r.bytes.length;
      const filter = item.kind === 'kbuild' ? this.kbuildFilter : /\.h$/i.test(item.path) ? this.hFilter : this.cFilter;
      let rules = this.rules;
      if (!this.opts.noPrefilter) {
        const mask = filter.match(r.bytes);
        if (mask === 0) continue;
        rules = rules.filter((_, k) => mask & (1 << k));
        const text = Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength).toString('latin1');
        rules = rules.filter((x) => !x.candidate || x.candidate.test(text));
        if (!rules.length) continue;
      }
      stats.scanned++;
      stats.scannedBytes += r.bytes.length;
      findings.push(...lintBytes(r.bytes, item.path, rules, item.kind));
    }
    return { findings, notes, stats };
  }
}

