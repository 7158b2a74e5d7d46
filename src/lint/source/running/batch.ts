/*
 * Lints a list of work items: read, prefilter, scan, check. The same code runs inline (few
 * files) and in each worker thread (a tree), so both give the same findings.
 */
import type { Finding } from '../../../core/finding.js';
import { lintBytes, selectRules, type RuleSelection } from './engine.js';
import { buildPrefilter, type Prefilter } from '../selection/prefilter.js';
import { statSync } from 'node:fs';
import { fsPath } from '../../../core/quote-path.js';
import { FileReader, oversizeNote, unreadableNote } from '../selection/read-file.js';
import type { WorkItem } from '../selection/walk.js';
import { isHeader, isKbuildPath } from '../scanning/file-kind.js';
import type { RgFile } from '../selection/rg-select.js';
import type { CandidateMatches, SourceRule } from '../rule.js';

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
  /**
   * Every rule has a candidate regex: on rg's files the candidates, tried from rg's lines,
   * choose the rules alone (runListed); the token prefilter would add nothing.
   */
  private readonly candidatesDecide: boolean;
  private readonly cRules;
  private readonly headerRules;
  private readonly kbuildRules;

  /** Per rule: its candidate regex, sticky (tried where `fast.candidateStartsWith` occurs). */
  private readonly stickyOf = new Map<SourceRule, RegExp>();

  constructor(private readonly opts: BatchOptions) {
    this.rules = selectRules(opts);
    for (const r of this.rules) if (r.candidate) this.stickyOf.set(r, new RegExp(r.candidate.source, 'y'));
    this.candidatesDecide = this.rules.every((r) => r.candidate);
    this.cRules = this.rules.filter((r) => r.checkC);
    this.headerRules = this.cRules.filter((r) => r.headers !== false);
    this.kbuildRules = this.rules.filter((r) => r.checkKbuild);
    this.reader = new FileReader(opts.maxSize);
    // One token group per rule (bit k = this.rules[k]); a rule that does not apply to the
    // kind of file gets an empty group.
    const wordEnd = this.rules.map((r) => r.fast?.tokensEndWords === true);
    this.cFilter = buildPrefilter(
      this.rules.map((r) => (r.checkC ? r.tokens : [])),
      wordEnd,
    );
    this.hFilter = buildPrefilter(
      this.rules.map((r) => (r.checkC && r.headers !== false ? r.tokens : [])),
      wordEnd,
    );
    this.kbuildFilter = buildPrefilter(
      this.rules.map((r) => (r.checkKbuild ? r.tokens : [])),
      wordEnd,
    );
  }

  /** Files named by the user: failures are errors. */
  run(items: WorkItem[]): BatchResult {
    const out: BatchResult = { findings: [], notes: [], stats: emptyStats() };
    for (const item of items) this.lintFile(item.path, item.explicit, item.kind === 'kbuild', out);
    return out;
  }

  /** Files found by the walk (failures are notes); the kind follows from the name. */
  runPaths(paths: string[]): BatchResult {
    const out: BatchResult = { findings: [], notes: [], stats: emptyStats() };
    for (const path of paths) this.lintFile(path, false, isKbuildPath(path), out);
    return out;
  }

  /**
   * The files rg listed, with the lines it matched (rg has counted them, and searched none too
   * large). A rule whose candidate matches stay within a line (fast.candidateWithinLine) is
   * tried on those lines alone, so most files rg lists for a loose pattern (`#ifdef DEBUG`) are
   * never read; a rule whose matches may span lines (`fast.candidateStartsWith`) is tried only
   * where that literal occurs in them: settled from the bytes when it can be
   * (fast.provesCleanAt), else its matches go to its prefix proof. A rule with neither is tried
   * on the whole text.
   */
  runListed(files: RgFile[]): BatchResult {
    const out: BatchResult = { findings: [], notes: [], stats: emptyStats() };
    for (const f of files) this.lintListed(f, out);
    return out;
  }

  private lintListed(f: RgFile, out: BatchResult): void {
    const path = f.path;
    const kbuild = isKbuildPath(path);
    if (this.opts.noPrefilter || !this.candidatesDecide) {
      this.lintFile(path, false, kbuild, out, true);
      return;
    }
    const kindRules = kbuild ? this.kbuildRules : isHeader(path) ? this.headerRules : this.cRules;
    const rules: SourceRule[] = [];
    let spanning = false;
    for (const r of kindRules) {
      const candidate = r.candidate!;
      const lit = r.fast?.candidateStartsWith;
      if (lit !== undefined) {
        if (f.lines.some((l) => l.text.includes(lit))) {
          rules.push(r);
          spanning = true;
        }
      } else if (!withinLine(r)) {
        // Neither hook: the whole text decides (below).
        rules.push(r);
        spanning = true;
      } else if (f.lines.some((l) => candidate.test(l.text))) rules.push(r);
    }
    if (!rules.length) return;
    const bytes = this.reader.read(path);
    // Unreadable since rg read it: rg counted it, and it is not scanned either way.
    if (typeof bytes === 'string') return;
    let text: string | undefined;
    const full = (): string => (text ??= bytes.toString('latin1'));
    let known: Map<SourceRule, CandidateMatches> | undefined;
    // Whether a rule's candidate matched (the file counts as scanned, as on the JS path).
    let matched = rules.some(withinLine);
    if (spanning) {
      // The file must be as rg read it, or its lines say nothing: then the whole text decides.
      const same = f.lines.every((l) => bytes.toString('latin1', l.offset, l.offset + l.text.length) === l.text);
      known = new Map();
      for (let k = rules.length - 1; k >= 0; k--) {
        const r = rules[k]!;
        if (withinLine(r)) continue;
        const lines = same && r.fast?.candidateStartsWith !== undefined;
        const verdict = lines ? this.settle(r, f, bytes, full) : r.candidate!.test(full()) ? 'scan' : 'none';
        if (verdict !== 'none') matched = true;
        if (typeof verdict === 'object') known.set(r, verdict);
        else if (verdict !== 'scan') rules.splice(k, 1);
      }
    }
    if (!matched) return;
    out.stats.scanned++;
    out.stats.scannedBytes += bytes.length;
    if (!rules.length) return;
    for (const x of lintBytes(bytes, path, rules, kbuild ? 'kbuild' : 'c', text, known)) out.findings.push(x);
  }

  /**
   * A rule whose candidate matches may span lines, on a file as rg read it: 'none' (no match),
   * 'clear' (matches, all proven harmless from the bytes: most files end here, without their
   * text), or its matches, for the prefix proof.
   */
  private settle(r: SourceRule, f: RgFile, bytes: Buffer, text: () => string): 'none' | 'clear' | CandidateMatches {
    const starts = occurrences(f.lines, r.fast!.candidateStartsWith!);
    const clearAt = r.fast?.provesCleanAt;
    const near = clearAt && starts.some((p) => this.matchesNear(r, bytes, p));
    if (near && clearAt.call(r.fast, bytes, starts)) return 'clear';
    const matches = this.candidateMatches(r, starts, text());
    return matches.starts.length ? matches : 'none';
  }

  /**
   * Whether the rule's candidate matches at `p`, read from a window of text around it: a match
   * that ends inside the window is one in the whole text; anything else is not proof.
   */
  private matchesNear(r: SourceRule, bytes: Buffer, p: number): boolean {
    const from = Math.max(0, p - 1);
    const to = Math.min(bytes.length, p + NEAR);
    const window = bytes.toString('latin1', from, to);
    const sticky = this.stickyOf.get(r)!;
    sticky.lastIndex = p - from;
    const m = sticky.exec(window);
    return m !== null && (to === bytes.length || m.index + m[0].length < window.length);
  }

  /** The rule's candidate matches at those of `at` where one starts: all of the file's. */
  private candidateMatches(r: SourceRule, at: number[], text: string): CandidateMatches {
    const sticky = this.stickyOf.get(r)!;
    const starts: number[] = [];
    let end = -1;
    for (const p of at) {
      sticky.lastIndex = p;
      const m = sticky.exec(text);
      if (!m) continue;
      starts.push(m.index);
      end = Math.max(end, m.index + m[0].length);
    }
    return { starts, end };
  }

  /**
   * What reading the walked files would count (files, bytes, skipped with their notes), from
   * their sizes alone: on the rg path when rg's own counts do not stand for the walk.
   */
  statPaths(paths: string[]): BatchResult {
    const out: BatchResult = { findings: [], notes: [], stats: emptyStats() };
    const max = this.opts.maxSize;
    for (const path of paths) {
      let size: number;
      try {
        size = statSync(fsPath(path)).size;
      } catch (e) {
        out.notes.push(unreadableNote(path, e));
        out.stats.skipped++;
        continue;
      }
      if (size > max) {
        out.notes.push(oversizeNote(path, max));
        out.stats.skipped++;
      } else {
        out.stats.files++;
        out.stats.bytes += size;
      }
    }
    return out;
  }

  private lintFile(path: string, explicit: boolean, kbuild: boolean, out: BatchResult, counted = false): void {
    const bytes = this.reader.read(path, explicit);
    const stats = out.stats;
    if (typeof bytes === 'string') {
      // Counted: rg searched it (so it was not too large) and the counts come from rg or
      // statPaths; a file that became unreadable since is not scanned either way.
      if (counted) return;
      out.notes.push(bytes);
      stats.skipped++;
      return;
    }
    if (!counted) {
      stats.files++;
      stats.bytes += bytes.length;
    }
    let rules = this.rules;
    let text: string | undefined;
    if (!this.opts.noPrefilter) {
      const header = !kbuild && isHeader(path);
      const filter = kbuild ? this.kbuildFilter : header ? this.hFilter : this.cFilter;
      const mask = filter.match(bytes);
      if (mask === 0) return;
      rules = rules.filter((_, k) => mask & (1 << k));
      if (rules.some((x) => x.candidate)) {
        text = bytes.toString('latin1');
        rules = rules.filter((x) => !x.candidate || x.candidate.test(text!));
      }
      if (!rules.length) return;
    }
    stats.scanned++;
    stats.scannedBytes += bytes.length;
    const found = lintBytes(bytes, path, rules, kbuild ? 'kbuild' : 'c', text);
    for (const f of found) out.findings.push(f);
  }
}

/** Whether rg's lines alone decide the rule's candidate (FastPaths.candidateWithinLine). */
function withinLine(r: SourceRule): boolean {
  return r.fast?.candidateStartsWith === undefined && r.fast?.candidateWithinLine === true;
}

/** Text read around a possible candidate start (a candidate match is a few lines at most). */
const NEAR = 1024;

/** Every offset of `lit` in the lines, ascending. */
function occurrences(lines: RgFile['lines'], lit: string): number[] {
  const out: number[] = [];
  for (const l of lines)
    for (let k = l.text.indexOf(lit); k >= 0; k = l.text.indexOf(lit, k + 1)) out.push(l.offset + k);
  return out;
}
