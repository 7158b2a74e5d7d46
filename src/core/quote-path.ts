/*
 * File names as text, safely. A name is bytes; we carry it as a string where each byte that is not
 * part of valid UTF-8 is the lone surrogate U+DC00+byte (Python's "surrogateescape"), so any name
 * survives the round trip to the file system. Text output shows names the way git quotes them
 * (C-style escapes, double quotes only when needed), so a newline or an ESC in a name can neither
 * split a `file:line:` record nor reach the terminal. JSON carries the string itself.
 */

const ESCAPE_BASE = 0xdc00;

/** Decodes a name's bytes: valid UTF-8 as is, every other byte as U+DC00+byte. */
export function nameFromBytes(buf: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    let out = '';
    let i = 0;
    while (i < buf.length) {
      const n = utf8Length(buf, i);
      if (n) {
        out += Buffer.from(buf.subarray(i, i + n)).toString('utf8');
        i += n;
      } else {
        out += String.fromCharCode(ESCAPE_BASE + buf[i]!);
        i++;
      }
    }
    return out;
  }
}

/** The bytes a name stands for (the inverse of nameFromBytes). */
export function bytesOfName(s: string): Buffer {
  if (!hasEscapedByte(s)) return Buffer.from(s, 'utf8');
  const parts: Buffer[] = [];
  let run = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isEscapedByte(s, i)) {
      if (run) parts.push(Buffer.from(run, 'utf8'));
      run = '';
      parts.push(Buffer.from([c - ESCAPE_BASE]));
    } else run += s[i];
  }
  if (run) parts.push(Buffer.from(run, 'utf8'));
  return Buffer.concat(parts);
}

/** What to hand to node:fs for a name: the string itself, or its bytes when it holds escaped bytes. */
export function fsPath(s: string): string | Buffer {
  return hasEscapedByte(s) ? bytesOfName(s) : s;
}

/** A file name for text output: as is when plain, else in double quotes with C-style escapes (as git). */
export function quotePath(s: string): string {
  let needs = false;
  for (let i = 0; i < s.length && !needs; i++) needs = mustEscape(s, i) || s[i] === '"' || s[i] === '\\';
  if (!needs) return s;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (mustEscape(s, i)) {
      const cp = s.codePointAt(i)!;
      out += escapeUnit(s, i);
      if (cp > 0xffff) i++;
    } else out += ch;
  }
  return out + '"';
}

/** Free text (a message, a line of a file) for a terminal: control characters escaped, the rest kept. */
export function escapeControls(s: string): string {
  let plain = true;
  for (let i = 0; i < s.length && plain; i++) plain = s[i] === '\t' || !mustEscape(s, i);
  if (plain) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\t' || !mustEscape(s, i)) out += s[i];
    else {
      out += escapeUnit(s, i);
      if (s.codePointAt(i)! > 0xffff) i++;
    }
  }
  return out;
}

/** The bytes a quotePath() result stands for (a plain name is its own UTF-8). */
export function unquotePath(q: string): Buffer {
  if (!(q.length >= 2 && q.startsWith('"') && q.endsWith('"'))) return bytesOfName(q);
  const bytes: number[] = [];
  const body = q.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      const cp = body.codePointAt(i)!;
      for (const b of bytesOfName(String.fromCodePoint(cp))) bytes.push(b);
      if (cp > 0xffff) i++;
      continue;
    }
    const next = body[++i]!;
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(SIMPLE_UNESCAPE[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes);
}

const SIMPLE: Record<string, string> = {
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
};
const SIMPLE_UNESCAPE: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13 };

/** C0 and C1 controls, DEL, bidirectional overrides (they reorder what a terminal shows), escaped bytes. */
function mustEscape(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return true;
  if (c >= 0xd800 && c <= 0xdfff) return !isPair(s, i);
  return false;
}

/** One character that must be escaped, as `\n` or the octal of each of its bytes. */
function escapeUnit(s: string, i: number): string {
  const ch = s[i]!;
  if (SIMPLE[ch]) return '\\' + SIMPLE[ch];
  const cp = s.codePointAt(i)!;
  const bytes = isEscapedByte(s, i) ? [cp - ESCAPE_BASE] : [...Buffer.from(String.fromCodePoint(cp), 'utf8')];
  return bytes.map((b) => '\\' + b.toString(8).padStart(3, '0')).join('');
}

function isPair(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = s.charCodeAt(i + 1);
    return d >= 0xdc00 && d <= 0xdfff;
  }
  if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
    const p = s.charCodeAt(i - 1);
    return p >= 0xd800 && p <= 0xdbff;
  }
  return false;
}

/** A lone U+DC80..U+DCFF: a byte that was not valid UTF-8 (bytes < 0x80 are always valid). */
function isEscapedByte(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= ESCAPE_BASE + 0x80 && c <= ESCAPE_BASE + 0xff && !isPair(s, i);
}

function hasEscapedByte(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isEscapedByte(s, i)) return true;
  return false;
}

/** Length of the valid UTF-8 sequence starting at `i`, 0 if none (RFC 3629: no overlongs, surrogates). */
function utf8Length(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
