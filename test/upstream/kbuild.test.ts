/*
 * The build harness itself: the unpatched real driver builds cleanly out of tree, and the harness
 * really notices what the generated series must never introduce (a new warning, an unexported
 * symbol), so a green series test means something.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildModule, driverRepo, DRIVER, newWarnings } from '../support/kbuild.js';
import { pickHeaders } from '../support/linux-tree.js';

describe('kbuild harness (real linux-6.1 xen-netback, Debian headers)', () => {
  it('builds the unpatched module, then flags an unexported symbol and a new warning', () => {
    const repo = driverRepo();
    const base = buildModule(repo);
    expect(base.output && base.ok, base.output).toBe(true);
    expect(base.undefinedSymbols).toEqual([]);

    // kthread_bind_mask() is declared in <linux/kthread.h> but not exported to modules.
    const file = join(repo, DRIVER, 'interface.c');
    const text = readFileSync(file, 'utf8');
    const anchor = 'void xenvif_carrier_on(struct xenvif *vif)\n{\n';
    expect(text).toContain(anchor);
    writeFileSync(
      file,
      text.replace(anchor, `${anchor}\tint unused_probe;\n\n\tkthread_bind_mask(current, cpu_online_mask);\n`),
    );
    const bad = buildModule(repo);
    expect(bad.undefinedSymbols).toContain('kthread_bind_mask');
    expect(newWarnings(base.warnings, bad.warnings).join('\n')).toMatch(
      /interface\.c:.*unused variable 'unused_probe'/,
    );
  });

  it.each([
    [['a.c:1:2: warning: x'], ['a.c:9:2: warning: x'], []],
    [['a.c:1:2: warning: x'], ['a.c:1:2: warning: x', 'a.c:5:1: warning: x'], ['a.c:5:1: warning: x']],
    [[], ['b.c:3:4: warning: y'], ['b.c:3:4: warning: y']],
  ])('newWarnings(%j, %j) = %j', (before, after, expected) => {
    expect(newWarnings(before, after)).toEqual(expected);
  });
});

describe('the headers the module builds against', () => {
  const h = (abi: string, version?: string) => ({ dir: `/usr/src/linux-headers-${abi}-amd64`, version });
  it.each([
    [
      "the one whose version is the source's, not the last by name",
      '6.1.192',
      [h('6.1.0-9', '6.1.192'), h('6.1.0-57', '6.1.158'), h('6.12.0-1', '6.12.9')],
      '6.1.0-9',
    ],
    [
      'the newest ABI of the same series when none is exact',
      '6.1.192',
      [h('6.1.0-9', '6.1.27'), h('6.1.0-57', '6.1.158'), h('6.12.0-1', '6.12.9')],
      '6.1.0-57',
    ],
    ['ABIs compared as numbers', '6.1.5', [h('6.1.0-10', '6.1.1'), h('6.1.0-9', '6.1.2')], '6.1.0-10'],
    [
      'none for another series',
      '6.1.192',
      [h('6.12.0-1', '6.12.9'), h('5.10.0-30', '5.10.200'), h('6.1.0-1')],
      undefined,
    ],
  ])('%s', (_label, source, dirs, want) => {
    expect(pickHeaders(source, dirs)).toBe(want && `/usr/src/linux-headers-${want}-amd64`);
  });
});
