/*
 * Moving something aside instead of deleting it: `X.netback-policy-backup`, then `.2`, `.3`...
 * An earlier backup is never overwritten: files move with link+unlink (link fails on an existing
 * name), directories with rename onto a name checked free.
 */
import { existsSync, linkSync, lstatSync, renameSync, unlinkSync } from 'node:fs';

export const BACKUP_SUFFIX = '.netback-policy-backup';

function candidate(path: string, n: number): string {
  return n === 1 ? `${path}${BACKUP_SUFFIX}` : `${path}${BACKUP_SUFFIX}.${n}`;
}

/** Moves `path` (file or directory) to the first free backup name and returns that name. */
export function moveAside(path: string): string {
  const dir = lstatSync(path).isDirectory();
  for (let n = 1; ; n++) {
    const to = candidate(path, n);
    if (existsSync(to) || isSymlink(to)) continue;
    if (dir) {
      renameSync(path, to);
      return to;
    }
    try {
      linkSync(path, to);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw e;
    }
    unlinkSync(path);
    return to;
  }
}

function isSymlink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
