/*
 * Turns the user's inputs (files, directories, a whole tree) into the list of files to scan.
 * Directories: `.c`/`.h` (configurable) and Kbuild makefiles, `.git` skipped, entries sorted so
 * the work list (and so the output) is the same on every run. Symlinks are never followed: one
 * pointing inside the tree names a file or directory the walk reaches anyway (following it
 * would scan things twice or loop); one pointing outside is left alone with a note.
 *
 * A whole tree is 58k files in 5k directories: the walker hands them out in batches (so the
 * worker threads start reading while it is still walking), and costs one readdir per directory,
 * no stat per file and no path.join per entry (join's normalisation was half the walk's time).
 */
import { closeSync, lstatSync, openSync, readdirSync, realpathSync, type Dirent } from 'node:fs';
import { normalize, relative, isAbsolute } from 'node:path';
import { NetbackError } from '../../../core/errors.js';
import { fsPath, nameFromBytes, quotePath } from '../../../core/quote-path.js';
import { isKbuildName, kindOf, type FileKind } from '../scanning/file-kind.js';

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

/** The inputs sorted out: files named by the user, and directories to walk. */
export interface Inputs {
  explicit: WorkItem[];
  walker: TreeWalker;
}

/** Checks every input before any work: a missing one is a usage error naming it. */
export function classifyInputs(inputs: string[], opts: WalkOptions = {}): Inputs {
  const explicit: WorkItem[] = [];
  const dirs: Array<{ dir: string; root: string }> = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    let st;
    try {
      st = lstatSync(input);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new NetbackError(
        'unreadable',
        code === 'ENOENT' ? 'no such file or directory' : `cannot read: ${(e as Error).message}`,
        { file: input },
      );
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
      // Named by the user: a directory it cannot list is an error, not "0 files".
      try {
        closeSync(openSync(input, 'r'));
        readdirSync(input);
      } catch (e) {
        const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
        throw new NetbackError('unreadable', `cannot read directory: ${why}`, { file: input });
      }
      dirs.push({ dir: input, root: realpathSync(input) });
    } else if (st.isFile()) {
      if (!seen.has(input)) explicit.push({ path: input, abs: input, kind: kindOf(input), explicit: true });
      seen.add(input);
    } else {
      throw new NetbackError('unreadable', 'not a regular file or directory', { file: input });
    }
  }
  return { explicit, walker: new TreeWalker(dirs, opts, seen) };
}

/**
 * Depth-first walk of the input directories with an explicit stack, yielding file paths (as
 * reported; also where to read them: the walk starts from the user's own spelling) in batches.
 * Files of a directory come before its subdirectories; every order is the same on every run.
 */
export class TreeWalker {
  readonly notes: string[] = [];
  /** Files handed out so far. */
  count = 0;
  /** The input directories as reported ('' for '.', else ending in '/'), in input order. */
  readonly roots: string[];
  /** Each input directory: as reported (see roots) and its real path (links out of it are noted). */
  readonly starts: ReadonlyArray<{ prefix: string; root: string }>;
  /** Directories still to list, last first: [path as reported (with trailing '/' or ''), root]. */
  private readonly stack: Array<[string, string]> = [];
  /** Files found but not yet handed out. */
  private pending: string[] = [];
  readonly extensions: readonly string[];
  readonly kbuild: boolean;

  constructor(
    dirs: Array<{ dir: string; root: string }>,
    opts: WalkOptions,
    /** Files already named by the user: not scanned twice. */
    private readonly named: Set<string> = new Set(),
  ) {
    this.extensions = opts.extensions ?? ['.c', '.h'];
    this.kbuild = opts.kbuild ?? true;
    this.starts = dirs.map((d) => ({ prefix: prefixOf(d.dir), root: d.root }));
    this.roots = this.starts.map((s) => s.prefix);
    for (let i = this.starts.length - 1; i >= 0; i--) this.stack.push([this.starts[i]!.prefix, this.starts[i]!.root]);
  }

