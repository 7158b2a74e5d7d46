/*
 * upstream-mq on the real tree: Debian's linux-6.1 xen-netback. For the seed's policy and for each
 * knob alone, every patch is applied in order and the module is built out of tree after each one
 * (the series must be bisectable): the build succeeds, gcc prints no warning the unpatched build
 * did not, and modpost finds every symbol exported. Every patch passes checkpatch.pl --strict
 * from the same tree with no errors and no warnings.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Policy } from '../../src/dsl/policy.js';
import { KernelTree, Workspace } from '../../src/patch/tree.js';
import { upstreamMq } from '../../src/targets/upstream-mq.js';
import { linuxTree } from '../support/linux-tree.js';
import {
  type BuildResult,
  buildModule,
  checkpatch,
  driverRepo,
  DRIVER,
  gitAm,
  newWarnings,
  tempDir,
} from '../support/kbuild.js';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { runCli } from '../support/cli.js';

const BIND_SUBJECT = "xen-netback: set each queue's kthreads' affinity to the queue's CPU";
const STRICT_SUBJECT = "xen-netback: bind each queue's kthreads to the queue's CPU";
const IRQ_SUBJECT = "xen-netback: point each queue's interrupts at the queue's CPU";
const ONLINE_SUBJECT = 'xen-netback: put queues back on their CPU when it comes online';

// Variants the sample policy files do not cover, run through the plan API. [name, policy, subjects]
const CASES: Array<[string, Policy, string[]]> = [
  ['queue cap 16', { threading: { queueCap: 16 } }, ['xen-netback: cap the default max_queues at 16 queues']],
  ['groups 4', { threading: { groups: 4 } }, ['xen-netback: cap the default max_queues at 4 queues']],
  [
    'strict binding, least-loaded, IRQs',
    { threading: { bindToCpu: true, strictBinding: true }, assignment: 'least-loaded', irq: { spread: 'group-cpu' } },
    [STRICT_SUBJECT, IRQ_SUBJECT, ONLINE_SUBJECT],
  ],
  [
    'IRQs alone, least-loaded',
    { assignment: 'least-loaded', irq: { spread: 'group-cpu' } },
    [IRQ_SUBJECT, ONLINE_SUBJECT],
  ],
];

// The sample policies through the built CLI, `git am` and a build after every patch.
// [policy file, expected subjects]
const FILES: Array<[string, string[]]> = [
  ['seed-recommended.ts', [BIND_SUBJECT, IRQ_SUBJECT, ONLINE_SUBJECT]],
  ['knob-groups.ts', ['xen-netback: default max_queues to one queue per 2 online CPUs']],
  ['knob-bind.ts', [BIND_SUBJECT, ONLINE_SUBJECT]],
  ['knob-irq-spread.ts', [IRQ_SUBJECT, ONLINE_SUBJECT]],
  ['knob-queue-cap.ts', ['xen-netback: cap the default max_queues at 4 queues']],
  ['knob-strict-binding.ts', [STRICT_SUBJECT, ONLINE_SUBJECT]],
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
      writeFileSync(
        msg,
        `${change.subsystem}: ${change.summary}\n\n${change.body}\n\nSigned-off-by: Jane Doe <jane@example.com>\n`,
      );
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
      expect({ file: f, errors: cp.errors, warnings: cp.warnings }, cp.output).toEqual({
        file: f,
        errors: 0,
        warnings: 0,
      });
    }
  });

  it.each(FILES)('generate-patch %s: git am, build after every patch, checkpatch', (file, subjects) => {
    const out = join(tempDir('netback-mq-out-'), 'series');
    const r = runCli(['generate-patch', join('samples/policies', file), '--tree', linuxTree(), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('target: upstream-mq');
    const patches = readdirSync(out)
      .filter((f) => /^\d{4}-.*\.patch$/.test(f) && !f.startsWith('0000-'))
      .sort();
    expect(
      patches.map((f) => /^Subject: \[PATCH \d+\/\d+\] (.*)$/m.exec(readFileSync(join(out, f), 'utf8'))?.[1]),
    ).toEqual(subjects);
    git(repo, 'checkout', '-q', '-B', `cli-${file}`, 'base');
    for (const f of patches) {
      gitAm(repo, join(out, f));
      const b = buildModule(repo);
      expect(b.ok, `${f}:\n${b.output}`).toBe(true);
      expect(newWarnings(base.warnings, b.warnings), f).toEqual([]);
      expect(b.undefinedSymbols, f).toEqual([]);
      const cp = checkpatch(join(out, f));
      expect({ f, errors: cp.errors, warnings: cp.warnings }, cp.output).toEqual({ f, errors: 0, warnings: 0 });
    }
    // The patched driver satisfies the policy: a second run has nothing to do.
    const again = runCli(['generate-patch', join('samples/policies', file), '--tree', repo, '--dry-run']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('nothing to do');
  });

  it('generate-patch --dry-run on the real tree lists patches and satisfied knobs', () => {
    const r = runCli(['generate-patch', 'samples/policies/seed-recommended.ts', '--tree', linuxTree(), '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('target: upstream-mq');
    expect(r.stdout).toContain(
      "note: locks.idxRelease 'per-group': already satisfied (each queue has its own callback_lock and response_lock)",
    );
    expect(r.stdout).toContain("note: threading.model 'kthread': already satisfied");
    expect(r.stdout).toContain(
      'note: threading.groups/queueCap: already satisfied (max_queues defaults to min(8, online CPUs))',
    );
    for (const s of [BIND_SUBJECT, IRQ_SUBJECT, ONLINE_SUBJECT]) expect(r.stdout).toContain(s);
    expect(r.stdout).toContain('dry run: 3 patches, nothing written');
  });

  it.each([
    ['knob-tasklet.ts', "threading.model: upstream removed tasklets; use 'kthread'"],
    [
      'knob-round-robin.ts',
      "assignment: assignment chooses the CPUs of each vif's queues for their threads and interrupts, but this policy pins neither",
    ],
  ])('generate-patch %s is refused with the reason (exit 2)', (file, message) => {
    // --dry-run lists the refusal with every other knob; a real run stops with one error line.
    const dry = runCli(['generate-patch', join('samples/policies', file), '--tree', linuxTree(), '--dry-run']);
    expect(dry.code).toBe(2);
    expect(dry.stdout).toContain(`refused: ${message}`);
    const out = join(mkdtempSync(join(tmpdir(), 'nbp-refused-')), 'patches');
    const r = runCli(['generate-patch', join('samples/policies', file), '--tree', linuxTree(), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(existsSync(out)).toBe(false);
  });

  it.each([['knob-kthread.ts'], ['knob-locks.ts']])('generate-patch %s: nothing to do, a note says why', (file) => {
    const r = runCli(['generate-patch', join('samples/policies', file), '--tree', linuxTree(), '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/note: .*already satisfied/);
    expect(r.stdout).toContain('nothing to do');
  });
});
