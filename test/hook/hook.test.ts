import { describe, it, expect, beforeEach, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync, mkdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli, REPO } from '../support/cli.js';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function git(cwd: string, ...args: string[]) {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, out: r.stdout + r.stderr };
}

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nbp-hook-'));
  roots.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 't@example.com');
  git(dir, 'config', 'user.name', 'T');
  writeFileSync(join(dir, 'README'), 'x\n');
  git(dir, 'add', 'README');
  git(dir, 'commit', '-qm', 'init');
  return dir;
}

const write = (dir: string, path: string, text: string) => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
};
const head = (dir: string) => git(dir, 'rev-parse', 'HEAD').out.trim();
const commit = (dir: string, msg = 'c') => git(dir, 'commit', '-qm', msg);

const CLEAN = 'CONFIG_XEN=y\nCONFIG_XEN_NETDEV_BACKEND=m\n# CONFIG_PROVE_LOCKING is not set\n';
const LOCKDEP = 'CONFIG_XEN=y\nCONFIG_XEN_NETDEV_BACKEND=m\nCONFIG_PROVE_LOCKING=y\n';
const WARN_ONLY = 'CONFIG_XEN=y\nCONFIG_XEN_DEBUG_FS=y\n';

function installed(): string {
  const dir = repo();
  const r = runCli(['hook', 'install'], { cwd: dir });
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/installed .*\.git\/hooks\/pre-commit/);
  return dir;
}

