#!/usr/bin/env node
// npm's postinstall: builds what the package runs from the sources it ships, wherever npm installs
// it (a clone's `npm install`, `npm install -g` from a clone, a git URL or a tarball, `npx`, the
// pre-commit framework's node environment). A global install from a git URL needs --install-links:
// without it npm 11 links the package to a temporary clone that it then deletes (npm/cli#4148).
// No `prepare` script: npm runs that for a global git install without the dependencies it declares
// (npm/cli#8440), and it prints into `npm pack`'s output, which pre-commit reads as the tarball's name.
// - dist/: tsc when TypeScript is installed (a clone with its devDependencies), else esbuild (a
//   runtime dependency) transpiles src/ and rules/ file by file, when dist/ is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function run(args) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function tsFiles(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

function resolves(id) {
  try {
    return require.resolve(id);
  } catch {
    return undefined;
  }
}

const tsc = resolves('typescript/bin/tsc');
if (tsc && existsSync(join(root, 'tsconfig.json'))) {
  run([tsc, '-p', 'tsconfig.json']);
} else if (!existsSync(join(root, 'dist', 'src', 'cli.js')) && resolves('esbuild')) {
  // (For a git URL npm first runs this in its clone without any dependency, npm/cli#8440: nothing
  // can be built there; it runs again where the package is installed, esbuild beside it.)
  const esbuild = await import('esbuild');
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [...tsFiles('src'), ...tsFiles('rules')],
    outdir: 'dist',
    outbase: '.',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  // The public API's types, for a policy file's editor: read from the TypeScript sources shipped.
  writeFileSync(join(root, 'dist', 'src', 'index.d.ts'), "export * from '../../src/index.js';\n");
}
