/*
 * Reads under a root directory that may have been made by someone else (a host dump given to
 * `doctor --root`): nothing outside the root is ever read. A host path is resolved one component
 * at a time below the root's real path, each lstat'ed; a symbolic link is followed only when its
 * target stays below the root (an absolute target must name a place under the root's own path),
 * `..` never climbs above the root, and only regular files are read, opened without following a
 * link and non-blocking, at most `limit` bytes. See docs/threat-model.md.
 */
import { closeSync, lstatSync, readdirSync, readlinkSync, realpathSync, type Stats } from 'node:fs';
import { resolve as resolvePath, sep } from 'node:path';
import { NetbackError } from '../core/errors.js';
import { fsPath, nameFromBytes, quotePath } from '../core/quote-path.js';
import { DEFAULT_MAX_INPUT, errnoWords, gunzipBounded, kindOfStats, openRegular, readFdBounded } from './bounded.js';

/** Why a path under the root was not read. */
export type Refusal =
  | { status: 'missing'; detail?: string }
  | { status: 'unreadable'; detail: string }
  /** A link out of the root, a FIFO, a device, ...: not followed or not read, on purpose. */
  | { status: 'refused'; detail: string };

export type Resolved = { ok: true; abs: string; stats: Stats } | ({ ok: false } & Refusal);
export type Read = { ok: true; bytes: Buffer } | ({ ok: false } & Refusal);

/** Symbolic links followed in one resolution at most (as the kernel's MAXSYMLINKS). */
const MAX_LINKS = 40;

export class ConfinedRoot {
  /** The root's real path: every path read starts with it. */
  readonly real: string;
  /** The root as given, made absolute (an absolute link may spell the root this way). */
  private readonly given: string;

  /** Throws a NetbackError when the root is not a directory. */
  constructor(root: string) {
    let real: string;
    try {
      real = realpathSync(root);
      if (!lstatSync(real).isDirectory()) throw new Error('not a directory');
    } catch {
      const hint = "--root names the host's / (default /)";
      throw new NetbackError('bad-root', 'not a directory', { file: root, hint });
    }
    this.real = real;
    this.given = resolvePath(root);
  }

  /** Where `hostPath` (`/proc/cmdline`) lives under the root, resolved without ever leaving it. */
  resolve(hostPath: string): Resolved {
    const done: string[] = [];
    const todo = parts(hostPath);
    let links = 0;
    while (todo.length) {
      const c = todo.shift()!;
      if (c === '..') {
        if (!done.length) return { ok: false, status: 'refused', detail: `'..' would leave the root` };
        done.pop();
        continue;
      }
      const abs = this.join([...done, c]);
      let st: Stats;
      try {
        st = lstatSync(fsPath(abs));
      } catch (e) {
        return refusalOf(e);
      }
      if (st.isSymbolicLink()) {
        if (++links > MAX_LINKS) return { ok: false, status: 'unreadable', detail: 'too many symbolic links' };
        let target: string;
        try {
          target = nameFromBytes(readlinkSync(fsPath(abs), { encoding: 'buffer' }));
        } catch (e) {
          return refusalOf(e);
        }
        if (target.startsWith('/')) {
          const under = this.under(target);
          if (under === undefined) return outside(target);
          done.length = 0;
          todo.unshift(...parts(under));
        } else {
          // A relative target: from the link's own directory; `..` is checked as it is walked.
          let depth = done.length;
          for (const p of parts(target)) if ((depth += p === '..' ? -1 : 1) < 0) return outside(target);
          todo.unshift(...parts(target));
        }
        continue;
      }
      if (todo.length && !st.isDirectory()) return { ok: false, status: 'missing', detail: 'not a directory' };
      done.push(c);
    }
    const abs = this.join(done);
    try {
      return { ok: true, abs, stats: lstatSync(fsPath(abs)) };
    } catch (e) {
      return refusalOf(e);
    }
  }

  /**
   * The bytes of a regular file under the root (gzip undone, both within `limit`), or why not.
   * `raise`: how the user raises the limit, added to a too-large refusal.
   */
  readFile(hostPath: string, limit = DEFAULT_MAX_INPUT, raise?: string): Read {
    const r = this.resolve(hostPath);
    if (!r.ok) return r;
    if (!r.stats.isFile()) return { ok: false, status: 'refused', detail: `${kindOfStats(r.stats)}, not read` };
    let fd: number | undefined;
    try {
      const opened = openRegular(fsPath(r.abs), hostPath, true);
      fd = opened.fd;
      // The file opened must be the one resolved (not swapped for another since).
      if (opened.stats.ino !== r.stats.ino || opened.stats.dev !== r.stats.dev) {
        return { ok: false, status: 'refused', detail: 'changed while being read' };
      }
      return { ok: true, bytes: gunzipBounded(readFdBounded(fd, limit, hostPath, raise), limit, hostPath, raise) };
    } catch (e) {
      if (e instanceof NetbackError) {
        const detail = e.hint ? `${e.message} (${e.hint})` : e.message;
        return { ok: false, status: e.code === 'too-large' ? 'refused' : 'unreadable', detail };
      }
      return refusalOf(e);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** Names in a directory under the root (sorted; [] when it is not a readable directory). */
  list(hostPath: string): string[] {
    const r = this.resolve(hostPath);
    if (!r.ok || !r.stats.isDirectory()) return [];
    try {
      return readdirSync(fsPath(r.abs), { encoding: 'buffer' }).map(nameFromBytes).sort();
    } catch {
      return [];
    }
  }

  /** Whether `hostPath` resolves (without leaving the root) to something that exists. */
  exists(hostPath: string): boolean {
    return this.resolve(hostPath).ok;
  }

  private join(components: string[]): string {
    if (!components.length) return this.real;
    return (this.real === sep ? '' : this.real) + sep + components.join(sep);
  }

  /** An absolute link target as a path below the root, or undefined when it is outside. */
  private under(target: string): string | undefined {
    for (const base of [this.real, this.given]) {
      if (base === sep) return target;
      if (target === base) return '/';
      if (target.startsWith(base + sep)) return target.slice(base.length);
    }
    return undefined;
  }
}

function parts(p: string): string[] {
  return p.split('/').filter((c) => c !== '' && c !== '.');
}

function outside(target: string): { ok: false } & Refusal {
  const detail = `symbolic link to ${quotePath(target)} leaves the root, not followed`;
  return { ok: false, status: 'refused', detail };
}

function refusalOf(e: unknown): { ok: false } & Refusal {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, status: 'missing' };
  const denied = code === 'EACCES' || code === 'EPERM';
  return { ok: false, status: 'unreadable', detail: denied ? 'permission denied (run as root?)' : errnoWords(e) };
}
