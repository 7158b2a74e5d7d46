/*
 * The real-build harness for upstream xen-netback: a throwaway git repository holding only
 * `drivers/net/xen-netback/` of Debian's linux-6.1 (paths kept, so a generated series applies with
 * `git am` exactly as on a full tree), built out of tree against Debian's headers package. Nothing
 * here is ever copied into this repository; the copies live under the OS temp dir.
 *
 * A pristine repository is made once per process and cloned (hard links, ~10 ms) per use, so every
 * test starts from the same base commit and earlier builds' objects never leak between tests.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linuxHeaders, linuxTree } from './linux-tree.js';

export const DRIVER = 'drivers/net/xen-netback';

export interface BuildResult {
  ok: boolean;
  /** `file:line:col: warning: ...` lines from the compiler, paths made relative to the driver. */
  warnings: string[];
  /** Symbols modpost reported as undefined (an unexported or non-existent kernel API). */
  undefinedSymbols: string[];
  /** The whole make output, for failure messages. */
  output: string;
  seconds: number;
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'kbuild harness',
  GIT_AUTHOR_EMAIL: 'kbuild@netback-policy.invalid',
  GIT_COMMITTER_NAME: 'kbuild harness',
  GIT_COMMITTER_EMAIL: 'kbuild@netback-policy.invalid',
  GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
};

function run(cmd: string, args: string[], cwd: string, input?: string): { code: number; out: string } {
  const r = spawnSync(cmd, args, {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, ...GIT_ENV, LC_ALL: 'C' },
    maxBuffer: 64 << 20,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function git(cwd: string, ...args: string[]): string {
  const r = run('git', args, cwd);
  if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}:\n${r.out}`);
  return r.out;
}

let pristine: string | undefined;
const scratch: string[] = [];
process.once('exit', () => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

/** A fresh temp dir that is removed when the process exits. */
export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(d);
  return d;
}

/** The pristine repository (one commit: the real driver directory). Made once per process. */
function pristineRepo(): string {
  if (pristine) return pristine;
  const dir = tempDir('netback-kbuild-base-');
  mkdirSync(join(dir, DRIVER), { recursive: true });
  cpSync(join(linuxTree(), DRIVER), join(dir, DRIVER), { recursive: true });
  git(dir, 'init', '-q', '-b', 'base');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'xen-netback from linux-source-6.1');
  pristine = dir;
  return dir;
}

/** A private clone of the pristine driver repository; returns its root (the tree root for patches). */
export function driverRepo(): string {
  const base = pristineRepo();
  const dir = tempDir('netback-kbuild-');
  rmSync(dir, { recursive: true, force: true });
  git(tmpdir(), 'clone', '-q', '--local', base, dir);
  git(dir, 'config', 'user.name', GIT_ENV.GIT_AUTHOR_NAME);
  git(dir, 'config', 'user.email', GIT_ENV.GIT_AUTHOR_EMAIL);
  return dir;
}

/** `git am` one mbox patch; throws with git's output when it does not apply. */
export function gitAm(repo: string, patchFile: string): void {
  const r = run('git', ['am', '-q', '--whitespace=error-all', patchFile], repo);
  if (r.code !== 0) {
    run('git', ['am', '--abort'], repo);
    throw new Error(`git am ${patchFile} failed:\n${r.out}`);
  }
}

const WARNING = /^(\S+?):(\d+):(\d+): warning: (.*)$/;
const UNDEFINED = /modpost: "([^"]+)" \[[^\]]*\] undefined!/;

/**
 * Builds the module out of tree (`make -C <headers> M=<repo>/drivers/net/xen-netback modules`).
 * Incremental: after `git am` only the touched objects rebuild, so one build per patch is cheap.
 */
export function buildModule(repo: string): BuildResult {
  const started = process.hrtime.bigint();
  const m = join(repo, DRIVER);
  // The driver's Makefile says `obj-$(CONFIG_XEN_NETDEV_BACKEND)`; out of tree nothing sets it.
  const r = run('make', ['-s', '-C', linuxHeaders(), `M=${m}`, 'CONFIG_XEN_NETDEV_BACKEND=m', 'modules'], repo);
  const lines = r.out.split('\n');
  const warnings = lines
    .map((l) => WARNING.exec(l))
    .filter((x): x is RegExpExecArray => x !== null)
    // Kbuild unexports LC_ALL, so gcc may quote with U+2018/U+2019: normalise to ASCII.
    .map((x) => `${x[1]!.replace(`${m}/`, '')}:${x[2]}:${x[3]}: warning: ${x[4]!.replace(/[\u2018\u2019]/g, "'")}`);
  const undefinedSymbols = lines
    .map((l) => UNDEFINED.exec(l))
    .filter((x): x is RegExpExecArray => x !== null)
    .map((x) => x[1]!);
  const ko = existsSync(join(m, 'xen-netback.ko'));
  return {
    ok: r.code === 0 && ko,
    warnings,
    undefinedSymbols,
    output: r.out,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}

/** Warnings in `after` that `before` did not have (line numbers ignored: patches move code). */
export function newWarnings(before: string[], after: string[]): string[] {
  const key = (w: string): string => w.replace(/:\d+:\d+:/, ':');
  const seen = new Map<string, number>();
  for (const w of before) seen.set(key(w), (seen.get(key(w)) ?? 0) + 1);
  return after.filter((w) => {
    const n = seen.get(key(w)) ?? 0;
    if (n > 0) {
      seen.set(key(w), n - 1);
      return false;
    }
    return true;
  });
}

export interface CheckpatchResult {
  errors: number;
  warnings: number;
  checks: number;
  output: string;
}

/** `scripts/checkpatch.pl --strict` from the real tree over one patch file. */
export function checkpatch(patchFile: string): CheckpatchResult {
  const root = linuxTree();
  const r = run(
    'perl',
    [join(root, 'scripts/checkpatch.pl'), '--strict', '--no-color', `--root=${root}`, patchFile],
    root,
  );
  const t = /total: (\d+) errors, (\d+) warnings, (?:(\d+) checks, )?/.exec(r.out);
  if (!t) throw new Error(`checkpatch printed no totals for ${patchFile}:\n${r.out}`);
  return { errors: Number(t[1]), warnings: Number(t[2]), checks: Number(t[3] ?? 0), output: r.out };
}
