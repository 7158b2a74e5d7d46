/*
 * Which kind of file lint-source takes a path for (file-kind.ts): the walk, the batch linter,
 * the scanner and the pre-commit hook all decide through it.
 */
import { describe, expect, it } from 'vitest';
import { isHeader, isKbuildName, isKbuildPath, kindOf } from '../../src/lint/source/scanning/file-kind.js';
import { classifyPath } from '../../src/hook/classify.js';

describe('file kinds', () => {
  it('names Kbuild makefiles and their suffixed variants, nothing else', () => {
    for (const n of ['Makefile', 'Kbuild', 'Makefile.lib', 'Kbuild.include', 'Makefile.'])
      expect(isKbuildName(n), n).toBe(true);
    for (const n of ['makefile', 'GNUmakefile', 'Makefile-old', 'xMakefile', 'Kconfig'])
      expect(isKbuildName(n), n).toBe(false);
  });

  it('reads the base name: kindOf splits on / and \\, a walked path only on /', () => {
    expect(kindOf('drivers/net/Makefile')).toBe('kbuild');
    expect(kindOf('drivers\\net\\Kbuild')).toBe('kbuild');
    expect(kindOf('drivers/net/xen-netback/netback.c')).toBe('c');
    expect(isKbuildPath('drivers/net/Makefile')).toBe(true);
    // On Linux a backslash is part of a name: `a\Makefile.c` is a C file the walk found.
    expect(isKbuildPath('dir/a\\Makefile.c')).toBe(false);
    expect(isKbuildPath('Kbuild')).toBe(true);
  });

  it('takes .h and .H for headers', () => {
    for (const p of ['x.h', 'a/b.H', '.h']) expect(isHeader(p), p).toBe(true);
    for (const p of ['x.c', 'x.hh', 'h', 'x.h.c', '']) expect(isHeader(p), p).toBe(false);
  });

  it('gives the hook the same Kbuild names', () => {
    expect(classifyPath('net/mac80211/Makefile')).toBe('source');
    expect(classifyPath('scripts/Kbuild.include')).toBe('source');
    expect(classifyPath('Makefile-old')).toBeUndefined();
  });
});
