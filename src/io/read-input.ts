import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { NetbackError } from '../core/errors.js';

const GZIP_MAGIC = [0x1f, 0x8b];

/** Reads all of stdin as bytes. */
function readStdin(): Buffer {
  try {
    return readFileSync(0);
  } catch (e) {
    throw new NetbackError('unreadable', `cannot read standard input: ${(e as Error).message}`, { file: '-' });
  }
}

/**
 * Reads a text input the user named: a path, or `-` for stdin. Gzip is detected by its magic
 * bytes (so `/proc/config.gz` works), and the text must be UTF-8 without NUL bytes: a binary
 * or mis-encoded file is a one-line error naming the file (and the line of the first bad byte).
 */
export function readTextInput(path: string): string {
  let buf: Buffer;
  if (path === '-') {
    buf = readStdin();
  } else {
    try {
      if (statSync(path).isDirectory()) {
        throw new NetbackError('unreadable', 'is a directory, expected a file', { file: path });
      }
      buf = readFileSync(path);
    } catch (e) {
      if (e instanceof NetbackError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
      throw new NetbackError('unreadable', `cannot read: ${why}`, { file: path });
    }
  }
  if (buf.length >= 2 && buf[0] === GZIP_MAGIC[0] && buf[1] === GZIP_MAGIC[1]) {
    try {
      buf = gunzipSync(buf);
    } catch (e) {
      throw new NetbackError('unreadable', `corrupt gzip data: ${(e as Error).message}`, { file: path });
    }
  }
  return decodeText(buf, path);
}

/** Strict UTF-8 decoding; NUL bytes mean binary. Errors name the file and line. */
export function decodeText(buf: Buffer, path: string): string {
  const nul = buf.indexOf(0);
  if (nul >= 0) {
    throw new NetbackError('binary-input', 'binary file (NUL byte), expected text', {
      file: path,
      line: lineOf(buf, nul),
    });
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    return decoder.decode(buf);
  } catch {
    // Slow path only on failure: decode line by line to name the first bad line.
    let start = 0;
    let line = 1;
    while (start <= buf.length) {
      let end = buf.indexOf(0x0a, start);
      if (end < 0) end = buf.length;
      try {
        decoder.decode(buf.subarray(start, end));
      } catch {
        break;
      }
      start = end + 1;
      line++;
    }
    throw new NetbackError('not-utf8', 'not valid UTF-8 text', { file: path, line });
  }
}

function lineOf(buf: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (buf[i] === 0x0a) line++;
  return line;
}
