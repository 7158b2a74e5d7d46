/*
 * Loading a user's policy.ts: esbuild bundles the file with its local imports (TypeScript types
 * stripped, no type check: that is check-policy's job), the bundle is written next to the policy
 * so that its other bare imports resolve from the user's node_modules, imported, and removed.
 * `netback-policy` is rewritten to this very package, so a policy anywhere on disk (outside any
 * project, no global TypeScript) gets the definePolicy() the CLI knows. About 2x `node -e 0`
 * (bench/policy.bench.mjs); typescript's transpileModule would be about 5x.
 */
import { createRequire } from 'node:module';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import type * as Esbuild from 'esbuild';
import { NetbackError } from '../core/errors.js';
import { readTextInput } from '../io/read-input.js';
import type { Policy } from './policy.js';
import { isDefinedPolicy } from './define-policy.js';
import { validatePolicy } from './validate.js';
import { PolicyError } from './policy-error.js';
import { maskSource, positionOf } from './locate.js';

export interface LoadedPolicy {
  /** The validated policy (fresh, frozen, known keys only). */
  policy: Policy;
  /** The path as the user gave it (what messages print). */
  file: string;
  /** The policy file's text, for locating keys in later messages. */
  source: string;
}

/** The module a policy's `import ... from 'netback-policy'` must get: this package's entry. */
export function packageEntry(): string {
  const here = import.meta.url;
  // Built: dist/src/dsl/load.js -> dist/src/index.js. From source (tests): prefer the build.
  if (here.endsWith('.js')) return fileURLToPath(new URL('../index.js', here));
  const built = fileURLToPath(new URL('../../dist/src/index.js', here));
  return existsSync(built) ? built : fileURLToPath(new URL('../index.ts', here));
}

const SELF = /^netback-policy(?:\/.*)?$/;

function selfPlugin(entry: string): Esbuild.Plugin {
  return {
    name: 'netback-policy-self',
    setup(build) {
      build.onResolve({ filter: SELF }, () => ({ path: pathToFileURL(entry).href, external: true }));
    },
  };
}

/** Where a build or run error points: a file the user wrote, with its line. */
function userFrame(stack: string, exclude: string): { file: string; line: number } | undefined {
  for (const m of stack.matchAll(/(?:file:\/\/)?(\/[^\s():]+):(\d+):(\d+)/g)) {
    const file = m[1]!;
    if (file === exclude || file.includes('/node_modules/') || file.startsWith('/node:')) continue;
    return { file, line: Number(m[2]) };
  }
  return undefined;
}

/** Shows a path the way the user named it when it is the policy, else relative to the cwd. */
function display(file: string, abs: string, given: string): string {
  return resolve(file) === abs ? given : relative(process.cwd(), file) || file;
}

export interface LoadOptions {
  /**
   * The policy's text, when it is not the file's (the hook checks staged content): it is
   * compiled as if it were at `path`, so its relative imports resolve from there and messages
   * name `path`. Nothing but the bundle is written.
   */
  source?: string;
}

/**
 * Bundles and evaluates a policy file and returns its default export, unvalidated.
 * Errors (unreadable, syntax, import not found, throws while loading, no default export, not a
 * definePolicy() object) are NetbackErrors with file:line where known.
 */
export async function loadPolicyValue(path: string, opts: LoadOptions = {}): Promise<{ value: unknown; file: string; source: string }> {
  const abs = resolve(path);
  const source = opts.source ?? readTextInput(path);
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof Esbuild;
  const ext = extname(abs);
  const dir = dirname(abs);
  let out = join(dir, `.${basename(abs)}.nbp-${process.pid}-${randomBytes(4).toString('hex')}.mjs`);

  let code: string;
  try {
    const result = await esbuild.build({
      stdin: { contents: source, resolveDir: dir, sourcefile: abs, loader: ext === '.js' || ext === '.mjs' ? 'js' : 'ts' },
      bundle: true,
      packages: 'external',
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      outfile: out,
      sourcemap: 'inline',
      logLevel: 'silent',
      plugins: [selfPlugin(packageEntry())],
    });
    code = result.outputFiles[0]!.text;
  } catch (e) {
    const errors = (e as { errors?: Esbuild.Message[] }).errors;
    const first = errors?.[0];
    if (!first) throw e;
    const loc = first.location;
    const file = loc ? display(resolve(loc.file), abs, path) : path;
    throw new NetbackError('policy-syntax', first.text, {
      file,
      ...(loc ? { line: loc.line } : {}),
      hint: errors.length > 1 ? `and ${errors.length - 1} more error(s)` : 'a policy is a TypeScript module: export default definePolicy({...})',
    });
  }

  try {
    writeFileSync(out, code);
  } catch {
    // A read-only directory: bare imports other than netback-policy will not resolve from the
    // temp dir, but a policy that imports only netback-policy and local files still loads.
    out = join(tmpdir(), basename(out));
    writeFileSync(out, code);
  }
  let mod: Record<string, unknown>;
  try {
    process.setSourceMapsEnabled(true);
    mod = (await import(pathToFileURL(out).href)) as Record<string, unknown>;
  } catch (e) {
    const err = e as Error;
    const at = userFrame(String(err?.stack ?? ''), out);
    throw new NetbackError('policy-throws', `loading the policy failed: ${err?.message ?? String(e)}`, {
      file: at ? display(at.file, abs, path) : path,
      ...(at ? { line: at.line } : {}),
    });
  } finally {
    rmSync(out, { force: true });
  }

  if (!('default' in mod)) {
    throw new NetbackError('policy-no-default', 'the policy file has no default export', {
      file: path,
      hint: 'end it with: export default definePolicy({ ... })',
    });
  }
  const value = mod.default;
  if (!isDefinedPolicy(value)) {
    const masked = maskSource(source);
    const at = masked.search(/\bexport\s+default\b/);
    throw new NetbackError('policy-not-defined', "the default export is not a policy made by definePolicy()", {
      file: path,
      ...(at >= 0 ? { line: positionOf(source, at).line } : {}),
      hint: "import { definePolicy } from 'netback-policy' and export default definePolicy({ ... })",
    });
  }
  return { value, file: path, source };
}

/** Loads and validates a policy file: the only way a Policy reaches a target. */
export async function loadPolicyFile(path: string, opts: LoadOptions = {}): Promise<LoadedPolicy> {
  const { value, file, source } = await loadPolicyValue(path, opts);
  const { policy, issues } = validatePolicy(value, source);
  if (!policy) throw new PolicyError(file, issues);
  return { policy, file, source };
}
