/*
 * Finds where a policy key is written in the policy's source text, so that a runtime validation
 * error can say file:line:col like the compiler does. Heuristic by design (no TypeScript parser:
 * loading must stay fast): comments and string contents are masked, the search starts at the
 * definePolicy( call (or `export default`), and each nested key is looked for only inside the
 * braces of its parent's value. A key built at run time (spread from a helper, computed) is not
 * found, and the caller falls back to the definePolicy( line.
 */

import { maskCommentsAndLiterals } from '../c/mask.js';

export interface Position {
  line: number;
  column: number;
}

/** Comments and the insides of string/template literals blanked, offsets kept. */
export function maskSource(text: string): string {
  return maskCommentsAndLiterals(text, { templateLiterals: true });
}

/** 1-based line and column of an offset. */
export function positionOf(text: string, offset: number): Position {
  let line = 1;
  let last = -1;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text.charCodeAt(k) === 10) {
      line++;
      last = k;
    }
  }
  return { line, column: offset - last };
}

/** Where the policy object starts: the definePolicy( call, else `export default`, else 0. */
function policyStart(masked: string): number {
  const call = masked.search(/\bdefinePolicy\s*\(/);
  if (call >= 0) return call;
  const def = masked.search(/\bexport\s+default\b/);
  return def >= 0 ? def : 0;
}

/** The offset of the `}` matching the `{` at `open`, or the end of the text. */
function matchBrace(masked: string, open: number): number {
  let depth = 0;
  for (let k = open; k < masked.length; k++) {
    if (masked[k] === '{') depth++;
    else if (masked[k] === '}' && --depth === 0) return k;
  }
  return masked.length;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface KeyLocation {
  key: Position;
  value: Position;
}

/**
 * Locates `path` (e.g. ['threading', 'groups']) in the source: the position of the key and of
 * the first character of its value. Undefined when it cannot be found in the text.
 */
export function locateKey(text: string, path: readonly string[]): KeyLocation | undefined {
  const masked = maskSource(text);
  const start = policyStart(masked);
  const firstBrace = masked.indexOf('{', start);
  if (firstBrace < 0) return undefined;
  let from = firstBrace;
  let to = matchBrace(masked, firstBrace);
  let found: KeyLocation | undefined;
  for (const key of path) {
    // A key is `key:`, `'key':` or `"key":` (quotes are kept by the mask, contents are not,
    // so quoted keys are matched on the original text at the same offsets).
    const re = new RegExp(`(?:^|[\\s{,])(['"]?)${escape(key)}\\1\\s*:`, 'g');
    re.lastIndex = from;
    let m: RegExpExecArray | null;
    let at = -1;
    let valueAt = -1;
    while ((m = re.exec(text)) && m.index < to) {
      const keyAt = m.index + m[0].indexOf(key, m[1] ? 1 : 0);
      // Only a match that is code in the masked text (not inside a comment or string).
      if (m[1] ? masked[keyAt - 1] !== m[1] : masked.slice(keyAt, keyAt + key.length) !== key) continue;
      if (depthBetween(masked, from, keyAt) !== 1) continue;
      at = keyAt;
      valueAt = m.index + m[0].length;
      while (valueAt < text.length && /\s/.test(text[valueAt]!)) valueAt++;
      break;
    }
    if (at < 0) return undefined;
    found = { key: positionOf(text, at), value: positionOf(text, valueAt) };
    const open = masked[valueAt] === '{' ? valueAt : -1;
    if (open < 0) {
      from = valueAt;
      to = valueAt;
    } else {
      from = open;
      to = matchBrace(masked, open);
    }
  }
  return found;
}

/** Brace depth at `offset` counted from the `{` at `from` (1 means directly inside it). */
function depthBetween(masked: string, from: number, offset: number): number {
  let depth = 0;
  for (let k = from; k < offset; k++) {
    if (masked[k] === '{' || masked[k] === '[' || masked[k] === '(') depth++;
    else if (masked[k] === '}' || masked[k] === ']' || masked[k] === ')') depth--;
  }
  return depth;
}