  /** Every file not handed out yet: the rest of the walk at once. */
  takeAll(): string[] {
    const out: string[] = [];
    for (let more = this.take(4096); more.length; more = this.take(4096)) for (const p of more) out.push(p);
    return out;
  }

  /** Up to `max` more files (fewer only at the end; none when the walk is over). */
  take(max: number): string[] {
    while (this.pending.length < max && this.stack.length) this.list(...this.stack.pop()!);
    if (this.pending.length <= max) {
      const out = this.pending;
      this.pending = [];
      this.count += out.length;
      return out;
    }
    const out = this.pending.slice(0, max);
    this.pending = this.pending.slice(max);
    this.count += out.length;
    return out;
  }

  /** `prefix` is the directory as reported, ending in '/' (or '' for '.'). */
  private list(prefix: string, root: string): void {
    const dir = prefix === '' ? '.' : prefix;
    let entries: Array<Dirent<string>>;
    try {
      entries = readdirSync(fsPath(dir), { withFileTypes: true }) as unknown as Array<Dirent<string>>;
      // A name that is not UTF-8 came back with U+FFFD: list again as bytes, to keep every name exact.
      if (entries.some((e) => e.name.includes('\ufffd'))) entries = exactEntries(dir);
    } catch (e) {
      this.notes.push(
        `${quotePath(prefix === '' ? '.' : prefix.slice(0, -1))}: skipped: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const e of entries) {
      const name = e.name;
      if (e.isDirectory()) {
        if (name !== '.git') subdirs.push(prefix + name + '/');
      } else if (e.isFile()) {
        if (this.takes(name)) {
          const path = prefix + name;
          if (!this.named.has(path)) this.pending.push(path);
        }
      } else if (e.isSymbolicLink() && this.notesLink(name)) {
        const note = symlinkNote(prefix + name, root);
        if (note) this.notes.push(note);
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) this.stack.push([subdirs[i]!, root]);
  }

  /** A regular file of this name is scanned. */
  takes(name: string): boolean {
    return isKbuildName(name) ? this.kbuild : this.wanted(name);
  }

  /** A symbolic link of this name is looked at: it may stand for a file or directory to scan. */
  private notesLink(name: string): boolean {
    return isKbuildName(name) || this.wanted(name) || !name.includes('.');
  }

  private wanted(name: string): boolean {
    for (const x of this.extensions) if (name.endsWith(x)) return true;
    return false;
  }
}

/** A directory's entries with names decoded byte-exact (quote-path.ts: nameFromBytes). */
function exactEntries(dir: string): Array<Dirent<string>> {
  return readdirSync(fsPath(dir), { withFileTypes: true, encoding: 'buffer' }).map((e) => {
    Object.defineProperty(e, 'name', { value: nameFromBytes(e.name) });
    return e as unknown as Dirent<string>;
  });
}

/** The note on a symbolic link below `root` (a real path): dangling, or out of the tree. */
function symlinkNote(path: string, root: string): string | undefined {
  let target: string;
  try {
    // realpathSync.native: the JS realpath turns a Buffer path into a (lossy) string.
    target = nameFromBytes(realpathSync.native(fsPath(path), { encoding: 'buffer' }));
  } catch {
    return `${quotePath(path)}: dangling symbolic link, skipped`;
  }
  const rel = relative(root, target);
  if (rel.startsWith('..') || isAbsolute(rel))
    return `${quotePath(path)}: symbolic link out of the tree (to ${quotePath(target)}), not followed`;
  // Inside the tree: its target is scanned where it lives.
  return undefined;
}

/** What path.join(dir, name) puts before `name`: the normalised directory and a '/'. */
function prefixOf(dir: string): string {
  const n = normalize(dir);
  if (n === '.' || n === './') return '';
  return n.endsWith('/') ? n : n + '/';
}
