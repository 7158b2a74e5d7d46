import type { RuleMeta } from '../../core/rule-meta.js';
import type { CFile, KbuildFile, RuleHit } from './scanning/model.js';

/** Which code a rule reads a file as: the Xen hypervisor, Linux, or decided per file. */
export const SOURCE_VOCABULARIES = ['auto', 'xen', 'linux'] as const;
export type SourceVocabulary = (typeof SOURCE_VOCABULARIES)[number];

/** Per-run options a rule may take (lint-source's flags). */
export interface RuleOptions {
  vocabulary?: SourceVocabulary;
}

/**
 * A source rule is its meaning: its documentation (RuleMeta), what a file needs to hold to have a
 * finding (`tokens`, `candidate`) and the checks. `fast` only makes it cheaper: a rule without it
 * gives the same findings.
 */
export interface SourceRule extends RuleMeta {
  kind: 'source';
  /**
   * Words every reported construct contains verbatim: a file holding none of them is never read
   * past the byte prefilter, nor chosen by ripgrep (unless `fast.rgLinePattern` says better).
   */
  tokens: string[];
  /**
   * On the file's text when a token matched: a file can only have a finding of this rule if
   * this matches (exact up to what is stated in `limits`).
   */
  candidate?: RegExp;
  /** false: the C check ignores headers, so its tokens do not make a header a candidate. */
  headers?: boolean;
  checkC?(file: CFile): RuleHit[];
  checkKbuild?(file: KbuildFile): RuleHit[];
  /** The rule as configured by the run's options (selectRules applies it). */
  withOptions?(o: RuleOptions): SourceRule;
  /** Speed only: each hook must give what the checks above would, or decline. */
  fast?: FastPaths;
}

/** A rule's speed hooks (SourceRule.fast); every one is optional. */
export interface FastPaths {
  /**
   * Every token ends where a reported construct's identifier ends (`spinlock_t`, `DEBUG`): the
   * prefilter then ignores occurrences followed by an identifier byte (` mutex_lock(`).
   */
  tokensEndWords?: boolean;
  /**
   * `candidate` as ripgrep can check it, one line at a time (Rust regex syntax, matched on
   * bytes): every file `candidate` matches must have a line this matches, so that rg can choose
   * the files to read. Without it rg looks for the tokens.
   */
  rgLinePattern?: string;
  /**
   * No `candidate` match spans a newline, and each lies on a line `rgLinePattern` (or a token)
   * matches: on rg's files the candidate is then tried on the lines rg printed alone, without
   * reading the file. Without this or `candidateStartsWith`, rg's files
   * are read and the candidate tried on the whole text.
   */
  candidateWithinLine?: boolean;
  /**
   * When `candidate` matches may span lines: a literal every match starts with. On rg's files
   * the candidate is then tried only where it occurs in the lines rg printed, so `rgLinePattern`
   * must print the line every match starts on (test/source/rg-lines.test.ts holds both hooks on
   * the table, with the real rg).
   */
  candidateStartsWith?: string;
  /**
   * A cheap proof, from the file's bytes and their latin-1 text, that checkC would report
   * nothing here (true); false means "scan it". Lets the engine skip lexing the whole file.
   * `known`: where the file's `candidate` matches start and the last one ends, when the
   * caller knows it.
   */
  provesClean?(bytes: Uint8Array, text: string, known?: CandidateMatches): boolean;
  /**
   * Like provesClean, from the bytes alone, given offsets that include every candidate match's
   * start (rg's path: every `candidateStartsWith` in its lines): true only when that proves
   * checkC would report nothing.
   */
  provesCleanAt?(bytes: Uint8Array, starts: readonly number[]): boolean;
  /**
   * checkC's hits from the bytes (and their latin-1 text) without scanning all of them, when a
   * part decides them; undefined means "scan it". Lets the engine lex a prefix only.
   */
  hitsFromPrefix?(bytes: Uint8Array, text: string, path: string): RuleHit[] | undefined;
}

/** Where a rule's candidate matches lie in one file: every start (ascending), the furthest end. */
export interface CandidateMatches {
  starts: number[];
  end: number;
}
