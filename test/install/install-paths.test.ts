/*
 * The README's install paths, run for real against a fresh git clone of this repository's HEAD (so
 * only committed files count, as for a user): a global install straight from the git URL, npx from
 * the git URL, and a clone's `npm install` + `npm install -g .`. Each installs into a temporary
 * prefix and runs the installed command. Needs the npm registry (dependencies); tens of seconds each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from '../support/cli.js';

const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const SAMPLE = join(REPO, 'samples', 'configs', 'dom0-6.1-debug.config');
// A finding lint-config must report on SAMPLE (exit 1: an error at the default --fail-on).
const FINDING = /dom0-6\.1-debug\.config:\d+:1: error: CONFIG_PROVE_LOCKING=y: .*\[lock-debugging\]$/m;
const TIMEOUT = 300_000;

// npm run sets npm_config_* (prefix, local_prefix, ...) for its scripts: drop them so each npm here
// behaves as at a user's shell, configured only by its arguments.
const ENV: Record<string, string> = { NO_COLOR: '1' };
for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && v !== undefined) ENV[k] = v;

let work = '';
let clone = '';
let url = '';

function run(cmd: string, args: string[], cwd = work) {
  const r = spawnSync(cmd, args, { cwd, env: ENV, encoding: 'utf8', timeout: TIMEOUT, maxBuffer: 64 << 20 });
  return { status: r.status, out: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}` };
}

/** The installed command under prefix: its --version and lint-config on SAMPLE. */
function expectWorkingInstall(prefix: string) {
  const bin = join(prefix, 'bin', 'netback-policy');
  const version = run(bin, ['--version']);
  expect(version.out.trim()).toBe(VERSION);
  const lint = run(bin, ['lint-config', SAMPLE]);
  expect(lint.status, lint.out).toBe(1);
  expect(lint.out).toMatch(FINDING);
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'nbp-install-'));
  clone = join(work, 'repo');
  const r = run('git', ['clone', '-q', REPO, clone]);
  expect(r.status, r.out).toBe(0);
  url = `git+${pathToFileURL(clone).href}`;
});

afterAll(() => {
  if (!work) return;
  // npx keeps what it installed in <cache>/_npx/<hash> (the git URL, or file: of the clone for
  // `npx netback-policy` inside it): remove the entries naming this run's clone.
  const cache = run('npm', ['config', 'get', 'cache'], tmpdir()).out.trim();
  const npxDir = join(cache, '_npx');
  const mark = join(basename(work), 'repo');
  for (const d of existsSync(npxDir) ? readdirSync(npxDir) : []) {
    const pkg = join(npxDir, d, 'package.json');
    if (existsSync(pkg) && readFileSync(pkg, 'utf8').includes(mark)) rmSync(join(npxDir, d), { recursive: true });
  }
  rmSync(work, { recursive: true, force: true });
});

describe('install paths (README "Install")', () => {
  it(
    'npm install -g --install-links git+URL installs a working command (a real copy, not a link)',
    () => {
      const prefix = join(work, 'global-git');
      const r = run('npm', ['install', '-g', '--install-links', '--no-audit', '--no-fund', '--prefix', prefix, url]);
      expect(r.status, r.out).toBe(0);
      // Without --install-links npm 11 leaves a link to its deleted temporary clone here.
      expect(lstatSync(join(prefix, 'lib', 'node_modules', 'netback-policy')).isDirectory()).toBe(true);
      expectWorkingInstall(prefix);
    },
    TIMEOUT,
  );

  it(
    'npx --yes git+URL runs the command',
    () => {
      const version = run('npx', ['--yes', url, '--version']);
      expect(version.status, version.out).toBe(0);
      expect(version.out.trim().split('\n').at(-1)).toBe(VERSION);
      const lint = run('npx', ['--yes', url, 'lint-config', SAMPLE]);
      expect(lint.status, lint.out).toBe(1);
      expect(lint.out).toMatch(FINDING);
    },
    TIMEOUT,
  );

  it(
    "a clone's npm install builds it; npx runs it there and npm install -g . installs it",
    () => {
      const install = run('npm', ['install', '--no-audit', '--no-fund'], clone);
      expect(install.status, install.out).toBe(0);
      const local = run('npx', ['netback-policy', '--version'], clone);
      expect(local.out.trim()).toBe(VERSION);
      const prefix = join(work, 'global-clone');
      const global = run('npm', ['install', '-g', '--no-audit', '--no-fund', '--prefix', prefix, '.'], clone);
      expect(global.status, global.out).toBe(0);
      expectWorkingInstall(prefix);
    },
    TIMEOUT,
  );
});
