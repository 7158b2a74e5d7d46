import { NetbackError } from '../core/errors.js';
import { DEFAULT_MAX_INPUT, errnoWords, gunzipBounded, readFdBounded, readFileBounded } from './bounded.js';

export interface ReadInputOptions {
  /** Most bytes read (and, for gzip, decompressed); default DEFAULT_MAX_INPUT. */
  maxSize?: number;
  /** How the user raises the limit, for the error's hint (e.g. `raise it with --max-input-size`). */
  raise?: string;
}

/**
 * Reads a text input the user named: a path, or `-` for stdin. Only a regular file is read by
 * name (a FIFO or device is refused: `-` reads one on purpose), and at most `maxSize` bytes,
 * before and after gzip, which is detected by its magic bytes (so `/proc/config.gz` works). The
 * text must be UTF-8 without NUL bytes: a binary or mis-encoded file is a one-line error naming
 * the file (and the line of the first bad byte).
 */
export function readTextInput(path: string, opts: ReadInputOptions = {}): string {
  const limit = opts.maxSize ?? DEFAULT_MAX_INPUT;
  const hint = opts.raise ?? undefined;
  let buf: Buffer;
  if (path === '-') {
    try {
      buf = readFdBounded(0, limit, '-', hint);
    } catch (e) {
      if (e instanceof NetbackError) throw e;
      throw new NetbackError('unreadable', `cannot read standard input: ${errnoWords(e)}`, { file: '-' });
    }
  } else {
    buf = readFileBounded(path, path, limit, hint);
  }
  return decodeText(gunzipBounded(buf, limit, path, hint), path);
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
