/*
 * The C scanner for callers that hold text rather than bytes (the patch locator): the same lexer
 * and structure walk as lint-source, over a byte image of the text with one byte per UTF-16 unit,
 * so every offset found is an offset in the string.
 */
import { latin1 } from './bytes.js';
import { lexC } from './lexer.js';
import type { Directive, FunctionBody } from './model.js';
import { depthsAt, findFunctions } from './structure.js';

/** A text lexed once: its code (comments, literals and directives blanked) and directives. */
export interface TextScan {
  code: Uint8Array;
  directives: Directive[];
}

/** One byte per character: the character itself when it is ASCII, else 0x80 (never C syntax). */
export function textBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i] = c < 0x80 ? c : 0x80;
  }
  return out;
}

export function scanText(text: string): TextScan {
  return lexC(textBytes(text));
}

/** Every function definition, in order (structure.ts findFunctions). */
export function functionsOf(scan: TextScan): FunctionBody[] {
  return findFunctions(scan.code, latin1(scan.code), scan.directives);
}

/** The brace depth at each offset (0: file scope), by the same walk; any order. */
export function depthsOf(scan: TextScan, offsets: number[]): number[] {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const depth = new Map<number, number>();
  depthsAt(scan.code, scan.directives, sorted).forEach((d, k) => depth.set(sorted[k]!, d));
  return offsets.map((o) => depth.get(o)!);
}
