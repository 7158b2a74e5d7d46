import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './support/cli.js';

// docs/cli.md is generated from the built CLI's --help: it must not drift.
describe('docs/cli.md CLI reference', () => {
  it("matches every command's --help (run `npm run docs` after changing a command)", () => {
    const r = spawnSync(process.execPath, [join(REPO, 'scripts', 'gen-cli-reference.mjs'), '--check'], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
