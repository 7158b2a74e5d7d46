/*
 * Edits on one file's text by offsets found with locate.ts. Several edits to the same state are
 * applied together (offsets all refer to that state), so a change never has to re-find anchors
 * after its own first edit.
 */
import { NetbackError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import type { Span } from './locate.js';

export interface Edit {
  start: number;
  end: number;
  text: string;
}

export const insertAt = (offset: number, text: string): Edit => ({ start: offset, end: offset, text });
export const replaceSpan = (span: Span, text: string): Edit => ({ start: span.start, end: span.end, text });
export const deleteSpan = (span: Span): Edit => ({ start: span.start, end: span.end, text: '' });

/** Applies non-overlapping edits (any order given) to `text`. Overlap is a bug in a target. */
export function applyEdits(text: string, edits: Edit[], path: string): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at || e.end < e.start || e.end > text.length) {
      throw new NetbackError('edit-overlap', `overlapping edits at offset ${e.start}`, {
        file: path,
        exitCode: EXIT.INTERNAL,
      });
    }
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}
