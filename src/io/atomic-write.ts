import { writeFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve, basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import { NetbackError, systemReason } from '../core/errors.js';
import { removeOnAbort, removeQuietly } from './cleanup.js';
import { mkdirp } from './mkdirp.js';

/**
 * Writes one file atomically: a temp file beside it, then rename. Failures (a read-only or
 * missing directory, a full disk, a directory in the way) are one NetbackError naming `path`.
 */
export function writeFileAtomic(path: string, content: string | Buffer): void {
  const dir = dirname(resolve(path));
  const tmp = join(dir, `.${basename(path)}.${process.pid}-${randomBytes(3).toString('hex')}.tmp`);
  const forget = removeOnAbort(tmp);
  try {
    mkdirp(dir);
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    removeQuietly(tmp);
    const why = systemReason(e) ?? (e as Error).message;
    throw new NetbackError('write-failed', `cannot write: ${why}`, { file: path });
  } finally {
    forget();
  }
}
