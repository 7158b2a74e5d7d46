/*
 * Small text helpers the upstream targets share on top of src/patch/: where a new function goes
 * (above a function and its comment, never between them), re-aligning a call's continuation
 * lines when its name grows (kernel style aligns them with the open parenthesis), and adding an
 * #include next to its neighbours. All return offsets or text; edits go through applyEdits().
 */
import type { CText } from '../patch/c-text.js';
import { lineStart } from '../patch/c-text.js';
import type { Block } from '../patch/locate.js';

/** Offset to insert a new top-level definition before `fn`: above its leading comment, if any. */
export function beforeFunction(src: CText, fn: Block): number {
  let at = fn.start;
  const before = src.text.slice(0, at);
  const comment = /\/\*(?:[^*]|\*(?!\/))*\*\/[ \t]*\n$/.exec(before);
  if (comment) at = lineStart(src.text, comment.index);
  return at;
}

function column(ws: string): number {
  let col = 0;
  for (const ch of ws) col = ch === '\t' ? (col + 8) & ~7 : col + 1;
  return col;
}

function indentTo(col: number): string {
  return '\t'.repeat(Math.floor(col / 8)) + ' '.repeat(col % 8);
}

/**
 * `text` (whole lines of one statement) with every continuation line moved right by `delta`
 * columns, re-expressed as tabs then spaces. The first line is left alone.
 */
export function shiftContinuation(text: string, delta: number): string {
  const lines = text.split('\n');
  return lines
    .map((line, i) => {
      if (i === 0 || !line.trim()) return line;
      const ws = /^[ \t]*/.exec(line)![0];
      return indentTo(column(ws) + delta) + line.slice(ws.length);
    })
    .join('\n');
}

/** Text to insert (or '' when present) so that `header` is included after `after`'s line. */
export function includeAfter(src: CText, after: string, header: string): { at: number; text: string } | null {
  if (new RegExp(`#include\\s*<${header.replace(/[./]/g, '\\$&')}>`).test(src.text)) return null;
  const re = new RegExp(`^#include\\s*<${after.replace(/[./]/g, '\\$&')}>[^\\n]*\\n`, 'm');
  // Next to `after` if the file has it, else after the last <linux/...> include.
  const m = re.exec(src.text) ?? [...src.text.matchAll(/^#include\s*<linux\/[^\n]*\n/gm)].pop();
  if (!m || m.index === undefined) return null;
  return { at: m.index + m[0].length, text: `#include <${header}>\n` };
}
