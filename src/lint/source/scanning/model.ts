/*
 * What the C scanner hands to the source rules: plain data, no parser objects.
 *
 * `code` is the file's bytes with every comment, string/char literal body, preprocessor line and
 * `#if 0` region overwritten by spaces (newlines kept), so offsets, lines and columns are those of
 * the original file and a rule can search `code` without ever matching text a compiler would not see.
 */
import type { Severity } from '../../../core/finding.js';

import type { Directive, FunctionBody } from '../../../c/model.js';

export type { Directive, FunctionBody } from '../../../c/model.js';

export interface CFile {
  path: string;
  /** `.c` files may carry `#define DEBUG`; headers are shared and are judged where included. */
  isHeader: boolean;
  /** The original text (latin1 view of the bytes: one char per byte, so offsets match). */
  text: string;
  /** Code only (see the file comment); same length as `text`. */
  code: string;
  /** The same, as bytes. */
  codeBytes: Uint8Array;
  lineStarts: Int32Array;
  directives: Directive[];
  /** Function bodies in file order (they never nest in C). */
  functions: FunctionBody[];
  /**
   * Enough of `functions` for functionAt at offsets up to `last` (all of them when known; else
   * the walk stops after `last`: structure.ts functionsThrough).
   */
  functionsThrough(last: number): FunctionBody[];
}

/** 1-based line and column of an offset. */
export function lineCol(lineStarts: Int32Array, offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
}

/**
 * The function whose body contains `offset`, if any (binary search: bodies are sorted), in
 * `fs`: the file's functions, or functionsThrough(k) for an offset up to k.
 */
export function functionAt(file: CFile, offset: number, fs: FunctionBody[] = file.functions): FunctionBody | undefined {
  let lo = 0;
  let hi = fs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const f = fs[mid]!;
    if (offset <= f.open) hi = mid - 1;
    else if (offset >= f.close) lo = mid + 1;
    else return f;
  }
  return undefined;
}

/** A Kbuild makefile as logical lines (continuations joined, comments dropped). */
export interface KbuildLine {
  line: number;
  text: string;
  /** Depth of `ifeq/ifneq/ifdef/ifndef` groups around it (0: unconditional). */
  condDepth: number;
}

export interface KbuildFile {
  path: string;
  text: string;
  lines: KbuildLine[];
}

/** What a rule returns; the engine adds rule id, severity and file. */
export interface RuleHit {
  line: number;
  /** When the place decides it (the rule's severity otherwise). */
  severity?: Severity;
  column: number;
  message: string;
  notes?: string[];
  fix?: string;
  data?: Record<string, unknown>;
}
