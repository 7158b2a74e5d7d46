/* generate-patch end to end through the built CLI, with the DSL engineer's sample policies. */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { runCli, REPO } from '../support/cli.js';
import { MANIFEST } from '../../src/io/out-dir.js';
import { SAMPLE, cleanup, gitCopy, tmp } from '../targets/pvops-support.js';

const pol = (n: string) => join(REPO, 'samples', 'policies', n);

describe('netback-policy generate-patch', () => {
  it.each([
    ['seed-recommended.ts', 5],
    ['knob-locks.ts', 1],
    ['knob-kthread.ts', 1],
    ['knob-round-robin.ts', 1],
  ])('%s: writes cover letter, %i patch(es) and series atomically into --out', (file, n) => {
    const out = join(tmp('cli'), 'patches');
    try {
      const r = runCli(['generate-patch', '--policy', pol(file), '--tree', SAMPLE, '--out', out]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const files = readdirSync(out).sort();
      const series = [
        '0000-cover-letter.patch',
        ...readFileSync(join(out, 'series'), 'utf8').trim().split('\n'),
        'series',
      ];
      expect(files).toEqual([MANIFEST, ...series].sort());
      expect(files.length).toBe(n + 3);
      // The manifest names every file written, with its hash.
      expect(Object.keys(JSON.parse(readFileSync(join(out, MANIFEST), 'utf8')).files).sort()).toEqual(series.sort());
      // A second run replaces the directory it wrote, byte for byte the same.
      const before = files.map((f) => readFileSync(join(out, f), 'utf8'));
      expect(runCli(['generate-patch', pol(file), '--tree', SAMPLE, '--out', out]).code).toBe(0);
      expect(
        readdirSync(out)
          .sort()
          .map((f) => readFileSync(join(out, f), 'utf8')),
      ).toEqual(before);
    } finally {
      cleanup(join(out, '..'));
    }
  });

  it('--dry-run prints the plan with diffstats and writes nothing', () => {
    const out = join(tmp('cli'), 'patches');
    const r = runCli(['generate-patch', pol('seed-recommended.ts'), '--tree', SAMPLE, '--out', out, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /\[PATCH 1\/5\] genirq: Export irq_set_affinity\(\) to modules\n {3}kernel\/irq\/manage\.c \| 1 \+/,
    );
    expect(r.stdout).toMatch(/dry run: 5 patches, nothing written/);
    expect(existsSync(out)).toBe(false);
    cleanup(join(out, '..'));
  });

  it('the longest author name a policy may have (60 bytes, non-ASCII) survives plain git am intact', () => {
    const tree = gitCopy(SAMPLE);
    const dir = tmp('author');
    const out = join(dir, 'patches');
    try {
      const name = 'Zoë Ångström-Łukasiewicz Þórðarson Müller Østeröö';
      expect(Buffer.byteLength(name)).toBe(60);
      const author = `${name} <${'z'.repeat(200)}@example.com>`;
      writeFileSync(
        join(dir, 'p.ts'),
        `import { definePolicy } from 'netback-policy';\nexport default definePolicy({ author: '${author}', locks: { idxRelease: 'per-group' } });\n`,
      );
      const id = { GIT_COMMITTER_NAME: 'Test Committer', GIT_COMMITTER_EMAIL: 'committer@example.com' };
      const r = runCli(['generate-patch', join(dir, 'p.ts'), '--tree', tree, '--out', out, '--apply'], { env: id });
      expect(r.stderr).toBe('');
      expect(execFileSync('git', ['-C', tree, 'log', '-1', '--format=%an <%ae>'], { encoding: 'utf8' }).trim()).toBe(
        author,
      );
      // Every header line within RFC 5322's 998-octet limit.
      for (const f of readdirSync(out))
        for (const l of readFileSync(join(out, f), 'utf8').split('\n'))
          expect(Buffer.byteLength(l)).toBeLessThanOrEqual(998);
    } finally {
      cleanup(tree, dir);
    }
  });

  it('--apply runs git am on a clean git tree; a second run says there is nothing to do', () => {
    const tree = gitCopy(SAMPLE);
    const out = join(tmp('cli'), 'patches');
    try {
      // git am records a committer: the user's own identity, given here so the test needs no global git config.
      const id = { GIT_COMMITTER_NAME: 'Test Committer', GIT_COMMITTER_EMAIL: 'committer@example.com' };
      const r = runCli(['generate-patch', pol('seed-recommended.ts'), '--tree', tree, '--out', out, '--apply'], {
        env: id,
      });
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/applied 5 patches with git am/);
      expect(execFileSync('git', ['-C', tree, 'log', '--format=%s'], { encoding: 'utf8' })).toMatch(
        /^xen\/netback: Point each VIF's IRQ/,
      );
      const again = runCli(['generate-patch', pol('seed-recommended.ts'), '--tree', tree, '--out', out]);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/nothing to do/);
    } finally {
      cleanup(tree, join(out, '..'));
    }
  });

  it.each<[string, (tree: string) => string[], RegExp]>([
    ['not a kernel', () => ['--tree', join(REPO, 'src')], /error: no netback driver found/],
    ['missing tree', () => ['--tree', '/nonexistent/tree'], /\/nonexistent\/tree: error: not a directory/],
    [
      'dirty tree with --apply',
      (t) => (writeFileSync(join(t, 'drivers/xen/netback/xenbus.c'), 'x'), ['--tree', t, '--apply']),
      /needs a clean work tree/,
    ],
    ['bad --date', (t) => ['--tree', t, '--date', 'yesterday'], /--date: 'yesterday' is not an ISO 8601 date/],
    ['bad policy', (t) => ['--tree', t, '--policy', pol('bad/unknown-key.ts')], /unknown-key\.ts:\d+/],
  ])('%s → exit 2, one error line, nothing written', (_n, args, msg) => {
    const tree = gitCopy(SAMPLE);
    const out = join(tmp('cli'), 'patches');
    try {
      const a = args(tree);
      const r = runCli([
        'generate-patch',
        ...(a.includes('--policy') ? [] : [pol('seed-recommended.ts')]),
        ...a,
        '--out',
        out,
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(existsSync(out)).toBe(false);
    } finally {
      cleanup(tree, join(out, '..'));
    }
  });
});