describe('hook install / uninstall', () => {
  it('writes an executable hook with the absolute node and CLI, and removes only its own', () => {
    const dir = installed();
    const hook = join(dir, '.git', 'hooks', 'pre-commit');
    const text = readFileSync(hook, 'utf8');
    expect(text).toContain(`NODE='${process.execPath}'`);
    expect(text).toContain(`CLI='${join(REPO, 'dist', 'src', 'cli.js')}'`);
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    expect(runCli(['hook', 'install'], { cwd: dir }).stdout).toMatch(/updated/);
    expect(runCli(['hook', 'uninstall'], { cwd: dir }).stdout).toMatch(/removed/);
    expect(existsSync(hook)).toBe(false);
    expect(runCli(['hook', 'uninstall'], { cwd: dir }).stdout).toMatch(/no pre-commit hook/);
  });

  it('refuses to replace or remove a foreign hook; --force keeps it as a backup', () => {
    const dir = repo();
    const hook = join(dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\necho mine\n', { mode: 0o755 });
    const r = runCli(['hook', 'install'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /pre-commit: error: a pre-commit hook that netback-policy did not write is already installed \(.*--force/,
    );
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\necho mine\n');
    const u = runCli(['hook', 'uninstall'], { cwd: dir });
    expect(u.code).toBe(2);
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\necho mine\n');
    const f = runCli(['hook', 'install', '--force'], { cwd: dir });
    expect(f.code).toBe(0);
    expect(f.stdout).toMatch(/replaced .*previous hook is kept as .*pre-commit\.netback-policy-backup/);
    expect(readFileSync(`${hook}.netback-policy-backup`, 'utf8')).toBe('#!/bin/sh\necho mine\n');
  });

  it('honours core.hooksPath', () => {
    const dir = repo();
    git(dir, 'config', 'core.hooksPath', 'githooks');
    expect(runCli(['hook', 'install'], { cwd: dir }).code).toBe(0);
    expect(existsSync(join(dir, 'githooks', 'pre-commit'))).toBe(true);
    expect(existsSync(join(dir, '.git', 'hooks', 'pre-commit'))).toBe(false);
    write(dir, 'x86_64_defconfig', LOCKDEP);
    git(dir, 'add', '.');
    expect(commit(dir).code).not.toBe(0);
  });

  it('outside a git repository: exit 2 with what to do', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nbp-nogit-'));
    roots.push(dir);
    const r = runCli(['hook', 'install'], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: tmpdir() } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a git repository.*\(run this inside a git repository\)/);
  });
});

describe('the hook on real commits', () => {
  let dir: string;
  beforeEach(() => {
    dir = installed();
  });

  it('blocks a staged .config that enables lock debugging, with gcc-style lines', () => {
    const before = head(dir);
    write(dir, '.config', LOCKDEP);
    git(dir, 'add', '.config');
    const r = commit(dir);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/^\.config:3:1: error: CONFIG_PROVE_LOCKING=y: .* \[lock-debugging\]$/m);
    expect(r.out).toMatch(/commit blocked/);
    expect(head(dir)).toBe(before);
  });

  it('passes a clean config; warnings print but do not block unless configured', () => {
    write(dir, 'arch/x86/configs/xen.config', CLEAN);
    git(dir, 'add', '.');
    expect(commit(dir).code).toBe(0);
    write(dir, 'kernel/configs/xen.config', WARN_ONLY);
    git(dir, 'add', '.');
    const w = commit(dir);
    expect(w.code).toBe(0);
    expect(w.out).toMatch(/kernel\/configs\/xen\.config:2:1: warning: .*\[xen-debug-fs\]/);
    git(dir, 'config', 'netback-policy.failOn', 'warning');
    write(dir, 'kernel/configs/xen.config', WARN_ONLY + 'CONFIG_NET=y\n');
    git(dir, 'add', '.');
    expect(commit(dir).code).not.toBe(0);
  });

  it('lints the staged content, not the work tree (partial staging both ways)', () => {
    write(dir, 'defconfig', CLEAN);
    git(dir, 'add', 'defconfig');
    write(dir, 'defconfig', LOCKDEP); // unstaged breakage: not part of the commit
    expect(commit(dir).code).toBe(0);
    git(dir, 'add', 'defconfig'); // now the bad content is staged...
    write(dir, 'defconfig', CLEAN); // ...and fixed only in the work tree
    const r = commit(dir);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/^defconfig:3:1: error: CONFIG_PROVE_LOCKING=y/m);
  });

  it('a renamed bad file is linted under its new name; deleting it passes', () => {
    write(dir, 'old.config', LOCKDEP);
    git(dir, 'add', '.');
    expect(git(dir, 'commit', '-qm', 'bad', '--no-verify').code).toBe(0);
    git(dir, 'mv', 'old.config', 'new.config');
    const r = commit(dir);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/^new\.config:3:1: error:/m);
    expect(r.out).not.toMatch(/old\.config/);
    git(dir, 'rm', '-q', '--cached', 'new.config');
    rmSync(join(dir, 'new.config'));
    expect(commit(dir).code).toBe(0);
  });

  it('honours the staged .netback-policy.json (accepted options), and blocks on a broken one', () => {
    write(dir, '.config', LOCKDEP);
    write(
      dir,
      '.netback-policy.json',
      JSON.stringify({ config: { accept: [{ option: 'PROVE_LOCKING', reason: 'lockdep box' }] } }),
    );
    git(dir, 'add', '.');
    const ok = commit(dir);
    expect(ok.code).toBe(0);
    expect(ok.out).not.toMatch(/PROVE_LOCKING/);
    write(dir, '.netback-policy.json', '{\n  "config": {\n    "accept": [\n  }\n}\n');
    write(dir, '.config', LOCKDEP + 'CONFIG_NET=y\n');
    git(dir, 'add', '.');
    const bad = commit(dir);
    expect(bad.code).not.toBe(0);
    expect(bad.out).toMatch(/^\.netback-policy\.json:\d+:1: error: invalid JSON.*\[bad-baseline\]$/m);
  });

  it('paths with spaces and non-ASCII names are read from the index intact', () => {
    write(dir, 'arch/x86/configs/my dom0 ä.config', LOCKDEP);
    git(dir, 'add', '.');
    const r = commit(dir);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/^arch\/x86\/configs\/my dom0 ä\.config:3:1: error:/m);
  });

  it('falls back to a netback-policy on PATH when the recorded CLI path is gone', () => {
    const hook = join(dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, readFileSync(hook, 'utf8').replace(/^CLI=.*$/m, "CLI='/nonexistent/cli.js'"));
    const bin = join(dir, '.bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'netback-policy'),
      `#!/bin/sh\nexec '${process.execPath}' '${join(REPO, 'dist', 'src', 'cli.js')}' "$@"\n`,
      { mode: 0o755 },
    );
    write(dir, '.config', LOCKDEP);
    git(dir, 'add', '.config');
    const r = spawnSync('git', ['commit', '-qm', 'x'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/^\.config:3:1: error: CONFIG_PROVE_LOCKING=y/m);
  });

  it('with netback-policy nowhere to be found, the hook blocks saying so and how to bypass', () => {
    const hook = join(dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, readFileSync(hook, 'utf8').replace(/^CLI=.*$/m, "CLI='/nonexistent/cli.js'"));
    write(dir, '.config', CLEAN);
    git(dir, 'add', '.config');
    const r = spawnSync('git', ['commit', '-qm', 'x'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: '/usr/bin:/bin', npm_config_offline: 'true' },
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(
      /cannot find netback-policy \(not at \/nonexistent\/cli\.js[^]*bypass once with: git commit --no-verify/,
    );
  });

  it('nothing to lint: a README-only commit passes silently', () => {
    write(dir, 'README', 'more\n');
    write(dir, 'notes.ts', 'export const x = 1;\n'); // TypeScript that is not a policy
    git(dir, 'add', '.');
    const r = commit(dir);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
  });

  it('policy files (importing netback-policy) are validated from the index', () => {
    const bad =
      "import { definePolicy } from 'netback-policy';\nexport default definePolicy({\n  threading: { model: 'kthread', groupz: 2 },\n});\n";
    const good =
      "import { definePolicy } from 'netback-policy';\nexport default definePolicy({\n  threading: { model: 'kthread', groups: 2 },\n});\n";
    write(dir, 'policies/dom0.ts', bad);
    git(dir, 'add', '.');
    const r = commit(dir);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/^policies\/dom0\.ts:3:\d+: error: unknown key 'groupz'.*\[policy-invalid\]$/m);
    // The loader's temporary copy never stays behind.
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all').out).toBe('A  policies/dom0.ts\n');
    write(dir, 'policies/dom0.ts', good);
    git(dir, 'add', '.');
    expect(commit(dir).code).toBe(0);
  });

  // Needs dist/ like every hook test here (npm test builds it first): a missing build fails, never skips.
  it('a staged C file with a function-static lock is reported (a warning: blocks only with failOn warning)', () => {
    const c =
      'static void netif_idx_release(struct xen_netbk *netbk)\n{\n\tstatic DEFINE_SPINLOCK(_lock);\n\tunsigned long flags;\n\n\tspin_lock_irqsave(&_lock, flags);\n\tnetbk->dealloc_prod++;\n\tspin_unlock_irqrestore(&_lock, flags);\n}\n';
    write(dir, 'drivers/xen/netback/netback.c', c);
    write(dir, 'drivers/xen/netback/Makefile', 'obj-m += netbk.o\n');
    git(dir, 'add', '.');
    git(dir, 'config', 'netback-policy.failOn', 'warning');
    const r = commit(dir);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/^drivers\/xen\/netback\/netback\.c:3:\d+: warning: .*\[function-static-lock\]$/m);
    expect(r.out).toMatch(/staged 2 C\/Kbuild files: 0 errors, 1 warning/);
    git(dir, 'config', '--unset', 'netback-policy.failOn');
    expect(commit(dir).code).toBe(0);
    // A Kbuild file that compiles DEBUG in is linted too.
    write(dir, 'drivers/xen/netback/Makefile', 'obj-m += netbk.o\nccflags-y += -DDEBUG\n');
    git(dir, 'add', '.');
    const k = commit(dir);
    expect(k.out).toMatch(/^drivers\/xen\/netback\/Makefile:2:\d+: \w+: .*\[debug-enabled-in-source\]$/m);
  });
});
