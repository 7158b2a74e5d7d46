/*
 * Installing and removing the pre-commit hook. The script records the absolute node and CLI
 * paths seen at install time (so it works from GUIs and shells without this package on PATH),
 * and falls back to a `netback-policy` on PATH, then to `npx --no-install`. A marker line tells
 * our hook from anyone else's: we never replace or remove a hook we did not write unless forced.
 */
import { existsSync, readFileSync, chmodSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NetbackError, systemReason } from '../core/errors.js';
import { moveAside } from '../io/backup.js';
import { mkdirp } from '../io/mkdirp.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { hooksDir } from './git.js';

export const HOOK_MARKER = '# netback-policy-hook: v1';

function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The hook script for the running node and this package's built CLI. */
export function hookScript(
  node = process.execPath,
  cli = fileURLToPath(new URL('../cli.js', import.meta.url)),
): string {
  return `#!/bin/sh
${HOOK_MARKER}
# Lints staged C files, kernel configs and netback-policy policies before each commit.
# Installed by 'netback-policy hook install'; remove with 'netback-policy hook uninstall'.
# Bypass once with 'git commit --no-verify'.
NODE=${shq(node)}
CLI=${shq(cli)}
if [ -x "$NODE" ] && [ -f "$CLI" ]; then
	exec "$NODE" "$CLI" hook run
fi
if command -v netback-policy >/dev/null 2>&1; then
	exec netback-policy hook run
fi
if command -v npx >/dev/null 2>&1 && npx --no-install netback-policy --version >/dev/null 2>&1; then
	exec npx --no-install netback-policy hook run
fi
echo "netback-policy: pre-commit: cannot find netback-policy (not at $CLI, not on PATH, not in node_modules)" >&2
echo "netback-policy: reinstall with 'netback-policy hook install', or bypass once with: git commit --no-verify" >&2
exit 1
`;
}

export interface HookLocation {
  dir: string;
  path: string;
}

export function hookPath(cwd: string): HookLocation {
  const dir = hooksDir(cwd);
  return { dir, path: join(dir, 'pre-commit') };
}

export function isOurHook(path: string): boolean {
  if (!existsSync(path)) return false;
  if (!statSync(path).isFile()) {
    throw new NetbackError('hook-not-file', 'is not a file (a directory?); git cannot run it as a hook', {
      file: path,
      hint: 'move it away and run netback-policy hook install again',
    });
  }
  return readFileSync(path, 'utf8').includes(HOOK_MARKER);
}

export type InstallOutcome = 'installed' | 'updated' | 'replaced';

/**
 * Writes the hook; a foreign hook is kept as pre-commit.netback-policy-backup when forced (then
 * .2, .3...: an earlier backup is never overwritten).
 */
export function installHook(cwd: string, force: boolean): { outcome: InstallOutcome; path: string; backup?: string } {
  const { dir, path } = hookPath(cwd);
  let outcome: InstallOutcome = 'installed';
  let backup: string | undefined;
  if (existsSync(path)) {
    if (isOurHook(path)) outcome = 'updated';
    else if (!force) {
      throw new NetbackError(
        'hook-foreign',
        'a pre-commit hook that netback-policy did not write is already installed',
        {
          file: path,
          hint: 'call netback-policy hook run from it, or re-run with --force (the old hook is kept as a backup)',
        },
      );
    } else {
      backup = moveAside(path);
      outcome = 'replaced';
    }
  }
  try {
    mkdirp(dir);
  } catch (e) {
    throw new NetbackError(
      'write-failed',
      `cannot create the hooks directory: ${systemReason(e) ?? (e as Error).message}`,
      { file: dir },
    );
  }
  writeFileAtomic(path, hookScript());
  chmodSync(path, 0o755);
  return { outcome, path, ...(backup ? { backup } : {}) };
}

/** Removes our hook only; a foreign hook is an error, a missing one a no-op. */
export function uninstallHook(cwd: string): { removed: boolean; path: string } {
  const { path } = hookPath(cwd);
  if (!existsSync(path)) return { removed: false, path };
  if (!isOurHook(path)) {
    throw new NetbackError('hook-foreign', 'this pre-commit hook was not written by netback-policy; leaving it alone', {
      file: path,
    });
  }
  rmSync(path);
  return { removed: true, path };
}
