/*
 * The config rules' machinery: Kconfig relations (who pulled an option in, the root to disable),
 * optionRule (hits at the rule's severity unless a verdict says otherwise) and the rule context
 * (an option exists from `since`, inclusive, until `until`, exclusive). Written to kill the mutants
 * of src/lint/config/relations.ts and rule.ts (bench/mutation.md); in-process.
 */
import { describe, expect, it } from 'vitest';
import { indexParents, rootsOf } from '../../src/lint/config/relations.js';
import { makeContext, optionRule } from '../../src/lint/config/rule.js';
import { parseConfig } from '../../src/lint/config/parse.js';
import { parseKernelVersion } from '../../src/lint/config/kernel-version.js';
import { parseCmdline } from '../../src/lint/config/cmdline.js';

describe('relations', () => {
  const rel = {
    selects: { A: ['B', 'C'], B: ['C', 'D'], X: ['B'] },
    dependsOn: { E: ['A'], C: ['B'], F: ['F2'], F2: ['F'], G: ['F'] },
  };
  // Built inside each test, not at collection: Stryker activates a mutant only while tests run.
  const index = () => indexParents(rel);

  it("indexes each child's parents once, select before depends on", () => {
    const idx = index();
    expect(Object.fromEntries([...idx].map(([k, v]) => [k, v.map((p) => `${p.how}:${p.parent}`)]))).toEqual({
      B: ['selects:A', 'selects:X'],
      C: ['selects:A', 'selects:B'],
      D: ['selects:B'],
      E: ['depends:A'],
      F: ['depends:F2'],
      F2: ['depends:F'],
      G: ['depends:F'],
    });
  });

  it('finds the roots above an option through the parents that are followed', () => {
    const idx = index();
    const all = () => true;
    expect(rootsOf('D', idx, all).sort()).toEqual(['A', 'X']);
    expect(rootsOf('C', idx, all).sort()).toEqual(['A', 'X']);
    expect(rootsOf('A', idx, all)).toEqual([]);
    expect(rootsOf('Z', idx, all)).toEqual([]);
    // Only enabled parents are followed: with X off, A is the only root.
    expect(rootsOf('D', idx, (p) => p.parent !== 'X')).toEqual(['A']);
    // Only "selects" followed: E has no root.
    expect(rootsOf('E', idx, (p) => p.how === 'selects')).toEqual([]);
    expect(rootsOf('E', idx, all)).toEqual(['A']);
    // A cycle is cut where it comes back to the option, which is never its own root.
    expect(rootsOf('F', idx, all)).toEqual(['F2']);
    expect(rootsOf('F2', idx, all)).toEqual(['F']);
    // A cycle above the option (F <-> F2 over G) is walked once, not forever; it names no root.
    expect(rootsOf('G', idx, all)).toEqual([]);
  });

  it('follows a parent reached twice only once', () => {
    const idx = index();
    let calls = 0;
    const roots = rootsOf('C', idx, () => (calls++, true));
    expect(roots.sort()).toEqual(['A', 'X']);
    // C -> A, B; B -> A, X; A and X have no parents: 4 parent checks.
    expect(calls).toBe(4);
  });
});

describe('rule context', () => {
  const config = parseConfig('CONFIG_A=y\nCONFIG_M=m\nCONFIG_S="str"\n# CONFIG_N is not set\nCONFIG_Z=n\n', 'c');
  const v = (s: string) => parseKernelVersion(s);
  const context = () => makeContext(config, v('4.19.0'), parseCmdline('quiet slub_debug=FZ', '/proc/cmdline'), true);

  it('reads the config and the command line', () => {
    const ctx = context();
    expect(['A', 'M', 'S', 'N', 'Z', 'Q'].map((n) => [ctx.enabled(n), ctx.stated(n), ctx.value(n)])).toEqual([
      [true, true, 'y'],
      [true, true, 'm'],
      [false, true, 'str'],
      [false, true, 'n'],
      [false, true, 'n'],
      [false, false, undefined],
    ]);
    expect(ctx.param('quiet')).toBe(true);
    expect(ctx.param('slub_debug')).toBe('FZ');
    expect(ctx.param('nope')).toBeUndefined();
    expect(makeContext(config, undefined, undefined, false).param('quiet')).toBeUndefined();
    expect([ctx.fragment, makeContext(config, undefined, undefined, false).fragment]).toEqual([true, false]);
  });

  it.each([
    [{ name: 'X' }, true],
    [{ name: 'X', since: '4.19' }, true],
    [{ name: 'X', since: '4.20' }, false],
    [{ name: 'X', until: '4.19' }, false],
    [{ name: 'X', until: '4.20' }, true],
    [{ name: 'X', since: '4.0', until: '5.0' }, true],
    [{ name: 'X', since: '5.0', until: '6.0' }, false],
  ])('on 4.19 %j exists: %s', (spec, want) => {
    expect(context().exists(spec)).toBe(want);
  });

  it('every option exists when the version is unknown', () => {
    expect(makeContext(config, undefined, undefined, false).exists({ name: 'X', since: '9.0', until: '1.0' })).toBe(
      true,
    );
  });
});

describe('optionRule', () => {
  const meta = { id: 'r', severity: 'warning' as const, summary: 'costs', why: 'w', fix: 'f' };
  const config = parseConfig('CONFIG_A=y\nCONFIG_B=m\n# CONFIG_C is not set\nCONFIG_D=y\n', 'c');
  const context = () => makeContext(config, parseKernelVersion('5.0'), undefined, false);

  it("hits every enabled option that exists, at the rule's severity, worded from the summary", () => {
    const r = optionRule({ ...meta, options: ['A', 'B', 'C', { name: 'D', since: '5.1' }, 'E'] });
    expect(r.kind).toBe('config');
    expect(r.options).toEqual([
      { name: 'A' },
      { name: 'B' },
      { name: 'C' },
      { name: 'D', since: '5.1' },
      { name: 'E' },
    ]);
    expect(r.versions).toBe('all kernels that have the options');
    expect(r.check(context())).toEqual([
      { option: 'A', severity: 'warning', message: 'CONFIG_A=y: costs' },
      { option: 'B', severity: 'warning', message: 'CONFIG_B=m: costs' },
    ]);
    expect(optionRule({ ...meta, options: ['A'], versions: 'from 2.6' }).versions).toBe('from 2.6');
    expect('verdict' in optionRule({ ...meta, options: ['A'], verdict: () => undefined })).toBe(false);
  });

  it('lets a verdict drop a hit (null), keep it (undefined) or change it', () => {
    const seen: string[] = [];
    const r = optionRule({
      ...meta,
      options: ['A', 'B', 'D'],
      verdict: (_c, o) => (
        seen.push(o),
        o === 'A' ? null : o === 'B' ? undefined : { severity: 'error', notes: ['n'] }
      ),
    });
    expect(r.check(context())).toEqual([
      { option: 'B', severity: 'warning', message: 'CONFIG_B=m: costs' },
      { option: 'D', severity: 'error', message: 'CONFIG_D=y: costs', notes: ['n'] },
    ]);
    expect(seen).toEqual(['A', 'B', 'D']);
  });
});
