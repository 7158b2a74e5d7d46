/*
 * Turns the user's inputs (files, directories, a whole tree) into the list of files to scan.
 * Directories: `.c`/`.h` (configurable) and Kbuild makefiles, `.git` skipped, entries sorted so
 * the work list (and so the output) is the same on every run. Symlinks are never followed: one
 * pointing inside the tree names a file or directory the walk reaches anyway (following it
 * would scan things twice or loop); one pointing outside is left alone with a note.
 */
import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import { NetbackError } from '../../core/errors.js';
import { kindOf, type FileKind } from './engine.js';

export interface WalkOptions {
  /** File name endings scanned as C in directories (default .c, .h). */
  extensions?: string[];
  /** Also scan Makefile/Kbuild files in directories (default true). */
  kbuild?: boolean;
}

export interface WorkItem {
  /** As reported: the user's input joined with the path below it. */
  path: string;
  /** Where to read it. */
  abs: string;
  kind: FileKind;
  /** Named by the user (errors are fatal) rather than found by the walk (errors are notes). */
  explicit: boolean;
}

export interface WalkResult {
  items: WorkItem[];
  notes: string[];
}

const KBUILD = /^(Makefile|Kbuild)(\..*)?$/;

export function walkInputs(inputs: string[], opts: WalkOptions = {}): WalkResult {
  const exts = opts.extensions ?? ['.c', '.h'];
  const kbuild = opts.kbuild ?? true;
  const items: WorkItem[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    let st;
    try {
      st = lstatSync(input);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new NetbackError('unreadable', code === 'ENOENT' ? 'no such file or directory' : `cannot read: ${(e as Error).message}`, { file: input });
    }
    if (st.isSymbolicLink()) {
      // Named on the command line: the user chose it, so resolve it once.
      try {
        st = lstatSync(realpathSync(input));
      } catch {
        throw new NetbackError('unreadable', 'dangling symbolic link', { file: input });
      }
    }
    if (st.isDirectory()) {
      const root = realpathSync(input);
      walkDir(input, input, root, exts, kbuild, items, notes);
    } else if (st.isFile()) {
      if (!seen.has(input)) items.push({ path: input, abs: input, kind: kindOf(input), explicit: true });
    } else {
      throw new NetbackError('unreadable', 'not a regular file or directory', { file: input });
    }
    for (const it of items) seen.add(it.path);
  }
  return { items, notes };
}

function walkDir(dir: string, shown: string, root: string, exts: string[], kbuild: boolean, items: WorkItem[], notes: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    notes.push(`${shown}: skipped: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const abs = join(dir, e.name);
    const path = join(shown, e.name);
    if (e.isDirectory()) {
      if (e.name === '.git') continue;
      walkDir(abs, path, root, exts, kbuild, items, notes);
    } else if (e.isFile()) {
      if (KBUILD.test(e.name)) {
        if (kbuild) items.push({ path, abs, kind: 'kbuild', explicit: false });
      } else if (exts.some((x) => e.name.endsWith(x))) {
        items.push({ path, abs, kind: 'c', explicit: false });
      }
    } else if (e.isSymbolicLink() && (KBUILD.test(e.name) || exts.some((x) => e.name.endsWith(x)) || !e.name.includes('.'))) {
      let target: string | undefined;
      try {
        target = realpathSync(abs);
      } catch {
        notes.push(`${path}: dangling symbolic link, skipped`);
        continue;
      }
      const rel = relative(root, target);
      if (rel.startsWith('..') || isAbsolute(rel)) notes.push(`${path}: symbolic link out of the tree (to ${target}), not followed`);
      // Inside the tree: its target is scanned where it lives.
    }
  }
}
