import { mkdtempSync, writeFileSync, renameSync, rmSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve, basename } from 'node:path';
import { NetbackError } from '../core/errors.js';

/** Writes one file atomically: a temp file beside it, then rename. */
export function writeFileAtomic(path: string, content: string | Buffer): void {
  const dir = dirname(resolve(path));
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new NetbackError('write-failed', `cannot write: ${(e as Error).message}`, { file: path });
  }
}

/**
 * Writes a whole directory of files atomically: everything goes into a temp dir beside `outDir`,
 * which then replaces `outDir`. A failure leaves `outDir` as it was. Refuses to replace a
 * non-empty directory that it did not write (no `marker` file inside) so a wrong --out never
 * wipes the user's files.
 */
export function writeDirAtomic(outDir: string, files: Map<string, string | Buffer>, marker?: string): void {
  const target = resolve(outDir);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  if (existsSync(target)) {
    const entries = readdirSync(target);
    if (entries.length > 0 && !(marker && entries.includes(marker))) {
      throw new NetbackError('out-not-empty', 'output directory exists and is not one netback-policy wrote', {
        file: outDir,
        hint: 'choose another --out or remove it',
      });
    }
  }
  const tmp = mkdtempSync(join(parent, `.${basename(target)}.tmp-`));
  try {
    for (const [name, content] of files) {
      const p = join(tmp, name);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
    }
    if (existsSync(target)) {
      const old = `${tmp}.old`;
      renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, target);
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (e instanceof NetbackError) throw e;
    throw new NetbackError('write-failed', `cannot write output: ${(e as Error).message}`, { file: outDir });
  }
}
