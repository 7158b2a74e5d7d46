/*
 * Debian's real linux-source-6.1, extracted once per machine into a cache directory and reused by
 * every test file of the run (and later runs). Nothing of it is ever copied into the repository.
 * Install: apt-get install linux-source-6.1 linux-config-6.1 linux-headers-amd64
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

export const LINUX_TARBALL = '/usr/src/linux-source-6.1.tar.xz';
export const LINUX_CONFIG_DIR = '/usr/src/linux-config-6.1';
const CACHE = process.env.NETBACK_POLICY_CACHE ?? join(tmpdir(), 'netback-policy-cache');

function requireFile(path: string, pkg: string): void {
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run 'apt-get install ${pkg}' (done by .ci/run)`);
  }
}

/**
 * The root of the extracted linux-6.1 tree (e.g. /tmp/netback-policy-cache/linux-source-6.1).
 * Extraction (about 15 s) happens in vitest's globalSetup; this only checks it is there.
 */
export function linuxTree(): string {
  const root = join(CACHE, 'linux-source-6.1');
  if (!existsSync(join(root, '.extracted'))) extractLinuxTree();
  return root;
}

/** Extracts the whole tarball once (atomic: temp dir then rename), stripping the top folder. */
export function extractLinuxTree(): string {
  requireFile(LINUX_TARBALL, 'linux-source-6.1');
  const root = join(CACHE, 'linux-source-6.1');
  if (existsSync(join(root, '.extracted'))) return root;
  mkdirSync(CACHE, { recursive: true });
  const tmp = join(CACHE, `.linux-source-6.1.${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  execFileSync('tar', ['-xJf', LINUX_TARBALL, '-C', tmp, '--strip-components=1'], { stdio: 'inherit' });
  writeFileSync(join(tmp, '.extracted'), new Date().toISOString());
  try {
    renameSync(tmp, root);
  } catch {
    // Another process won the race; keep theirs.
    rmSync(tmp, { recursive: true, force: true });
  }
  return root;
}

/** Debian's three amd64 configs, decompressed into the cache: [{name, path}]. */
export function debianConfigs(): Array<{ name: string; path: string }> {
  requireFile(LINUX_CONFIG_DIR, 'linux-config-6.1');
  const out = join(CACHE, 'linux-config-6.1');
  mkdirSync(out, { recursive: true });
  return readdirSync(LINUX_CONFIG_DIR)
    .filter((f) => f.endsWith('.xz'))
    .sort()
    .map((f) => {
      const name = f.replace(/^config\./, '').replace(/\.xz$/, '');
      const path = join(out, `config.${name}`);
      if (!existsSync(path)) {
        const data = execFileSync('xz', ['-dc', join(LINUX_CONFIG_DIR, f)], { maxBuffer: 64 << 20 });
        writeFileSync(`${path}.tmp`, data);
        renameSync(`${path}.tmp`, path);
      }
      return { name, path };
    });
}

/** The headers directory for out-of-tree module builds (/usr/src/linux-headers-<ver>-amd64). */
export function linuxHeaders(): string {
  const dirs = readdirSync('/usr/src').filter((d) => /^linux-headers-.*-amd64$/.test(d)).sort();
  if (!dirs.length) throw new Error("no /usr/src/linux-headers-*-amd64: run 'apt-get install linux-headers-amd64'");
  return join('/usr/src', dirs[dirs.length - 1]!);
}
