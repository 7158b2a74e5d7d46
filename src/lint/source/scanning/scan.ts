/*
 * The C scanner's entry point: bytes in, a CFile (code-only text, directives, function bodies,
 * line index) out. Pure: no file system.
 */
import { lexC } from '../../../c/lexer.js';
import { isHeader } from './file-kind.js';
import { asBuffer, latin1 } from '../../../c/bytes.js';
import { findFunctions, functionsThrough } from '../../../c/structure.js';
import type { CFile, FunctionBody, KbuildFile, KbuildLine } from './model.js';

function lineStartsOf(buf: Uint8Array): Int32Array {
  const starts: number[] = [0];
  const b = asBuffer(buf);
  let i = b.indexOf(10);
  while (i >= 0) {
    starts.push(i + 1);
    i = b.indexOf(10, i + 1);
  }
  return Int32Array.from(starts);
}

/** `latin1Text`: the bytes as latin-1, when the caller has it already. */
export function scanC(buf: Uint8Array, path: string, latin1Text?: string): CFile {
  const { code, directives } = lexC(buf);
  const codeText = latin1(code);
  // Function bodies are found only when a rule asks (most candidate files have no candidate
  // declaration in code once comments are gone, and then need no structure at all).
  let functions: FunctionBody[] | undefined;
  let text: string | undefined = latin1Text;
  let lineStarts: Int32Array | undefined;
  return {
    path,
    isHeader: isHeader(path),
    get text() {
      return (text ??= latin1(buf));
    },
    code: codeText,
    codeBytes: code,
    get lineStarts() {
      return (lineStarts ??= lineStartsOf(buf));
    },
    directives,
    get functions() {
      return (functions ??= findFunctions(code, codeText, directives));
    },
    functionsThrough(last: number) {
      return functions ?? functionsThrough(code, codeText, directives, last);
    },
  };
}

/**
 * A Kbuild makefile as logical lines: `\`-continuations joined, `#` comments dropped (`\#` is
 * a literal hash), and the nesting of make conditionals (ifeq/ifneq/ifdef/ifndef ... endif).
 */
export function scanKbuild(buf: Uint8Array, path: string, latin1Text?: string): KbuildFile {
  const text = latin1Text ?? latin1(buf);
  const phys = text.split('\n');
  const lines: KbuildLine[] = [];
  let depth = 0;
  for (let i = 0; i < phys.length; i++) {
    const first = i;
    let joined = stripComment(phys[i]!.replace(/\r$/, ''));
    while (/\\$/.test(joined) && i + 1 < phys.length) {
      i++;
      joined = joined.slice(0, -1) + ' ' + stripComment(phys[i]!.replace(/\r$/, ''));
    }
    const t = joined.trim();
    const kw = /^(ifeq|ifneq|ifdef|ifndef|else|endif)\b/.exec(t)?.[1];
    if (kw === 'ifeq' || kw === 'ifneq' || kw === 'ifdef' || kw === 'ifndef') {
      depth++;
      continue;
    }
    if (kw === 'endif') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (kw === 'else') continue;
    if (t) lines.push({ line: first + 1, text: t, condDepth: depth });
  }
  return { path, text, lines };
}

function stripComment(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '#') return line.slice(0, i);
  }
  return line;
}
