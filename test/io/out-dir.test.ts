/*
 * The writing primitives behind --out, hook backups and every output path: what counts as ours,
 * numbered backups, the lock (a dead owner's lock is taken over), mkdirp's errors, and system errors
 * mapped to exit 2 with their path.
 */
import { describe, it, expect, afterAll } from 'vitest';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { MANIFEST, foreignEntries, writeOwnedDir } from '../../src/io/out-dir.js';
import { moveAside } from '../../src/io/backup.js';
import { takeLock } from '../../src/io/lock.js';
import { mkdirp } from '../../src/io/mkdirp.js';
import { fromSystemError, NetbackError } from '../../src/core/errors.js';

const T = mkdtempSync(join(tmpdir(), 'nbp-io-'));
afterAll(() => rmSync(T, { recursive: true, force: true }));

describe('writeOwnedDir', () => {
  it('replaces its own output, byte for byte, with a manifest of names and hashes', () => {
    const out = join(T, 'own');
    writeOwnedDir(
      out,
      new Map([
        ['series', 'a\n'],
        ['0001-x.patch', 'x'],
      ]),
    );
    writeOwnedDir(out, new Map([['series', 'b\n']]));
    expect(readdirSync(out).sort()).toEqual([MANIFEST, 'series']);
    expect(JSON.parse(readFileSync(join(out, MANIFEST), 'utf8')).files).toEqual({
      series: createHash('sha256').update('b\n').digest('hex'),
    });
    expect(foreignEntries(out)).toEqual([]);
    // The mode the umask gives, as mkdir would (not mkdtemp's 0700).
    const umask = process.umask();
    expect(statSync(out).mode & 0o777).toBe(0o777 & ~umask);
  });

  it('names foreign and edited files, and refuses them without force', () => {
    const out = join(T, 'mixed');
    writeOwnedDir(out, new Map([['series', 'a\n']]));
    writeFileSync(join(out, 'series'), 'edited\n');
    writeFileSync(join(out, 'notes.txt'), 'mine\n');
    expect(foreignEntries(out)).toEqual(['notes.txt', 'series (edited)']);
    expect(() => writeOwnedDir(out, new Map([['series', 'c\n']]))).toThrow(
      /holds files netback-policy did not write: "notes\.txt", "series \(edited\)"/,
    );
    expect(readFileSync(join(out, 'series'), 'utf8')).toBe('edited\n');
  });

  it('a forged or broken manifest makes everything foreign', () => {
    const out = join(T, 'forged');
    mkdirSync(out);
    writeFileSync(join(out, MANIFEST), '{not json');
    writeFileSync(join(out, 'a'), 'x');
    expect(foreignEntries(out)).toEqual([MANIFEST, 'a']);
  });

  it('with force moves the old directory aside; a second force takes the next backup name', () => {
    const out = join(T, 'forced');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'one');
    expect(writeOwnedDir(out, new Map([['series', 's']]), { force: true }).movedAside).toBe(
      `${out}.netback-policy-backup`,
    );
    writeFileSync(join(out, 'keep.txt'), 'two');
    expect(writeOwnedDir(out, new Map([['series', 's']]), { force: true }).movedAside).toBe(
      `${out}.netback-policy-backup.2`,
    );
    expect(readFileSync(join(`${out}.netback-policy-backup`, 'keep.txt'), 'utf8')).toBe('one');
    expect(readFileSync(join(`${out}.netback-policy-backup.2`, 'keep.txt'), 'utf8')).toBe('two');
  });
});

describe('moveAside', () => {
  it('never overwrites an earlier backup', () => {
    const f = join(T, 'hook');
    writeFileSync(`${f}.netback-policy-backup`, 'old');
    writeFileSync(f, 'new');
    expect(moveAside(f)).toBe(`${f}.netback-policy-backup.2`);
    expect(readFileSync(`${f}.netback-policy-backup`, 'utf8')).toBe('old');
    expect(existsSync(f)).toBe(false);
  });
});

describe('takeLock', () => {
  it('waits, then gives up naming the lock; a dead owner is taken over', () => {
    const lock = join(T, '.x.lock');
    const release = takeLock(lock, 'x');
    expect(() => takeLock(lock, 'x', 100)).toThrow(/another netback-policy is writing x/);
    release();
    expect(existsSync(lock)).toBe(false);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout;
    writeFileSync(lock, `${dead}\n`);
    takeLock(lock, 'x', 100)();
  });
});

describe('mkdirp and system errors', () => {
  it('a file in the way is ENOTDIR naming it; /proc ends with an error instead of looping', () => {
    writeFileSync(join(T, 'file'), 'x');
    expect(() => mkdirp(join(T, 'file', 'sub'))).toThrow(
      expect.objectContaining({ code: 'ENOTDIR', path: join(T, 'file') }),
    );
    expect(() => mkdirp('/proc/netback-policy-nope/x')).toThrow();
  });

  it('fs errors become exit-2 NetbackErrors with their path; other errors stay bugs', () => {
    let err: unknown;
    try {
      readFileSync(join(T, 'missing'));
    } catch (e) {
      err = e;
    }
    const n = fromSystemError(err);
    expect(n).toBeInstanceOf(NetbackError);
    expect([n!.exitCode, n!.file, n!.message]).toEqual([
      2,
      join(T, 'missing'),
      'cannot open: no such file or directory',
    ]);
    expect(fromSystemError(new TypeError('x'))).toBeUndefined();
  });
});
