import type { RuleMeta } from '../../core/rule-meta.js';
import type { CFile, KbuildFile, RuleHit } from './scanning/model.js';

/**
 * A source rule: its documentation (RuleMeta) and the checks the engine runs. `tokens` feed the
 * byte prefilter: a file whose bytes contain none of any enabled rule's tokens is never scanned,
 * so every construct a check can report must contain one of its tokens verbatim.
 */
/** Which code a rule reads a file as: the Xen hypervisor, Linux, or decided per file. */
export const SOURCE_VOCABULARIES = ['auto', 'xen', 'linux'] as const;
export type SourceVocabulary = (typeof SOURCE_VOCABULARIES)[number];

/** Per-run options a rule may take (lint-source's flags). */
export interface RuleOptions {
  vocabulary?: SourceVocabulary;
}

export interface SourceRule extends RuleMeta {
  kind: 'source';
  tokens: string[];
  /**
   * Every token ends where a reported construct's identifier ends (`spinlock_t`, `DEBUG`): the
   * prefilter then ignores occurrences followed by an identifier byte (` mutex_lock(`).
   */
  wordEnd?: boolean;
  /**
   * Second stage of the prefilter, on the file's text when a token matched: a file can only
   * have a finding of this rule if this matches (exact up to what is stated in `limits`).
   */
  candidate?: RegExp;
  /**
   * `candidate` as ripgrep can check it, one line at a time (Rust regex syntax, matched on
   * bytes): every file `candidate` matches must have a line this matches, so that rg can choose
   * the files to read. Without it rg looks for the tokens.
   */
  rgPattern?: string;
  /**
   * When `candidate` matches may span lines: a literal every match starts with. On rg's files
   * the candidate is then tried only where it occurs in the lines rg printed. Without it,
   * `candidate` matches never span a newline, and it is tried on rg's lines alone, without
   * reading the file (test/source/rg-lines.test.ts holds both on the table, with the real rg).
   */
  candidateStart?: string;
  /** false: the C check ignores headers, so its tokens do not make a header a candidate. */
  headers?: boolean;
  /**
   * A cheap proof, from the file's bytes and their latin-1 text, that checkC would report
   * nothing here (true); false means "scan it". Lets the engine skip lexing the whole file.
   * `known`: where the file's `candidate` matches start and the last one ends, when the
   * caller knows it.
   */
  quickClear?(bytes: Uint8Array, text: string, known?: CandidateMatches): boolean;
  /**
   * Like quickClear, from the bytes alone, given offsets that include every candidate match's
   * start (rg's path: every `candidateStart` in its lines): true only when that proves checkC
   * would report nothing.
   */
  scopeClear?(bytes: Uint8Array, starts: readonly number[]): boolean;
  /**
   * The name of a native program that settles this rule on rg's files without Node reading
   * them (native-settle.ts): given rg's output, it adds a verdict per file that settle() in
   * batch.ts and checkC() would reach, with the findings as data (nativeHit). It implements
   * `candidate`, `scopeClear` and checkC in C, and refuses to run for another
   * `candidate.source`.
   */
  nativeSettle?: string;
  /**
   * A finding the native program reports (its `found` verdict) as checkC() would have made it,
   * from the program's fields; undefined when the fields are not the rule's (the file is then
   * read and checked in JS).
   */
  nativeHit?(hit: NativeHit): RuleHit | undefined;
  /**
   * checkC's hits from the bytes (and their latin-1 text) without scanning all of them, when a
   * part decides them; undefined means "scan it". Lets the engine lex a prefix only.
   */
  checkPrefix?(bytes: Uint8Array, text: string, path: string): RuleHit[] | undefined;
  checkC?(file: CFile): RuleHit[];
  /** The rule as configured by the run's options (selectRules applies it). */
  withOptions?(o: RuleOptions): SourceRule;
  checkKbuild?(file: KbuildFile): RuleHit[];
}

/** Where a rule's candidate matches lie in one file: every start (ascending), the furthest end. */
export interface CandidateMatches {
  starts: number[];
  end: number;
}

/** One finding of a native stage's rule (native-settle.ts): where, and the rule's own fields (nativeHit above). */
export interface NativeHit {
  line: number;
  column: number;
  fields: string[];
}
