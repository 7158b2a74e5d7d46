import { describe, it, expect } from 'vitest';
import { cpSync, mkdtempSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli, REPO } from '../support/cli.js';

// --dry-run must list every knob — patched, satisfied or refused — not stop at the first refusal.
describe('generate-patch --dry-run with refused knobs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nbp-dry-'));
  const policy = join(dir, 'mix.ts');
  writeFileSync(
    policy,
    `import { definePolicy } from 'netback-policy';
export default definePolicy({
  name: 'mix', author: 'A B <a@b.example>', date: '2026-01-01T00:00:00Z',
  threading: { model: 'tasklet', groups: 2 },
  irq: { spread: 'group-cpu' },
  locks: { idxRelease: 'per-group' },
});
`,
  );

  it('pvops netback-only tree: lists the irq refusal and the patches, exits 2, writes nothing', () => {
    const tree = join(dir, 'pvops');
    mkdirSync(tree);
    cpSync(join(REPO, 'samples/trees/pvops-2.6.32/drivers'), join(tree, 'drivers'), { recursive: true });
    const out = join(dir, 'out');
    const r = runCli(['generate-patch', policy, '--tree', tree, '--dry-run', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^target: pvops-2\.6\.32$/m);
    expect(r.stdout).toMatch(/^refused: irq\.spread: .*\n {2}instead: .*irqbalance/m);
    expect(r.stdout).toMatch(/\[PATCH 1\/\d+\]/);
    expect(r.stdout).toMatch(/a real run would stop with an error and write nothing/);
    expect(existsSync(out)).toBe(false);
    // Without --dry-run the same policy is one error line and nothing written.
    const real = runCli(['generate-patch', policy, '--tree', tree, '--out', out]);
    expect(real.code).toBe(2);
    expect(real.stderr.trim().split('\n')).toHaveLength(1);
    expect(real.stderr).toMatch(/irq\.spread/);
    expect(existsSync(out)).toBe(false);
  });
});
