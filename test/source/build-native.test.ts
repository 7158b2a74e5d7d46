/*
 * scripts/build-native.mjs: a program from each `NAME.c` and from each directory `NAME/` (all its
 * .c files, its headers beside them); without a compiler, or when one fails, a warning on stderr,
 * no program left behind, and the build goes on (exit 0). Run on a source tree of its own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'nbp-build-native-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const src = join(tmp, 'src');
mkdirSync(join(src, 'two'), { recursive: true });
writeFileSync(join(src, 'one.c'), '#include <stdio.h>\nint main(void) { puts("one"); return 0; }\n');
writeFileSync(join(src, 'two', 'part.h'), 'const char *part(void);\n');
writeFileSync(join(src, 'two', 'part.c'), '#include "part.h"\nconst char *part(void) { return "two"; }\n');
writeFileSync(
  join(src, 'two', 'main.c'),
  '#include <stdio.h>\n#include "part.h"\nint main(void) { puts(part()); return 0; }\n',
);
writeFileSync(join(src, 'notes.txt'), 'not a program\n');
mkdirSync(join(src, 'empty'));

function build(out: string, cc?: string) {
  const env = { ...process.env };
  if (cc === undefined) delete env['CC'];
  else env['CC'] = cc;
  return spawnSync(process.execPath, [join(REPO, 'scripts', 'build-native.mjs'), src, out], { env, encoding: 'utf8' });
}

describe('build-native', () => {
  it('builds a program from each .c file and from each directory of .c files', () => {
    const out = join(tmp, 'out');
    const r = build(out);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['one', 'two']);
    expect(spawnSync(join(out, 'one'), { encoding: 'utf8' }).stdout).toBe('one\n');
    expect(spawnSync(join(out, 'two'), { encoding: 'utf8' }).stdout).toBe('two\n');
  });

  it('without a compiler: says so, removes the programs, exits 0', () => {
    const out = join(tmp, 'out');
    const r = build(out, join(tmp, 'no-such-cc'));
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^build-native: no C compiler .*no-such-cc.*in JS/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('with a compiler that fails: a warning per program, none left behind (no temporary either), exits 0', () => {
    const out = join(tmp, 'out-failing');
    expect(build(out).status).toBe(0);
    const r = build(out, 'false');
    expect(r.status).toBe(0);
    expect(r.stderr.match(/^build-native: warning: false failed on .*\/src\/(one|two):/gm)).toHaveLength(2);
    expect(readdirSync(out)).toEqual([]);
    expect(existsSync(join(out, 'one'))).toBe(false);
  });
});
