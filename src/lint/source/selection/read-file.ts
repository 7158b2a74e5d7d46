/*
 * Reads one file into a reusable buffer (no allocation per file: a whole tree is 58k files).
 * Over the size limit: a note, not an error. Explicitly named files must be text.
 */
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { NetbackError } from '../../../core/errors.js';
import { fsPath, quotePath } from '../../../core/quote-path.js';

export class FileReader {
  private buf: Buffer;
  constructor(readonly maxSize: number) {
    this.buf = Buffer.allocUnsafe(Math.min(maxSize + 1, 1 << 20));
  }

  /**
   * The file's bytes (a view valid until the next call), or a note (a string) explaining why
   * not. `explicit`: named by the user, so failures are errors rather than notes.
   */
  read(path: string, explicit = false): Buffer | string {
    let fd: number;
    try {
      // Non-blocking: a walked file swapped for a FIFO since the walk must not hang the run.
      fd = openSync(fsPath(path), constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (e) {
      return fail(path, explicit, e);
    }
    try {
      let n = 0;
      for (;;) {
        if (n === this.buf.length) {
          if (this.buf.length > this.maxSize) {
            if (explicit)
              throw new NetbackError('too-large', `larger than --max-size ${this.maxSize} bytes`, {
                file: path,
                hint: 'raise --max-size',
              });
            return oversizeNote(path, this.maxSize);
          }
          const bigger = Buffer.allocUnsafe(Math.min(this.buf.length * 4, this.maxSize + 1));
          this.buf.copy(bigger, 0, 0, n);
          this.buf = bigger;
        }
        const want = this.buf.length - n;
        const r = readSync(fd, this.buf, n, want, null);
        n += r;
        // A short read of a regular file is its end: saves the extra read() that returns 0
        // (a syscall per file is measurable over 58k files).
        if (r < want) break;
      }
      const bytes = this.buf.subarray(0, n);
      if (explicit) {
        const nul = bytes.indexOf(0);
        if (nul >= 0) {
          let line = 1;
          for (let k = 0; k < nul; k++) if (bytes[k] === 10) line++;
          throw new NetbackError('binary-input', 'binary file (NUL byte), expected C source or a Kbuild makefile', {
            file: path,
            line,
          });
        }
      }
      return bytes;
    } catch (e) {
      if (e instanceof NetbackError) throw e;
      return fail(path, explicit, e);
    } finally {
      closeSync(fd);
    }
  }
}

function fail(path: string, explicit: boolean, e: unknown): string {
  if (explicit) throw new NetbackError('unreadable', `cannot read: ${why(e)}`, { file: path });
  return unreadableNote(path, e);
}

function why(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
}

/** The note for a walked file over the size limit (the same whether read or only stat'ed). */
export function oversizeNote(path: string, maxSize: number): string {
  return `${quotePath(path)}: larger than --max-size ${maxSize} bytes, skipped`;
}

/** The note for a walked file that cannot be read. */
export function unreadableNote(path: string, e: unknown): string {
  return `${quotePath(path)}: cannot read (${why(e)}), skipped`;
}
