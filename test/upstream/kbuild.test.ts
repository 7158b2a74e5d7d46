/*
 * The build harness itself: the unpatched real driver builds cleanly out of tree, and the harness
 * really notices what the generated series must never introduce (a new warning, an unexported
 * symbol), so a green series test means something.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildModule, driverRepo, DRIVER, newWarnings } from '../support/kbuild.js';

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
    expect(newWarnings(base.warnings, bad.warnings).join('\n')).toMatch(/interface\.c:.*unused variable 'unused_probe'/);
  });

  it.each([
    [['a.c:1:2: warning: x'], ['a.c:9:2: warning: x'], []],
    [['a.c:1:2: warning: x'], ['a.c:1:2: warning: x', 'a.c:5:1: warning: x'], ['a.c:5:1: warning: x']],
    [[], ['b.c:3:4: warning: y'], ['b.c:3:4: warning: y']],
  ])('newWarnings(%j, %j) = %j', (before, after, expected) => {
    expect(newWarnings(before, after)).toEqual(expected);
  });
});
