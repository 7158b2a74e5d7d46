import { describe, it, expect, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { readTextInput } from '../../src/io/read-input.js';
import { formatSize, parseSize } from '../../src/io/bounded.js';
import { NetbackError, formatError } from '../../src/core/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'nbp-bounded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, data: string | Buffer) => {
  writeFileSync(join(dir, name), data);
  return join(dir, name);
};

describe('readTextInput refuses what never ends or is too large', () => {
  // [path, limit, the one line the CLI prints]
  const rows: Array<[string, () => string, number | undefined, RegExp]> = [
    [
      'a character device',
      () => '/dev/zero',
      undefined,
      /: \/dev\/zero: error: is a character device, expected a regular file \(to read a pipe or device on purpose, give '-'/,
    ],
    [
      'a FIFO',
      () => (execFileSync('mkfifo', [join(dir, 'fifo')]), join(dir, 'fifo')),
      undefined,
      /fifo: error: is a FIFO \(named pipe\), expected a regular file/,
    ],
    ['a directory', () => dir, undefined, /error: is a directory, expected a regular file/],
    [
      'a file over the limit',
      () => file('big', 'x'.repeat(2000)),
      1024,
      /big: error: larger than the 1 KiB input limit \(raise it\)$/,
    ],
    [
      'gzip inflating over the limit',
      () => file('bomb.gz', gzipSync(Buffer.alloc(5000, 0x41))),
      4096,
      /bomb\.gz: error: decompresses to more than the 4 KiB input limit \(raise it\)$/,
    ],
    [
      'corrupt gzip',
      () => file('bad.gz', Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3])),
      undefined,
      /bad\.gz: error: corrupt gzip data/,
    ],
    ['a missing file', () => join(dir, 'nope'), undefined, /nope: error: cannot read: no such file$/],
    ['a name with a newline', () => join(dir, 'a\nb'), undefined, /: "\/.*\/a\\nb": error: cannot read: no such file$/],
  ];
  it.each(rows)('%s', (_what, path, limit, line) => {
    let err: unknown;
    try {
      readTextInput(path(), { ...(limit ? { maxSize: limit } : {}), raise: 'raise it' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NetbackError);
    expect(formatError(err as NetbackError)).toMatch(line);
    expect(formatError(err as NetbackError)).not.toContain('\n');
  });

  it('reads exactly up to the limit, gzip included', () => {
    expect(readTextInput(file('edge', 'x'.repeat(1024)), { maxSize: 1024 })).toHaveLength(1024);
    expect(readTextInput(file('edge.gz', gzipSync('y'.repeat(4096))), { maxSize: 4096 })).toHaveLength(4096);
  });
});

describe('size flags', () => {
  it.each([
    ['65536', 65536],
    ['64K', 64 << 10],
    ['64M', 64 << 20],
    ['1g', 1 << 30],
    ['8MiB', 8 << 20],
  ] as const)('%s is %i bytes', (v, n) => expect(parseSize('--x', v, 2 ** 31)).toBe(n));
  it.each(['', '0', '-1', '1.5M', 'big', '9999999999999999999', '64T'])('rejects %j', (v) =>
    expect(() => parseSize('--x', v)).toThrow(NetbackError),
  );
  it('refuses more than the ceiling, naming it', () =>
    expect(() => parseSize('--max-input-size', '1G')).toThrow(/at most 512 MiB/));
  it('prints sizes the way the flags take them', () => {
    expect([formatSize(64 << 20), formatSize(4096), formatSize(1500)]).toEqual(['64 MiB', '4 KiB', '1500 bytes']);
  });
});
