/*
 * Loading a user's policy.ts: esbuild bundles the file with its local imports (TypeScript types
 * stripped, no type check: that is check-policy's job); bare imports are resolved from the
 * policy's directory at bundle time and kept external by absolute path, so the bundle can live
 * in a private directory under os.tmpdir() (never beside the policy or in a work tree) and is
 * removed on every path, signals included. It is evaluated in a worker thread with a time and a
 * memory limit (run-policy.ts). `netback-policy` is rewritten to this very package, so a policy
 * anywhere on disk gets the definePolicy() the CLI knows.
 */
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Esbuild from 'esbuild';
import { NetbackError } from '../core/errors.js';
import { readTextInput } from '../io/read-input.js';
import { removeOnAbort } from '../io/cleanup.js';
import type { Policy } from './policy.js';
import type { PolicyIssue } from './validate.js';
import { PolicyError } from './policy-error.js';
import { maskSource, positionOf } from './locate.js';
import { DEFAULT_LIMITS, runPolicyBundle, type PolicyLimits } from './run-policy.js';

/** A policy is a page of declarations; anything near this size is not one. */
export const MAX_POLICY_BYTES = 1 << 20;

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

const BARE = /^[^./]/; // esbuild filters are Go regexps: no look-ahead

/**
 * `netback-policy` -> this package; any other bare import -> the absolute file it resolves to
 * from the policy's directory, left external (the bundle runs from the temp directory).
 */
function importsPlugin(entry: string): Esbuild.Plugin {
  return {
    name: 'netback-policy-imports',
    setup(build) {
      build.onResolve({ filter: SELF }, () => ({ path: pathToFileURL(entry).href, external: true }));
      build.onResolve({ filter: BARE }, async (args) => {
        if ((args.pluginData as { inner?: boolean } | undefined)?.inner || args.path.startsWith('node:'))
          return undefined;
        const r = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          pluginData: { inner: true },
        });
        if (r.errors.length) return { errors: r.errors };
        return r.external || !isAbsolutePath(r.path)
          ? { path: args.path, external: true }
          : { path: pathToFileURL(r.path).href, external: true };
      });
    },
  };
}

const isAbsolutePath = (p: string): boolean => p.startsWith('/');

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
   * name `path`. Nothing is written but the bundle, in the temp directory.
   */
  source?: string;
  limits?: Partial<PolicyLimits>;
}

export interface EvaluatedPolicy {
  /** The validated policy, when there were no issues. */
  policy?: Policy;
  issues: PolicyIssue[];
  file: string;
  source: string;
}

/** The policy's text (given, or read from `path`), refused over MAX_POLICY_BYTES before reading. */
export function readPolicySource(path: string, given?: string): string {
  let size = given !== undefined ? Buffer.byteLength(given) : 0;
  if (given === undefined && path !== '-') {
    try {
      size = statSync(path).size;
    } catch {
      size = 0; // readTextInput names the problem
    }
  }
  if (size > MAX_POLICY_BYTES) {
    throw new NetbackError(
      'policy-too-large',
      `policy is ${size} bytes, over the ${MAX_POLICY_BYTES}-byte limit for a policy source`,
      { file: path },
    );
  }
  const source = given ?? readTextInput(path);
  if (Buffer.byteLength(source) > MAX_POLICY_BYTES) {
    throw new NetbackError(
      'policy-too-large',
      `policy is over the ${MAX_POLICY_BYTES}-byte limit for a policy source`,
      { file: path },
    );
  }
  return source;
}

/** Bundles the policy; build errors are NetbackErrors at the user's file:line. */
async function bundle(abs: string, path: string, source: string, outfile: string): Promise<string> {
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof Esbuild;
  const ext = extname(abs);
  try {
    const result = await esbuild.build({
      stdin: {
        contents: source,
        resolveDir: dirname(abs),
        sourcefile: abs,
        loader: ext === '.js' || ext === '.mjs' ? 'js' : 'ts',
      },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      outfile, // where it is written: the inline source map's paths are relative to it
      sourcemap: 'inline',
      logLevel: 'silent',
      plugins: [importsPlugin(packageEntry())],
    });
    return result.outputFiles[0]!.text;
  } catch (e) {
    const errors = (e as { errors?: Esbuild.Message[] }).errors;
    const first = errors?.[0];
    if (!first) throw e;
    const loc = first.location;
    const file = loc ? display(resolve(loc.file), abs, path) : path;
    throw new NetbackError('policy-syntax', first.text, {
      file,
      ...(loc ? { line: loc.line } : {}),
      hint:
        errors.length > 1
          ? `and ${errors.length - 1} more error(s)`
          : 'a policy is a TypeScript module: export default definePolicy({...})',
    });
  }
}

/**
 * Bundles, evaluates (in a worker, within limits) and validates a policy file. Load errors
 * (unreadable, too large, syntax, import not found, throws while loading, no default export, not
 * a definePolicy() object, over a limit) are NetbackErrors with file:line where known; validation
 * problems are returned as issues.
 */
export async function evaluatePolicy(path: string, opts: LoadOptions = {}): Promise<EvaluatedPolicy> {
  const abs = resolve(path);
  const source = readPolicySource(path, opts.source);
  const dir = mkdtempSync(join(tmpdir(), 'netback-policy-'));
  const forget = removeOnAbort(dir);
  const out = join(dir, 'policy.mjs');
  let reply;
  try {
    writeFileSync(out, await bundle(abs, path, source, out));
    reply = await runPolicyBundle({ url: pathToFileURL(out).href, source }, path, {
      ...DEFAULT_LIMITS,
      ...opts.limits,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    forget();
  }
  switch (reply.kind) {
    case 'ok':
      return {
        ...(reply.policy ? { policy: deepFreeze(reply.policy) } : {}),
        issues: reply.issues,
        file: path,
        source,
      };
    case 'throws': {
      const at = userFrame(reply.stack, out);
      throw new NetbackError('policy-throws', `loading the policy failed: ${reply.message}`, {
        file: at ? display(at.file, abs, path) : path,
        ...(at ? { line: at.line } : {}),
      });
    }
    case 'no-default':
      throw new NetbackError('policy-no-default', 'the policy file has no default export', {
        file: path,
        hint: 'end it with: export default definePolicy({ ... })',
      });
    case 'not-defined': {
      const at = maskSource(source).search(/\bexport\s+default\b/);
      throw new NetbackError('policy-not-defined', 'the default export is not a policy made by definePolicy()', {
        file: path,
        ...(at >= 0 ? { line: positionOf(source, at).line } : {}),
        hint: "import { definePolicy } from 'netback-policy' and export default definePolicy({ ... })",
      });
    }
  }
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/** Loads and validates a policy file: the only way a Policy reaches a target. */
export async function loadPolicyFile(path: string, opts: LoadOptions = {}): Promise<LoadedPolicy> {
  const { policy, issues, file, source } = await evaluatePolicy(path, opts);
  if (!policy) throw new PolicyError(file, issues);
  return { policy, file, source };
}
