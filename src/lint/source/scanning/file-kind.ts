/*
 * Which kind of file lint-source takes a path for: Kbuild makefiles by name (`Makefile`,
 * `Kbuild`, and their `.suffix` variants), C otherwise; and which C files are headers. The kind
 * picks the scanner (scanKbuild or scanC), so it lives in the lowest stage: the walk, the batch
 * linter, the scanner and the pre-commit hook all decide through here.
 */
export type FileKind = 'c' | 'kbuild';

const KBUILD_NAME = /^(?:Makefile|Kbuild)(?:\..*)?$/;

/** A file name (no directory) that names a Kbuild makefile. */
export function isKbuildName(name: string): boolean {
  return KBUILD_NAME.test(name);
}

/** Kbuild makefiles by name; everything else is C. `/` and `\` both end a directory. */
export function kindOf(path: string): FileKind {
  const base = path.split(/[\\/]/).pop() ?? path;
  return isKbuildName(base) ? 'kbuild' : 'c';
}

/** A walked path (`/`-separated) that names a Kbuild makefile. */
export function isKbuildPath(path: string): boolean {
  return isKbuildName(path.slice(path.lastIndexOf('/') + 1));
}

/** A C header: the name ends in `.h` or `.H`. */
export function isHeader(path: string): boolean {
  const n = path.length;
  return n >= 2 && path.charCodeAt(n - 2) === 46 && (path.charCodeAt(n - 1) | 32) === 104;
}
