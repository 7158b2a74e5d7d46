/*
 * The verdict JS reaches for function-static-lock on one of rg's files (batch.ts settle, with the
 * candidate decided on the whole text rather than a window), and what the native stage may say
 * where that is `read`: clear when no lock sits in braces, read when one does. Shared by the stage's tests and the
 * linux-6.1 comparison.
 */
import { atFileScope } from '../../rules/source/function-static-lock/file-scope.js';
import type { RgLine } from '../../src/lint/source/selection/rg-select.js';
import { functionStaticLock, lockDeclsInBraces } from '../../rules/source/function-static-lock.js';
import { lintBytes } from '../../src/lint/source/running/engine.js';
import { parseVerdict } from '../../src/lint/source/running/native-settle.js';
import { scanC } from '../../src/lint/source/scanning/scan.js';

const STICKY = new RegExp(functionStaticLock.candidate!.source, 'y');

/**
 * `none`, `clear SIZE` or `read`, as the stage writes them; undefined when rg's lines hold no
 * `static` (the stage gives no verdict).
 */
export function referenceVerdict(bytes: Buffer, lines: readonly RgLine[]): string | undefined {
  const starts: number[] = [];
  for (const l of lines)
    for (let k = l.text.indexOf('static'); k >= 0; k = l.text.indexOf('static', k + 1)) starts.push(l.offset + k);
  if (!starts.length) return undefined;
  const text = bytes.toString('latin1');
  const any = starts.some((p) => {
    STICKY.lastIndex = p;
    return STICKY.test(text);
  });
  if (!any) return 'none';
  return atFileScope(bytes, starts) === true ? `clear ${bytes.length}` : 'read';
}

/**
 * What the stage declines besides a lock in braces (src/native/static-lock-settle/check.c), stated
 * here independently of it: a suppression comment, a `#define` whose body (continuations joined)
 * holds a lock word and `static` (it may declare a lock), a declarator with more `__attr` words
 * than it follows (64), or a byte a record cannot carry. Not any file that merely contains
 * "define" (`undefined`, `#undef`, `DEFINE_MUTEX` outside a macro).
 */
const LOCK_WORD = /DEFINE_|DECLARE_RWSEM|lock_t|mutex|semaphore/;
function lockDefine(text: string): boolean {
  // Each `#define` starting a physical line (as the lexers find them), its body continued.
  for (const m of text.matchAll(/^[ \t]*#[ \t]*define\b/gm)) {
    let end = text.indexOf('\n', m.index);
    while (end > 0 && /\\\r?$/.test(text.slice(m.index, end))) end = text.indexOf('\n', end + 1);
    const body = text.slice(m.index, end < 0 ? text.length : end).replace(/\\\r?\n/g, '');
    if (LOCK_WORD.test(body) && body.includes('static')) return true;
  }
  return false;
}
function mayDecline(text: string): boolean {
  return (
    text.includes('netback-policy:') || lockDefine(text) || /(?:__\w+\s+){63}/.test(text) || /[^\t-\r -~]/.test(text)
  );
}

/**
 * Checks the stage's verdict `got` on one file against JS: the exact verdict where JS settles
 * the file itself (none, clear); where JS reads it, `read` whenever a lock declaration sits in
 * braces (the JS rule finds its function and classifies it), else `clear` (and then the JS
 * rule finds nothing), or `read` only for what the stage declines. Returns the verdict's kind,
 * or throws an Error saying what differs.
 */
export function checkVerdict(
  bytes: Buffer,
  path: string,
  lines: readonly RgLine[],
  got: string | undefined,
): string | undefined {
  const want = referenceVerdict(bytes, lines);
  if (want !== 'read') {
    if (got !== want) throw new Error(`${path}: stage ${JSON.stringify(got)}, JS ${JSON.stringify(want)}`);
    return want?.split(' ')[0];
  }
  const v = got === undefined ? undefined : parseVerdict(got, functionStaticLock.id);
  if (!v || v.verdict === 'none' || v.verdict === 'found')
    throw new Error(`${path}: stage ${JSON.stringify(got)} where JS reads the file`);
  const inBraces = lockDeclsInBraces(scanC(bytes, path)).length > 0;
  if (v.verdict === 'read') {
    if (!inBraces && !mayDecline(bytes.toString('latin1')))
      throw new Error(`${path}: stage says read without a reason`);
    return 'read';
  }
  if (inBraces) throw new Error(`${path}: stage says clear with a lock in braces`);
  if (v.size !== bytes.length) throw new Error(`${path}: size ${v.size}, file ${bytes.length}`);
  const js = lintBytes(bytes, path, [functionStaticLock], 'c');
  if (js.length) throw new Error(`${path}: stage says clear, JS finds ${JSON.stringify(js)}`);
  return 'clear';
}
