/*
 * The few git plumbing calls the hook needs. Staged content comes from the index (blob ids from
 * `git diff --cached --raw`, bytes from one `git cat-file --batch`), never from the work tree, so
 * a partially staged file is linted as it will be committed.
 */
import { spawnSync } from 'node:child_process';
import { NetbackError } from '../core/errors.js';

export function git(args: string[], cwd: string, input?: Buffer | string): Buffer {
  const r = spawnSync('git', args, { cwd, input, maxBuffer: 1 << 30 });
  if (r.error) {
    throw new NetbackError('git-missing', `cannot run git: ${r.error.message}`, { hint: 'install git' });
  }
  if (r.status !== 0) {
    const msg = r.stderr.toString().trim().split('\n')[0] || `git ${args[0]} failed`;
    throw new NetbackError('git-failed', `git ${args.join(' ')}: ${msg}`, {
      hint: /not a git repository/.test(msg) ? 'run this inside a git repository' : undefined,
    });
  }
  return r.stdout;
}

export interface StagedFile {
  /** Path in the commit (the new path of a rename or copy). */
  path: string;
  /** A, M, R, C or T. */
  status: string;
  /** The old path of a rename or copy. */
  from?: string;
  /** Blob id of the staged content. */
  blob: string;
  mode: string;
}

/**
 * Files added, modified, renamed, copied or retyped in the index relative to HEAD (the empty tree
 * before the first commit). Deleted files have nothing to lint; symlinks and submodules are not text.
 */
export function stagedFiles(cwd: string): StagedFile[] {
  const out = git(
    ['diff', '--cached', '--raw', '-z', '--find-renames', '--diff-filter=ACMRT', '--no-ext-diff', '--no-textconv'],
    cwd,
  )
    .toString('utf8')
    .split('\0');
  const files: StagedFile[] = [];
  for (let i = 0; i < out.length - 1;) {
    const meta = out[i++]!;
    // ":100644 100644 <old> <new> M" / "... R087"
    const m = /^:(\d+) (\d+) [0-9a-f]+ ([0-9a-f]+) ([A-Z])\d*$/.exec(meta);
    if (!m) break;
    const [, , mode, blob, status] = m as unknown as [string, string, string, string, string];
    const from = status === 'R' || status === 'C' ? out[i++] : undefined;
    const path = out[i++]!;
    if (mode !== '100644' && mode !== '100755') continue;
    files.push({ path, status, blob, mode, ...(from !== undefined ? { from } : {}) });
  }
  return files;
}

/** The sizes of many blobs with one `git cat-file --batch-check`: blob id -> bytes. */
export function blobSizes(ids: string[], cwd: string): Map<string, number> {
  const map = new Map<string, number>();
  const unique = [...new Set(ids)];
  if (!unique.length) return map;
  // One answer line per id, in order (ids may be abbreviated; the answers carry full ones).
  const lines = git(['cat-file', '--batch-check'], cwd, unique.join('\n') + '\n')
    .toString('utf8')
    .split('\n');
  unique.forEach((id, i) => {
    const m = /^[0-9a-f]+ blob (\d+)$/.exec(lines[i] ?? '');
    if (m) map.set(id, Number(m[1]));
  });
  return map;
}

/** Reads many blobs with one `git cat-file --batch` process: blob id -> bytes. */
export function readBlobs(ids: string[], cwd: string): Map<string, Buffer> {
  const map = new Map<string, Buffer>();
  const unique = [...new Set(ids)];
  if (!unique.length) return map;
  const buf = git(['cat-file', '--batch'], cwd, unique.join('\n') + '\n');
  let at = 0;
  for (const id of unique) {
    const nl = buf.indexOf(0x0a, at);
    const header = buf.subarray(at, nl).toString('utf8');
    const m = /^([0-9a-f]+) blob (\d+)$/.exec(header);
    if (!m) throw new NetbackError('git-failed', `git cat-file: unexpected '${header}' for ${id}`);
    const size = Number(m[2]);
    map.set(id, buf.subarray(nl + 1, nl + 1 + size));
    at = nl + 1 + size + 1;
  }
  return map;
}

/** Top of the work tree. */
export function topLevel(cwd: string): string {
  return git(['rev-parse', '--show-toplevel'], cwd).toString('utf8').trim();
}

/** The hooks directory git will run from: honours core.hooksPath and linked worktrees. */
export function hooksDir(cwd: string): string {
  return git(['rev-parse', '--path-format=absolute', '--git-path', 'hooks'], cwd).toString('utf8').trim();
}

/** A config value, or undefined when unset. */
export function gitConfig(key: string, cwd: string): string | undefined {
  const r = spawnSync('git', ['config', '--get', key], { cwd });
  return r.status === 0 ? r.stdout.toString('utf8').trim() : undefined;
}

/** The staged content of one path, or undefined when the index has no such file. */
export function stagedBlob(path: string, cwd: string): Buffer | undefined {
  const r = spawnSync('git', ['cat-file', 'blob', `:${path}`], { cwd, maxBuffer: 1 << 26 });
  return r.status === 0 ? r.stdout : undefined;
}
