/*
 * The native settle stage on the rg path: a C program (src/native/, built into dist/native/ by
 * `npm run build` when a C compiler is there) that reads rg's output between rg and us, reads
 * the files whose lines hold a rule's `fast.candidateStartsWith`, and adds the verdict batch.ts settle()
 * and the rule's checkC() would reach for that rule: none (no candidate), clear (candidates, no
 * finding; with the file's size), found (the findings, as data the rule words: hitFromNative) or
 * read (anything the program does not decide: we read the file and decide as without it).
 *
 * Why: on the rg path most of lint-source's own time went to opening, reading and proving the
 * scope of 3k files that rg lists for `static`; Node does that at a fraction of C's speed, and
 * on two cores every CPU-second Node spends is one rg does not get. The verdicts are the same
 * (tests: the rule table, generated files, every file rg lists in linux-6.1), and without the
 * program (no compiler, NETBACK_POLICY_SETTLE=off, or one built for another candidate regex)
 * the files are read in JS as before.
 */
import { nativeProgram } from './native-program.js';
import type { NativeHit, SourceRule } from '../rule.js';

/** A native stage's verdict on one file for its rule. */
export interface Settled {
  /** The rule it settles (the stage's). */
  rule: string;
  verdict: 'none' | 'clear' | 'found' | 'read';
  /** The file's size in bytes (for 'clear' and 'found': counted as scanned without reading it). */
  size: number;
  /** For 'found': the rule's findings in the file, as data (the rule words them: FastPaths.hitFromNative). */
  hits?: NativeHit[];
}

export type { NativeHit } from '../rule.js';

/** What to run between rg and us. */
export interface SettleStage {
  rule: SourceRule;
  command: string;
  args: string[];
}

/**
 * The native stage for the enabled rules, if one of them has a program and it is there;
 * NETBACK_POLICY_SETTLE: `off` never uses one, a path uses that program (tests).
 */
export function settleStage(rules: readonly SourceRule[], maxSize: number): SettleStage | undefined {
  const rule = rules.find(
    (r) =>
      r.fast?.nativeProgram !== undefined &&
      r.candidate &&
      r.fast.candidateStartsWith !== undefined &&
      r.fast.provesCleanAt,
  );
  const command = rule && nativeProgram(rule.fast!.nativeProgram!, 'NETBACK_POLICY_SETTLE');
  if (!rule || !command) return undefined;
  return { rule, command, args: [rule.candidate!.source, String(maxSize)] };
}

const RS = '\x1e';
const US = '\x1f';

/**
 * A verdict record's text (after `=`) for `rule`, or undefined if it is not one: `none`,
 * `read`, `clear SIZE`, or `found SIZE` and one or more hits, each `RS line US column US
 * field...` (printable ASCII fields).
 */
export function parseVerdict(s: string, rule: string): Settled | undefined {
  if (s === 'none' || s === 'read') return { rule, verdict: s, size: 0 };
  const m = /^(clear|found) (\d+)/.exec(s);
  if (!m) return undefined;
  const size = Number(m[2]);
  if (!Number.isSafeInteger(size)) return undefined;
  const rest = s.slice(m[0].length);
  if (m[1] === 'clear') return rest ? undefined : { rule, verdict: 'clear', size };
  // The record and unit separators (0x1e, 0x1f) are the format's own delimiters.
  // eslint-disable-next-line no-control-regex
  if (!rest.startsWith(RS) || /[^\x1e\x1f\x20-\x7e]/.test(rest)) return undefined;
  const hits: NativeHit[] = [];
  for (const h of rest.slice(1).split(RS)) {
    const [line, column, ...fields] = h.split(US);
    if (!/^[1-9]\d*$/.test(line!) || !/^[1-9]\d*$/.test(column ?? '')) return undefined;
    const at = { line: Number(line), column: Number(column) };
    if (!Number.isSafeInteger(at.line) || !Number.isSafeInteger(at.column)) return undefined;
    hits.push({ ...at, fields });
  }
  return { rule, verdict: 'found', size, hits };
}
