import { describe, it, expect, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { ConfinedRoot } from '../../src/io/confined.js';
import { NetbackError } from '../../src/core/errors.js';

const base = mkdtempSync(join(tmpdir(), 'nbp-confined-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const SECRET = 'SECRET-OUTSIDE-THE-ROOT';
writeFileSync(join(base, 'secret'), SECRET);
const root = join(base, 'root');

/** Builds the root: a string is a file's text, `{ link }` a symbolic link, `{ fifo }` a FIFO. */
type Node = string | Buffer | { link: string } | { fifo: true } | { dir: true };
function build(tree: Record<string, Node>): void {
  for (const [p, n] of Object.entries(tree)) {
    const abs = join(root, p);
    mkdirSync(dirname(abs), { recursive: true });
    if (typeof n === 'string' || Buffer.isBuffer(n)) writeFileSync(abs, n);
    else if ('link' in n) symlinkSync(n.link.replace('$BASE', base).replace('$ROOT', root), abs);
    else if ('fifo' in n) execFileSync('mkfifo', [abs]);
    else mkdirSync(abs, { recursive: true });
  }
}
build({
  'etc/plain': 'plain\n',
  'etc/rel-in': { link: 'plain' },
  'etc/abs-in': { link: '$ROOT/etc/plain' },
  'etc/dir-link': { link: '../etc' },
  'etc/abs-out': { link: '$BASE/secret' },
  'etc/rel-out': { link: '../../secret' },
  'etc/deep-out': { link: 'sub/../../../secret' },
  'etc/via-root': { link: '/etc/passwd' },
  'etc/chain': { link: 'rel-out' },
  'etc/loop': { link: 'loop' },
  'etc/dangling': { link: 'nothing-here' },
  'etc/sub': { dir: true },
  'etc/fifo': { fifo: true },
  'etc/gz': gzipSync('inflated\n'),
  'etc/bomb': gzipSync(Buffer.alloc(4 << 20)),
  'proc/through-out/x': 'x',
  'proc/outdir': { link: '$BASE' },
});

describe('ConfinedRoot.readFile: only regular files below the root are read', () => {
  const c = new ConfinedRoot(root);
  // [host path, status or the text read, detail pattern]
  const rows: Array<[string, string, RegExp?]> = [
    ['/etc/plain', 'plain\n'],
    ['etc/plain', 'plain\n'],
    ['/etc/rel-in', 'plain\n'],
    ['/etc/abs-in', 'plain\n'],
    ['/etc/dir-link/plain', 'plain\n'],
    ['/etc/sub/../plain', 'plain\n'],
    ['/etc/gz', 'inflated\n'],
    ['/etc/abs-out', 'refused', /symbolic link to .*secret leaves the root, not followed/],
    ['/etc/rel-out', 'refused', /symbolic link to \.\.\/\.\.\/secret leaves the root/],
    ['/etc/deep-out', 'refused', /leaves the root|would leave the root/],
    ['/etc/via-root', 'refused', /symbolic link to \/etc\/passwd leaves the root/],
    ['/etc/chain', 'refused', /leaves the root/],
    ['/proc/outdir/secret', 'refused', /leaves the root/],
    ['/../secret', 'refused', /would leave the root/],
    ['/etc/../../secret', 'refused', /would leave the root/],
    ['/etc/loop', 'unreadable', /too many symbolic links/],
    ['/etc/dangling', 'missing'],
    ['/etc/none', 'missing'],
    ['/etc/plain/below', 'missing'],
    ['/etc/sub', 'refused', /a directory, not read/],
    ['/etc/fifo', 'refused', /a FIFO \(named pipe\), not read/],
    ['/etc/bomb', 'refused', /decompresses to more than the 1 MiB input limit/],
  ];
  it.each(rows)('%s → %s', (path, want, detail) => {
    const r = c.readFile(path, 1 << 20);
    if (r.ok) {
      expect(r.bytes.toString()).toBe(want);
      return;
    }
    expect(r.status).toBe(want);
    if (detail) expect('detail' in r ? r.detail : '').toMatch(detail);
    expect(JSON.stringify(r)).not.toContain(SECRET);
  });

  it('a file over the limit is refused, with the hint given', () => {
    const r = c.readFile('/etc/plain', 3, 'raise it with --max-input-size');
    expect(r).toMatchObject({
      ok: false,
      status: 'refused',
      detail: 'larger than the 3 bytes input limit (raise it with --max-input-size)',
    });
  });

  it('lists directories below the root only', () => {
    expect(c.list('/etc/sub')).toEqual([]);
    expect(c.list('/etc/dir-link')).toContain('plain');
    expect(c.list('/proc/outdir')).toEqual([]);
    expect(c.exists('/proc/outdir')).toBe(false);
    expect(c.exists('/etc/rel-in')).toBe(true);
  });

  it('/ as the root reads the host itself, absolute links included', () => {
    const host = new ConfinedRoot('/');
    expect(host.resolve(join(root, 'etc/abs-out'))).toMatchObject({ ok: true, abs: join(base, 'secret') });
  });

  it('a root that is not a directory is a usage error', () => {
    expect(() => new ConfinedRoot(join(root, 'etc/plain'))).toThrow(NetbackError);
    expect(() => new ConfinedRoot(join(root, 'nowhere'))).toThrow(/not a directory/);
  });
});
