/*
 * `mkdir -p` that always ends. Node's recursive mkdirSync loops forever where mkdir() reports
 * ENOENT under a parent that exists (procfs: core.hooksPath=/proc/x); here each missing component
 * is made once, from the deepest existing ancestor down, and the first failure is thrown.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function mkdirp(path: string, mode = 0o777): void {
  const missing: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    try {
      if (statSync(p).isDirectory()) break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e; // ENOTDIR: a file higher up, found next
      missing.push(p);
      if (dirname(p) === p) break;
      continue;
    }
    // An existing non-directory where a directory must be: ENOTDIR, as open() would say.
    throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${p}'`), {
      code: 'ENOTDIR',
      syscall: 'mkdir',
      path: p,
    });
  }
  for (const p of missing.reverse()) {
    try {
      mkdirSync(p, { mode });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && statSync(p).isDirectory()) continue; // made meanwhile
      throw e;
    }
  }
}
