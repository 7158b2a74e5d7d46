/*
 * Writing a generated directory (the patch series) without ever losing what someone else put
 * there. The directory carries a manifest of the files we wrote and their hashes; it is replaced
 * only when it holds nothing else and nothing in it was edited. Otherwise the run is refused
 * naming those files, or with `force` the old directory is moved aside (never deleted).
 * Runs into one directory take turns through a lock file beside it; the new content is built in
 * a temporary sibling (mode from the umask) and renamed into place, so a reader sees the old or
 * the new series, never a mix, and a failure or a signal leaves no temporary directory behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { NetbackError, systemReason } from '../core/errors.js';
import { moveAside } from './backup.js';
import { removeOnAbort, removeQuietly } from './cleanup.js';
import { takeLock } from './lock.js';
import { mkdirp } from './mkdirp.js';

export const MANIFEST = '.netback-policy-manifest.json';

interface Manifest {
  tool: 'netback-policy';
  /** File name -> sha256 of the bytes written. */
  files: Record<string, string>;
}

const sha256 = (b: string | Buffer): string => createHash('sha256').update(b).digest('hex');

export interface DirWriteResult {
  /** Where the old content went, when it was not ours and `force` moved it aside. */
  movedAside?: string;
}

/**
 * Every entry under `dir` as a relative path: files (and anything not a plain directory) listed,
 * directories walked.
 */
function entriesUnder(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, prefix)).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (lstatSync(join(dir, rel)).isDirectory()) {
      const inner = entriesUnder(dir, rel);
      out.push(...(inner.length ? inner : [`${rel}/`]));
    } else out.push(rel);
  }
  return out;
}

/** What in an existing directory is not ours to replace: files we did not write, or edited since. */
export function foreignEntries(dir: string): string[] {
  const entries = entriesUnder(dir);
  if (!entries.length) return [];
  let manifest: Manifest | undefined;
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
    if (m?.tool === 'netback-policy' && m.files && typeof m.files === 'object') manifest = m;
  } catch {
    manifest = undefined;
  }
  if (!manifest) return entries;
  const out: string[] = [];
  for (const name of entries) {
    if (name === MANIFEST) continue;
    const want = Object.hasOwn(manifest.files, name) ? manifest.files[name] : undefined;
    if (!want) out.push(name);
    else if (!isFileWithHash(join(dir, name), want)) out.push(`${name} (edited)`);
  }
  return out;
}

/** A generated file's relative name: plain segments, none hidden, none `.`/`..`. */
function validName(name: string): boolean {
  return name !== MANIFEST && name.split('/').every((seg) => seg !== '' && !seg.startsWith('.'));
}

function isFileWithHash(path: string, hash: string): boolean {
  try {
    return lstatSync(path).isFile() && sha256(readFileSync(path)) === hash;
  } catch {
    return false;
  }
}

function listed(names: string[]): string {
  const shown = names
    .slice(0, 5)
    .map((n) => JSON.stringify(n))
    .join(', ');
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}

/** Fails unless `target` is absent, empty or ours; returns whether the old content must be kept aside. */
function checkTarget(target: string, shown: string, force: boolean): boolean {
  let st;
  try {
    st = lstatSync(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  if (!st.isDirectory()) {
    if (!force)
      throw new NetbackError('out-not-dir', 'exists and is not a directory', {
        file: shown,
        hint: 'choose another --out',
      });
    return true;
  }
  const foreign = foreignEntries(target);
  if (!foreign.length) return false;
  if (!force) {
    throw new NetbackError('out-not-ours', `holds files netback-policy did not write: ${listed(foreign)}`, {
      file: shown,
      hint: 'choose another --out, or pass --force to move the old content aside',
    });
  }
  return true;
}

/**
 * Replaces directory `outDir` with exactly `files` (plus the manifest). `shown` is the path as
 * the user gave it, for messages.
 */
export function writeOwnedDir(
  outDir: string,
  files: Map<string, string | Buffer>,
  opts: { force?: boolean } = {},
): DirWriteResult {
  const target = resolve(outDir);
  const parent = dirname(target);
  try {
    mkdirp(parent);
    const release = takeLock(join(parent, `.${basename(target)}.netback-policy-lock`), outDir);
    try {
      return replace(target, outDir, files, opts.force === true);
    } finally {
      release();
    }
  } catch (e) {
    throw asWriteError(e, outDir);
  }
}

function replace(target: string, shown: string, files: Map<string, string | Buffer>, force: boolean): DirWriteResult {
  const keepOld = checkTarget(target, shown, force);
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const forget = removeOnAbort(tmp);
  try {
    mkdirSync(tmp, { mode: 0o777 }); // the umask decides, as for any directory the user makes
    const manifest: Manifest = { tool: 'netback-policy', files: {} };
    for (const [name, content] of files) {
      if (!validName(name)) throw new Error(`bad output name ${name}`);
      if (name.includes('/')) mkdirSync(dirname(join(tmp, name)), { recursive: true, mode: 0o777 });
      writeFileSync(join(tmp, name), content);
      manifest.files[name] = sha256(content);
    }
    writeFileSync(join(tmp, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    let movedAside: string | undefined;
    let old: string | undefined;
    if (keepOld) movedAside = moveAside(target);
    else if (exists(target)) renameSync(target, (old = `${tmp}.old`));
    try {
      renameSync(tmp, target);
    } catch (e) {
      if (movedAside ?? old) renameSync((movedAside ?? old)!, target); // put the old content back
      throw e;
    }
    if (old) rmSync(old, { recursive: true, force: true }); // only ours, unedited: checked above
    return movedAside ? { movedAside } : {};
  } finally {
    removeQuietly(tmp);
    forget();
  }
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function asWriteError(e: unknown, shown: string): NetbackError {
  if (e instanceof NetbackError) return e;
  const why = systemReason(e);
  if (!why) throw e;
  const path = (e as NodeJS.ErrnoException).path;
  const where = path && resolve(path) !== resolve(shown) ? ` (${path})` : '';
  return new NetbackError('write-failed', `cannot write the output directory: ${why}${where}`, { file: shown });
}
