#!/usr/bin/env node
// The folders of src/ and rules/ in layers, top first: a module imports only from its own folder
// or from a lower layer (never up, never sideways into another folder of its layer), and no two
// modules import each other, even round a loop. Some folders are layered inside as well
// (INNER_LAYERS). Run by test/layers.test.ts; `node scripts/check-layers.mjs` prints the
// offending imports.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LAYERS = [
  ['src/cli.ts', 'src/index.ts'], // entry points
  ['src/commands'], // the CLI: options in, exit code out
  ['src/hostconfig'], // the run-time route: host facts (doctor) + policy -> host files
  ['src/hook', 'src/doctor'], // workflows built from the linters
  ['src/linters', 'src/generate'], // engines bound to their rules / eras
  ['rules', 'src/targets'], // what to find / what to change
  ['src/lint', 'src/patch'], // the engines
  ['src/dsl'], // the policy language
  ['src/c'], // the C scanner
  ['src/version.ts'],
  ['src/io'],
  ['src/core'],
];

// Folders whose modules are layered among themselves as well, by the same rules, top first: the
// stages of one engine. An import between two modules of such a folder must also run down here.
export const INNER_LAYERS = {
  'src/lint/source': [
    ['src/lint/source/command.ts'], // the lint-source command: options in, report out
    ['src/lint/source/index.ts'], // lintSourcePaths(): the input source and its runner
    ['src/lint/source/running'], // rules over the chosen files: one file, a batch, the pool
    ['src/lint/source/selection', 'src/lint/source/rule.ts'], // which files and bytes / what a rule is
    ['src/lint/source/scanning'], // bytes to what rules read; which kind of file a path is
  ],
};

/** The layer entry a repository path belongs to: [layer index, member], or undefined. */
export function placeOf(path, layers = LAYERS) {
  for (let i = 0; i < layers.length; i++) {
    for (const m of layers[i]) if (path === m || path.startsWith(m + '/')) return [i, m];
  }
  return undefined;
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)'(\.{1,2}\/[^']+)'/g;

/** Relative imports of one file's text, as repository paths (`.js` read as the `.ts` source). */
export function importsOf(path, text) {
  const out = [];
  for (const m of text.matchAll(IMPORT)) {
    out.push(posix.normalize(posix.join(posix.dirname(path), m[1])).replace(/\.js$/, '.ts'));
  }
  return out;
}

/** The imports among `targets` that go up or sideways in `layers` from `path`, one line each. */
function wrongWay(path, targets, layers, table) {
  const from = placeOf(path, layers);
  if (!from) return [`${path}: in no layer (add its folder to ${table} in scripts/check-layers.mjs)`];
  const out = [];
  for (const target of targets) {
    const to = placeOf(target, layers);
    if (!to || to[1] === from[1] || to[0] > from[0]) continue;
    const how = to[0] === from[0] ? 'sideways into' : 'up to';
    out.push(`${path}: imports ${target}, ${how} ${to[1]} (layer ${to[0]}) from ${from[1]} (layer ${from[0]})`);
  }
  return out;
}

const under = (path, folder) => path.startsWith(folder + '/');

/**
 * Every import that goes up or sideways, in LAYERS or inside a folder of `inner` (both ends in
 * it), and every file no layer holds: one line each.
 */
export function violations(files, layers = LAYERS, inner = INNER_LAYERS) {
  const out = [];
  for (const [path, text] of files) {
    const targets = importsOf(path, text);
    const bad = wrongWay(path, targets, layers, 'LAYERS');
    for (const [folder, stages] of Object.entries(inner)) {
      if (!under(path, folder)) continue;
      const inside = targets.filter((t) => under(t, folder));
      bad.push(...wrongWay(path, inside, stages, `INNER_LAYERS['${folder}']`));
    }
    out.push(...bad);
  }
  return out;
}

/** Groups of modules that import each other, directly or round a loop (Tarjan's strongly connected components). */
export function cycles(files) {
  const graph = new Map(files.map(([p, t]) => [p, importsOf(p, t)]));
  const index = new Map();
  const low = new Map();
  const stack = [];
  const out = [];
  const visit = (v) => {
    index.set(v, index.size);
    low.set(v, index.get(v));
    stack.push(v);
    for (const w of graph.get(v)) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) visit(w);
      if (stack.includes(w)) low.set(v, Math.min(low.get(v), low.get(w)));
    }
    if (low.get(v) !== index.get(v)) return;
    const group = stack.splice(stack.indexOf(v));
    if (group.length > 1 || graph.get(v).includes(v)) out.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

/** The TypeScript files of src/ and rules/ under `root`: [repository path, text]. */
export function sourceFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      const p = posix.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) out.push([p, readFileSync(join(root, p), 'utf8')]);
    }
  };
  walk('src');
  walk('rules');
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

if (process.argv[1] && relative(process.argv[1], fileURLToPath(import.meta.url)) === '') {
  const files = sourceFiles(join(dirname(fileURLToPath(import.meta.url)), '..'));
  const bad = [...violations(files), ...cycles(files).map((c) => `import cycle: ${c.join(' <-> ')}`)];
  for (const line of bad) process.stdout.write(line + '\n');
  process.stdout.write(bad.length ? `${bad.length} layering violations\n` : 'layers: every import runs down\n');
  process.exitCode = bad.length ? 1 : 0;
}
