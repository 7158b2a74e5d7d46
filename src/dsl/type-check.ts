/*
 * The full type-check behind `check-policy`: the policy file and its local imports, compiled by
 * ts-morph's bundled TypeScript against this package's DSL types. ts-morph costs most of a second
 * to load, so only this module requires it (createRequire: Node would otherwise scan its CJS text
 * for named exports), and only check-policy (and the hook) import this module.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TsMorph from 'ts-morph';

export interface TypeDiagnostic {
  /** Relative to the cwd, or the path as given for the policy itself. */
  file: string;
  line: number;
  column: number;
  /** TypeScript's code, e.g. 2561 for an unknown key with a suggestion. */
  code: number;
  /** First line of the message; the rest of the chain (why the types differ) in `details`. */
  message: string;
  details: string[];
}

/** The declarations `import ... from 'netback-policy'` must see: this package's own. */
export function packageTypes(): string {
  const here = import.meta.url;
  if (here.endsWith('.js')) return fileURLToPath(new URL('../index.d.ts', here));
  const built = fileURLToPath(new URL('../../dist/src/index.d.ts', here));
  return existsSync(built) ? built : fileURLToPath(new URL('../index.ts', here));
}

/** node_modules/@types folders from the policy's directory up, then this package's. */
function typeRoots(policyDir: string): string[] {
  const roots: string[] = [];
  for (let dir = policyDir; ; dir = dirname(dir)) {
    const p = join(dir, 'node_modules', '@types');
    if (existsSync(p)) roots.push(p);
    if (dirname(dir) === dir) break;
  }
  const own = fileURLToPath(new URL('../../../node_modules/@types', import.meta.url));
  if (existsSync(own) && !roots.includes(own)) roots.push(own);
  return roots;
}

/* "Cannot find name 'process'. Do you need to install type definitions for node?" and kin. */
const NEEDS_NODE_TYPES = new Set([2580, 2591, 2503, 2307]);

/**
 * Type-checks a policy file; returns every diagnostic (none means it type-checks). Node's types
 * triple the cost (about 0.5 s), and most policies never touch `process`: they are added, and
 * the check run again, only when the first pass says they are missing.
 */
export function typeCheckPolicy(path: string): TypeDiagnostic[] {
  const abs = resolve(path);
  const roots = typeRoots(dirname(abs));
  const first = check(path, abs, roots, false);
  const haveNode = roots.some((r) => existsSync(join(r, 'node')));
  if (haveNode && first.some((d) => NEEDS_NODE_TYPES.has(d.code))) return check(path, abs, roots, true);
  return first;
}

function check(path: string, abs: string, roots: string[], nodeTypes: boolean): TypeDiagnostic[] {
  const { Project, ts } = createRequire(import.meta.url)('ts-morph') as typeof TsMorph;
  const project = new Project({
    skipAddingFilesFromTsConfig: true,
    compilerOptions: {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      // Bundler resolution accepts what esbuild accepts: './helper', './helper.js', './helper.ts'.
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      allowImportingTsExtensions: true,
      lib: ['lib.es2022.d.ts'],
      typeRoots: roots,
      types: nodeTypes ? ['node'] : [],
      paths: { 'netback-policy': [packageTypes()] },
    },
  });
  project.addSourceFileAtPath(abs);
  project.resolveSourceFileDependencies();
  const out: TypeDiagnostic[] = [];
  for (const d of project.getPreEmitDiagnostics()) {
    if (d.getCategory() !== ts.DiagnosticCategory.Error) continue;
    const sf = d.getSourceFile();
    const start = d.getStart() ?? 0;
    const pos = sf ? sf.getLineAndColumnAtPos(start) : { line: 0, column: 0 };
    const text = ts.flattenDiagnosticMessageText(d.compilerObject.messageText, '\n');
    const [message = '', ...details] = text.split('\n');
    const file = sf ? sf.getFilePath() : abs;
    out.push({
      file: resolve(file) === abs ? path : relative(process.cwd(), file) || file,
      line: pos.line,
      column: pos.column,
      code: d.getCode(),
      message,
      details: details.map((l) => l.trim()),
    });
  }
  return out;
}
