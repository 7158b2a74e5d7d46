/*
 * The pre-commit framework (pre-commit.com) installs the hook from .pre-commit-hooks.yaml as a
 * user's config would (`language: node`: npm install in a clone, npm pack, npm install -g of the
 * tarball, which runs scripts/install.mjs) and runs it: a staged bad config fails with the finding.
 * Slow (a real npm install and build, about 1-2 minutes); .ci/run installs pre-commit with apt.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../support/cli.js';

const hasPreCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasPreCommit) {
  process.stderr.write(
    '\n*** SKIPPED: pre-commit is not installed (apt-get install pre-commit): the framework install of the hook is NOT tested ***\n\n',
  );
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.skipIf(!hasPreCommit)('pre-commit framework', () => {
  it('try-repo installs the hook from this repository and blocks a staged config with lockdep', () => {
    const work = mkdtempSync(join(tmpdir(), 'nbp-pre-commit-'));
    dirs.push(work);
    const git = (...args: string[]) => spawnSync('git', args, { cwd: work, encoding: 'utf8' });
    git('init', '-q');
    writeFileSync(join(work, '.config'), 'CONFIG_XEN=y\nCONFIG_PROVE_LOCKING=y\n');
    git('add', '.config');
    // A fresh PRE_COMMIT_HOME: the environment is really built, not taken from an earlier run.
    const r = spawnSync('pre-commit', ['try-repo', REPO, 'netback-policy', '--verbose'], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, PRE_COMMIT_HOME: join(work, '.pre-commit-home'), NO_COLOR: '1' },
      timeout: 900_000,
    });
    const out = r.stdout + r.stderr;
    expect(out).not.toMatch(/An unexpected error has occurred|git dep preparation failed|tsc: not found/);
    expect(r.status, out).toBe(1);
    expect(out).toMatch(/^\.config:2:1: error: CONFIG_PROVE_LOCKING=y: .*\[lock-debugging\]$/m);
    expect(out).toMatch(/commit blocked/);
  }, 900_000);
});
