/*
 * Debian's real linux-source-6.1, extracted once per machine into a cache directory and reused by
 * every test file of the run (and later runs). Nothing of it is ever copied into the repository.
 * Install: apt-get install linux-source-6.1 linux-config-6.1 linux-headers-amd64
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

/** `VERSION.PATCHLEVEL.SUBLEVEL` from a kernel Makefile, or undefined. */
export function makefileVersion(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  const get = (k: string) => new RegExp(`^${k}\\s*=\\s*(\\d+)`, 'm').exec(text)?.[1];
  const [v, p, s] = [get('VERSION'), get('PATCHLEVEL'), get('SUBLEVEL')];
  return v && p && s ? `${v}.${p}.${s}` : undefined;
}

/**
 * Of the header directories (`linux-headers-<abi>-amd64`, with their version read from the
 * Makefile of the directory or of its `-common` sibling), the one for `source` (`6.1.192`): the
 * same version, else the same `6.1` series (the newest ABI); undefined when none fits.
 */
export function pickHeaders(
  source: string,
  dirs: Array<{ dir: string; version: string | undefined }>,
): string | undefined {
  const byAbi = [...dirs].sort((a, b) => a.dir.localeCompare(b.dir, 'en', { numeric: true }));
  const series = source.split('.').slice(0, 2).join('.') + '.';
  const exact = byAbi.filter((d) => d.version === source);
  const same = byAbi.filter((d) => d.version?.startsWith(series));
  return (exact.length ? exact : same).at(-1)?.dir;
}

let headers: string | undefined;

/**
 * The headers directory for out-of-tree module builds: the installed /usr/src/linux-headers-*-amd64
 * matching the extracted source's version (several are usual on a kernel engineer's machine),
 * named on stderr so the test output says which.
 */
export function linuxHeaders(): string {
  if (headers) return headers;
  const source = makefileVersion(join(linuxTree(), 'Makefile')) ?? '?';
  const dirs = readdirSync('/usr/src')
    .filter((d) => /^linux-headers-.*-amd64$/.test(d))
    .map((d) => {
      const dir = join('/usr/src', d);
      return {
        dir,
        version:
          makefileVersion(join(dir, 'Makefile')) ?? makefileVersion(dir.replace(/-amd64$/, '-common') + '/Makefile'),
      };
    });
  const pick = pickHeaders(source, dirs);
  if (!pick) {
    const have = dirs.map((d) => `${d.dir} (${d.version ?? 'no version'})`).join(', ') || 'none';
    throw new Error(
      `no /usr/src/linux-headers-*-amd64 for linux ${source} (installed: ${have}): run 'apt-get install linux-headers-amd64'`,
    );
  }
  process.stderr.write(`kbuild: linux ${source} source, building against ${pick}\n`);
  return (headers = pick);
}
