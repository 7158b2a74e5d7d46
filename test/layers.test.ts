/* The folders are layers and imports run down (scripts/check-layers.mjs holds the ranking). */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs script without types
import { cycles, importsOf, LAYERS, placeOf, sourceFiles, violations } from '../scripts/check-layers.mjs';

type Files = Array<[string, string]>;
const check = violations as (files: Files) => string[];
const loops = cycles as (files: Files) => string[][];

describe('layering', () => {
  it('no module of src/ or rules/ imports up or sideways, and every one is in a layer', () => {
    const files = (sourceFiles as (root: string) => Files)(join(__dirname, '..'));
    expect(files.length).toBeGreaterThan(100);
    expect(check(files)).toEqual([]);
    expect(loops(files)).toEqual([]);
  });

  it('finds import cycles, direct and round a loop, and nothing in a chain', () => {
    const mod = (path: string, ...to: string[]): [string, string] => [
      path,
      to.map((t) => `import { x } from '${t}';`).join('\n'),
    ];
    expect(loops([mod('src/a/x.ts', './y.js'), mod('src/a/y.ts', './x.js')])).toEqual([['src/a/x.ts', 'src/a/y.ts']]);
    expect(
      loops([
        mod('src/a/x.ts', './y.js'),
        mod('src/a/y.ts', './z.js'),
        mod('src/a/z.ts', './x.js'),
        mod('src/a/w.ts', './x.js'),
      ]),
    ).toEqual([['src/a/x.ts', 'src/a/y.ts', 'src/a/z.ts']]);
    expect(loops([mod('src/a/x.ts', './y.js'), mod('src/a/y.ts', './z.js'), mod('src/a/z.ts')])).toEqual([]);
  });

  it.each([
    [
      'an engine importing its rules',
      'src/lint/config/lint.ts',
      "import { X } from '../../../rules/config/index.js';",
      /up to rules/,
    ],
    [
      'the patch engine importing an era',
      'src/patch/series.ts',
      "import type { T } from '../targets/target.js';",
      /up to src\/targets/,
    ],
    [
      'one engine importing another',
      'src/patch/locate.ts',
      "import { scanC } from '../lint/source/scanning/scan.js';",
      /sideways into src\/lint/,
    ],
    [
      'a module below commands/ importing from it',
      'src/dsl/init.ts',
      "const m = await import('../commands/run-action.js');",
      /up to src\/commands/,
    ],
    [
      'a lint-source stage importing the stage above it',
      'src/lint/source/scanning/scan.ts',
      "import { isHeader } from '../selection/file-kind.js';",
      /up to src\/lint\/source\/selection \(layer 3\) from src\/lint\/source\/scanning \(layer 4\)/,
    ],
    [
      'a lint-source stage importing the runners',
      'src/lint/source/selection/walk.ts',
      "import type { Runner } from '../running/runner.js';",
      /up to src\/lint\/source\/running/,
    ],
    [
      'a lint-source stage importing its neighbour',
      'src/lint/source/selection/prefilter.ts',
      "import type { SourceRule } from '../rule.js';",
      /sideways into src\/lint\/source\/rule.ts/,
    ],
    ['a side-effect import', 'src/io/x.ts', "import '../dsl/policy.js';", /up to src\/dsl/],
    ['a re-export', 'src/core/x.ts', "export * from '../io/stdout.js';", /up to src\/io/],
  ])('catches %s', (_label, path, line, message) => {
    const bad = check([[path, line]]);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(message);
  });

  it.each([
    ['down a layer', 'src/patch/series.ts', "import { a } from '../dsl/policy.js';"],
    ['within a folder', 'src/lint/source/index.ts', "import { a } from '../format/index.js';"],
    ['down the lint-source stages', 'src/lint/source/running/engine.ts', "import { a } from '../scanning/scan.js';"],
    ['within a lint-source stage', 'src/lint/source/scanning/scan.ts', "import { a } from './file-kind.js';"],
    ['a package', 'src/io/stdout.ts', "import { a } from 'node:fs';"],
  ])('allows %s', (_label, path, line) => {
    expect(check([[path, line]])).toEqual([]);
  });

  it('names a file no layer holds, and one no stage of a layered folder holds', () => {
    expect(check([['src/newfolder/x.ts', '']])).toEqual([expect.stringMatching(/src\/newfolder\/x.ts: in no layer/)]);
    expect(check([['src/lint/source/newstage/x.ts', '']])).toEqual([
      expect.stringMatching(/src\/lint\/source\/newstage\/x.ts: in no layer \(add its folder to INNER_LAYERS/),
    ]);
  });

  it('reads .js specifiers as the .ts sources and places them', () => {
    expect((importsOf as (p: string, t: string) => string[])('src/patch/a.ts', "import { x } from './b.js';")).toEqual([
      'src/patch/b.ts',
    ]);
    expect((placeOf as (p: string) => [number, string])('rules/source/x.ts')[1]).toBe('rules');
    expect((LAYERS as string[][]).flat()).toContain('src/c');
  });
});
