/*
 * upstream-mq on the real tree: Debian's linux-6.1 xen-netback. For the seed's policy and for each
 * knob alone, every patch is applied in order and the module is built out of tree after each one
 * (the series must be bisectable): the build succeeds, gcc prints no warning the unpatched build
 * did not, and modpost finds every symbol exported. Every patch passes checkpatch.pl --strict
 * from the same tree with no errors and no warnings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Policy } from '../../src/dsl/policy.js';
import { KernelTree, Workspace } from '../../src/patch/tree.js';
import { upstreamMq } from '../../src/targets/upstream-mq.js';
import { linuxTree } from '../support/linux-tree.js';
import { type BuildResult, buildModule, checkpatch, driverRepo, DRIVER, newWarnings, tempDir } from '../support/kbuild.js';
import { spawnSync } from 'node:child_process';

// The seed's policy (samples/policies/seed-recommended.ts), as the mq era reads it.
const SEED: Policy = {
  name: 'seed-recommended',
  author: 'Jane Doe <jane@example.com>',
  threading: { model: 'kthread', groups: 'online-cpus', bindToCpu: true },
  locks: { idxRelease: 'per-group' },
  irq: { spread: 'group-cpu' },
};

const GROUPS_SUBJECT = 'xen-netback: default max_queues to the number of online CPUs';
const BIND_SUBJECT = "xen-netback: bind each queue's kthreads to the queue's CPU";
const IRQ_SUBJECT = "xen-netback: point each queue's interrupts at the queue's CPU";

// [name, policy, expected subjects in order]
const CASES: Array<[string, Policy, string[]]> = [
  ['seed-recommended', SEED, [GROUPS_SUBJECT, BIND_SUBJECT, IRQ_SUBJECT]],
  ['groups alone', { threading: { groups: 'online-cpus' } }, [GROUPS_SUBJECT]],
  ['groups 16', { threading: { groups: 16 } }, ['xen-netback: default max_queues to at most 16 queues']],
  ['groups per 2 CPUs', { threading: { groups: { onlineCpusDividedBy: 2 } } }, ['xen-netback: default max_queues to one queue per 2 online CPUs']],
  ['bindToCpu alone', { threading: { bindToCpu: true } }, [BIND_SUBJECT]],
  ['irq.spread alone', { irq: { spread: 'group-cpu' } }, [IRQ_SUBJECT]],
];

function git(repo: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

let repo: string;
let base: BuildResult;
const tree = () => new KernelTree(linuxTree());

beforeAll(() => {
  repo = driverRepo();
  base = buildModule(repo);
  if (!base.ok) throw new Error(`unpatched build failed:\n${base.output}`);
});
afterAll(() => undefined);

describe('upstream-mq on Debian linux-6.1 (real compiler, real modpost, real checkpatch)', () => {
  it('is detected as upstream-mq by its names', () => {
    expect(upstreamMq.detect(tree())).toEqual({
      confidence: 1,
      evidence: [`${DRIVER}/common.h: struct xenvif_queue`, `${DRIVER}/netback.c: xenvif_max_queues`],
    });
  });

  it.each(CASES)('%s: applies, builds after every patch, passes checkpatch', (name, policy, subjects) => {
    const t = tree();
    const plan = upstreamMq.plan(policy, t);
    expect(plan.refusals).toEqual([]);
    expect(plan.changes.map((c) => `${c.subsystem}: ${c.summary}`)).toEqual(subjects);

    git(repo, 'checkout', '-q', '-B', name.replace(/\W+/g, '-'), 'base');
    const ws = new Workspace(t);
    const out = tempDir('netback-mq-series-');
    for (const change of plan.changes) {
      change.apply(ws);
      for (const [path, text] of ws.snapshot()) {
        mkdirSync(dirname(join(repo, path)), { recursive: true });
        writeFileSync(join(repo, path), text);
      }
      const msg = join(out, 'msg');
      writeFileSync(msg, `${change.subsystem}: ${change.summary}\n\n${change.body}\n\nSigned-off-by: Jane Doe <jane@example.com>\n`);
      git(repo, 'commit', '-q', '-a', '--author', 'Jane Doe <jane@example.com>', '-F', msg);
      const b = buildModule(repo);
      expect(b.ok, `${change.summary}:\n${b.output}`).toBe(true);
      expect(newWarnings(base.warnings, b.warnings), change.summary).toEqual([]);
      expect(b.undefinedSymbols, change.summary).toEqual([]);
    }
    const files = git(repo, 'format-patch', '-o', out, 'base..HEAD').trim().split('\n');
    expect(files).toHaveLength(subjects.length);
    for (const f of files) {
      const cp = checkpatch(f);
      expect({ file: f, errors: cp.errors, warnings: cp.warnings }, cp.output).toEqual({ file: f, errors: 0, warnings: 0 });
    }
  });
});
