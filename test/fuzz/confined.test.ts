/* Property: whatever links a host dump holds, ConfinedRoot never resolves or reads outside the root. */
import { describe, it, expect, afterAll } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { ConfinedRoot } from '../../src/io/confined.js';
import { params } from './support.js';

const base = mkdtempSync(join(tmpdir(), 'nbp-fuzz-confined-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const SECRET = 'SECRET-FUZZ-OUTSIDE';
writeFileSync(join(base, 'secret'), SECRET);
mkdirSync(join(base, 'outdir'));
writeFileSync(join(base, 'outdir', 'f'), SECRET);

const seg = fc.constantFrom('a', 'b', 'c', 'f', '..', '.', 'secret', 'outdir');
const relPath = fc.array(seg, { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));
/** Link targets: relative, absolute inside the root (`$R`), absolute outside (`$B`). */
const target = fc.oneof(
  relPath,
  relPath.map((p) => `$R/${p}`),
  relPath.map((p) => `$B/${p}`),
  fc.constantFrom('/', '/etc/passwd', '/dev/zero', '$B', '$R/..'),
);
const entry = fc.tuple(
  fc.array(fc.constantFrom('a', 'b', 'c', 'f'), { minLength: 1, maxLength: 3 }),
  fc.oneof(fc.constant<'file' | 'dir'>('file'), fc.constant<'file' | 'dir'>('dir'), target),
);

let n = 0;
describe('ConfinedRoot under random symbolic links', () => {
  it('resolves only below the root and never reads a byte from outside', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 12 }),
        fc.array(relPath, { minLength: 1, maxLength: 6 }),
        (entries, probes) => {
          const root = join(base, `r${n++}`);
          mkdirSync(root);
          for (const [parts, what] of entries) {
            const abs = join(root, ...parts);
            try {
              mkdirSync(dirname(abs), { recursive: true });
              if (what === 'file') writeFileSync(abs, 'inside');
              else if (what === 'dir') mkdirSync(abs, { recursive: true });
              else symlinkSync(what.replace('$R', root).replace('$B', base), abs);
            } catch {
              // a path already taken by another entry: keep the first
            }
          }
          const c = new ConfinedRoot(root);
          for (const p of probes) {
            const r = c.resolve(p);
            if (r.ok) expect(r.abs === c.real || r.abs.startsWith(c.real + '/')).toBe(true);
            const read = c.readFile(p, 1 << 10);
            expect(read.ok ? read.bytes.toString() : JSON.stringify(read)).not.toContain(SECRET);
            if (!r.ok) expect(c.list(p)).toEqual([]);
          }
        },
      ),
      params(),
    );
  });
});
