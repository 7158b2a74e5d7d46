/*
 * Reads that always end: every input has a byte limit (a file, stdin, a decompressed .gz), only
 * regular files are read by name (a FIFO would block, /dev/zero never ends), and what went wrong
 * is a NetbackError naming the file and the limit.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { NetbackError } from '../core/errors.js';

/** Default limit for one input (a .config is ~250 KB, a /proc/interrupts of 8k CPUs a few MB). */
export const DEFAULT_MAX_INPUT = 64 << 20;
/** Above this V8 cannot hold the text as one string. */
export const MAX_INPUT_CEILING = 512 << 20;

/** `64 MiB`, `1500 bytes`. */
export function formatSize(n: number): string {
  if (n % (1 << 20) === 0) return `${n >> 20} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** A size flag: bytes, or with a K/M/G suffix (powers of 1024). At most MAX_INPUT_CEILING. */
export function parseSize(flag: string, v: string, ceiling = MAX_INPUT_CEILING): number {
  const m = /^\s*(\d{1,12})\s*([kKmMgG]?)i?[bB]?\s*$/.exec(v);
  const n = m ? Number(m[1]) * 1024 ** ' kmg'.indexOf((m[2] || ' ').toLowerCase()) : NaN;
  if (!m || !(n >= 1)) {
    throw new NetbackError('bad-option', `${flag} expects a size such as 65536, 64M or 1G, got '${v}'`);
  }
  if (n > ceiling) throw new NetbackError('bad-option', `${flag} is at most ${formatSize(ceiling)}, got '${v}'`);
  return n;
}

/** What a non-regular file is, for messages. */
export function kindOfStats(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

export class TooLarge extends NetbackError {
  constructor(file: string, limit: number, what = 'larger than', hint?: string) {
    super('too-large', `${what} the ${formatSize(limit)} input limit`, { file, ...(hint ? { hint } : {}) });
  }
}

/**
 * Opens `path` for reading only if it is a regular file: opened non-blocking (a FIFO's open
 * would wait for a writer) and checked with fstat on the open descriptor. `noFollow`: a
 * symbolic link as the last component is refused too (ELOOP).
 */
export function openRegular(path: string | Buffer, file: string, noFollow = false): { fd: number; stats: Stats } {
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (noFollow ? constants.O_NOFOLLOW : 0);
  const fd = openSync(path, flags);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      throw new NetbackError('not-regular', `is ${kindOfStats(stats)}, expected a regular file`, {
        file,
        hint: "to read a pipe or device on purpose, give '-' and redirect it to standard input",
      });
    }
    return { fd, stats };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/**
 * Reads an open descriptor to its end, at most `limit` bytes (one more proves it is too large).
 * Non-blocking descriptors (a pipe on stdin) are waited on a few milliseconds at a time.
 */
export function readFdBounded(fd: number, limit: number, file: string, hint?: string): Buffer {
  let buf = Buffer.allocUnsafe(Math.min(limit + 1, 1 << 16));
  let n = 0;
  for (;;) {
    if (n === buf.length) {
      if (n > limit) throw new TooLarge(file, limit, 'larger than', hint);
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 4, limit + 1));
      buf.copy(bigger, 0, 0, n);
      buf = bigger;
    }
    let r: number;
    try {
      r = readSync(fd, buf, n, buf.length - n, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      continue;
    }
    if (r === 0) return buf.subarray(0, n);
    n += r;
  }
}

/** Undoes gzip when the bytes start with its magic; the output stops at `limit`. */
export function gunzipBounded(buf: Buffer, limit: number, file: string, hint?: string): Buffer {
  if (!(buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b)) return buf;
  try {
    return gunzipSync(buf, { maxOutputLength: limit });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new TooLarge(file, limit, 'decompresses to more than', hint);
    }
    throw new NetbackError('unreadable', `corrupt gzip data: ${(e as Error).message}`, { file });
  }
}

/** A regular file's bytes, at most `limit`; every failure a NetbackError naming the file. */
export function readFileBounded(path: string | Buffer, file: string, limit = DEFAULT_MAX_INPUT, hint?: string): Buffer {
  let fd: number | undefined;
  try {
    fd = openRegular(path, file).fd;
    return readFdBounded(fd, limit, file, hint);
  } catch (e) {
    if (e instanceof NetbackError) throw e;
    throw new NetbackError('unreadable', `cannot read: ${errnoWords(e)}`, { file });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** An errno as a few words for a one-line message. */
export function errnoWords(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a component of the path is not a directory';
    case 'ELOOP':
      return 'too many symbolic links (or a link where none is followed)';
    case 'EIO':
      return 'input/output error';
    default:
      return (e as Error).message;
  }
}
