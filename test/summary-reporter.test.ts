/* The closing line (test/support/summary-reporter.ts) on real vitest runs of fixtures that fail outside a test. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './support/cli.js';

function vitest(...files: string[]) {
  const r = spawnSync(
    process.execPath,
    [
      join(REPO, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      'test/support/fixtures/vitest.fixtures.config.ts',
      ...files,
    ],
    { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  return { code: r.status, line: /^tests: .*$/m.exec(r.stdout)?.[0] };
}

describe('summary line', () => {
  it.each([
    ['a failed beforeAll', 'hook-fails', 'tests: 1 passed, 1 failed, 2 skipped'],
    ['a file that fails to load', 'load-fails', 'tests: 0 passed, 1 failed, 0 skipped'],
  ])('counts %s as a failure and vitest exits 1', (_what, file, line) => {
    const r = vitest(`${file}.fixture.ts`);
    expect(r.code).toBe(1);
    expect(r.line).toBe(line);
  });
});
