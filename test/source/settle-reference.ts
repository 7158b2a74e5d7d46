/*
 * The verdict JS reaches for function-static-lock on one of rg's files (batch.ts settle, with the
 * candidate decided on the whole text rather than a window): what the native stage must say.
 * Shared by the stage's tests and the linux-6.1 comparison.
 */
import { atFileScope } from '../../src/lint/source/file-scope.js';
import type { RgLine } from '../../src/lint/source/rg-select.js';
import { functionStaticLock } from '../../rules/source/function-static-lock.js';

const STICKY = new RegExp(functionStaticLock.candidate!.source, 'y');

/**
 * `none`, `clear SIZE` or `read`, as the stage writes them; undefined when rg's lines hold no
 * `static` (the stage gives no verdict).
 */
export function referenceVerdict(bytes: Buffer, lines: readonly RgLine[]): string | undefined {
  const starts: number[] = [];
  for (const l of lines) for (let k = l.text.indexOf('static'); k >= 0; k = l.text.indexOf('static', k + 1)) starts.push(l.offset + k);
  if (!starts.length) return undefined;
  const text = bytes.toString('latin1');
  const any = starts.some((p) => {
    STICKY.lastIndex = p;
    return STICKY.test(text);
  });
  if (!any) return 'none';
  return atFileScope(bytes, starts) === true ? `clear ${bytes.length}` : 'read';
}
