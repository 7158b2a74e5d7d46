/*
 * upstream-groups (2.6.39 to 3.11) on the netback-shaped sample tree we wrote
 * (samples/trees/upstream-groups-3.0): detection by names, each sample policy through the built
 * CLI and `git am`, `gcc -fsyntax-only -Wall -Werror` against our stub headers after every patch
 * (bisectable), checkpatch.pl --strict from the real 6.1 tree on every patch; plus era detection
 * of the unsupported 1:1 era.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Policy } from '../../src/dsl/policy.js';
import { KernelTree, Workspace } from '../../src/patch/tree.js';
import { buildSeries } from '../../src/patch/series.js';
import { upstreamGroups } from '../../src/targets/upstream-groups.js';
import { runCli, REPO } from '../support/cli.js';
import { checkpatch, DRIVER, gitAm, tempDir } from '../support/kbuild.js';
import { eraCheckpatch } from '../targets/pvops-support.js';

const FIXTURE = join(REPO, 'samples/trees/upstream-groups-3.0');
const STUBS = join(REPO, 'test/stubs/upstream/include');

function git(repo: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

function fixtureRepo(): string {
  const dir = tempDir('netback-groups-');
  cpSync(FIXTURE, dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'base');
  git(dir, 'add', '.');
  git(dir, '-c', 'user.name=t', '-c', 'user.email=t@t.invalid', 'commit', '-q', '-m', 'base');
  git(dir, 'config', 'user.name', 'Jane Doe');
  git(dir, 'config', 'user.email', 'jane@example.com');
  return dir;
}

/** gcc output for every .c of the driver, '' when all compile cleanly. */
function syntaxCheck(root: string): string {
  const dir = join(root, DRIVER);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.c'))
    .map((f) => {
      const r = spawnSync(
        'gcc',
        [
          '-fsyntax-only',
          '-std=gnu99',
          '-Wall',
          '-Werror',
          '-Wdeclaration-after-statement',
          '-nostdinc',
          '-I',
          STUBS,
          f,
        ],
        {
          cwd: dir,
          encoding: 'utf8',
        },
      );
      return r.status === 0 ? '' : `${f}: ${r.stderr}`;
    })
    .join('');
}

const BIND = 'xen-netback: bind group threads to online CPUs';
const IRQ = "xen-netback: hint each vif's interrupt at its group's CPU";

describe('upstream-groups on the sample tree', () => {
  it('is detected as upstream-groups by its names, and the unpatched tree compiles', () => {
    expect(upstreamGroups.detect(new KernelTree(FIXTURE))).toEqual({
      confidence: 1,
      evidence: [`${DRIVER}/netback.c: struct xen_netbk`, `${DRIVER}/netback.c: xen_netbk_add_xenvif()`],
    });
    expect(syntaxCheck(FIXTURE)).toBe('');
  });

  it.each([
    ['seed-recommended.ts', [BIND, IRQ]],
    ['knob-groups.ts', ['xen-netback: create one group per 2 online CPUs']],
    ['knob-bind.ts', [BIND]],
    ['knob-round-robin.ts', ['xen-netback: assign vifs to groups in turn']],
    ['knob-irq-spread.ts', [IRQ]],
  ])('generate-patch %s: git am, gcc after every patch, checkpatch', (file, subjects) => {
    const out = join(tempDir('netback-groups-out-'), 'series');
    const r = runCli(['generate-patch', join('samples/policies', file), '--tree', FIXTURE, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('target: upstream-groups');
    const patches = readdirSync(out)
      .filter((f) => /^\d{4}-.*\.patch$/.test(f) && !f.startsWith('0000-'))
      .sort();
    expect(
      patches.map((f) => /^Subject: \[PATCH \d+\/\d+\] (.*)$/m.exec(readFileSync(join(out, f), 'utf8'))?.[1]),
    ).toEqual(subjects);
    const repo = fixtureRepo();
    for (const f of patches) {
      gitAm(repo, join(out, f));
      expect(syntaxCheck(repo), f).toBe('');
      const cp = checkpatch(join(out, f));
      expect({ f, errors: cp.errors, warnings: cp.warnings }, cp.output).toEqual({ f, errors: 0, warnings: 0 });
    }
    // This era's checkpatch: 80 columns.
    const era = eraCheckpatch(patches.map((f) => join(out, f)));
    expect({ status: era.status, totals: era.totals }, era.output).toEqual({
      status: 0,
      totals: patches.map(() => ({ errors: 0, warnings: 0 })),
    });
    // The patched tree satisfies the policy: a second run has nothing to do.
    const again = runCli(['generate-patch', join('samples/policies', file), '--tree', repo, '--dry-run']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('nothing to do');
  });

  // Combinations and values the sample files do not cover: [name, policy, subjects]
  it.each<[string, Policy, string[]]>([
    [
      'all knobs',
      {
        threading: { model: 'kthread', groups: 4, bindToCpu: true },
        assignment: 'round-robin',
        irq: { spread: 'group-cpu' },
      },
      ['xen-netback: create at most 4 groups', BIND, 'xen-netback: assign vifs to groups in turn', IRQ],
    ],
    ['unbind', { threading: { bindToCpu: false } }, ['xen-netback: leave group threads unbound']],
    ['irq alone, threads bound by id', { irq: { spread: 'group-cpu' } }, [IRQ]],
    [
      'irq alone after round-robin',
      { assignment: 'round-robin', irq: { spread: 'group-cpu' } },
      ['xen-netback: assign vifs to groups in turn', IRQ],
    ],
  ])('%s: every prefix compiles', (_name, policy, subjects) => {
    const series = buildSeries(upstreamGroups, policy, new KernelTree(FIXTURE));
    expect(series.patches.map((p) => `${p.change.subsystem}: ${p.change.summary}`)).toEqual(subjects);
    // Apply the changes one by one to a copy of the tree: every prefix must compile.
    const tree = new KernelTree(FIXTURE);
    const root = tempDir('netback-groups-prefix-');
    cpSync(FIXTURE, root, { recursive: true });
    const ws = new Workspace(tree);
    for (const change of upstreamGroups.plan(policy, tree).changes) {
      change.apply(ws);
      for (const [path, text] of ws.snapshot()) writeFileSync(join(root, path), text);
      expect(syntaxCheck(root), change.summary).toBe('');
    }
    expect(series.notes.join('\n')).not.toContain('already has this change');
  });

  it.each<[string, Policy, string]>([
    ['tasklet', { threading: { model: 'tasklet' } }, "upstream removed tasklets; use 'kthread'"],
    [
      'global lock',
      { locks: { idxRelease: 'global' } },
      "locks.idxRelease 'global' cannot be honoured on upstream-groups",
    ],
  ])('%s is refused', (_name, policy, message) => {
    expect(() => buildSeries(upstreamGroups, policy, new KernelTree(FIXTURE))).toThrow(message);
  });

  it.each<[string, Policy, string]>([
    ['least-loaded', { assignment: 'least-loaded' }, "assignment 'least-loaded': already satisfied"],
    ['online-cpus', { threading: { groups: 'online-cpus' } }, "threading.groups 'online-cpus': already satisfied"],
    ['per-group lock', { locks: { idxRelease: 'per-group' } }, "locks.idxRelease 'per-group': already satisfied"],
    [
      'queue cap (multi-queue only)',
      { threading: { queueCap: 4 } },
      'threading.queueCap: ignored (this era has groups, not queues)',
    ],
    ['strict binding (multi-queue only)', { threading: { strictBinding: false } }, 'threading.strictBinding: ignored'],
  ])('%s: no patch, a note', (_name, policy, note) => {
    const series = buildSeries(upstreamGroups, policy, new KernelTree(FIXTURE));
    expect(series.patches).toEqual([]);
    expect(series.notes.join('\n')).toContain(note);
  });

  it('names the unsupported 1:1 era (3.12 to 3.15) when it sees one', () => {
    const root = tempDir('netback-1to1-');
    mkdirSync(join(root, DRIVER), { recursive: true });
    writeFileSync(
      join(root, DRIVER, 'common.h'),
      'struct xenvif {\n\tstruct task_struct *task;\n};\n\nint xenvif_kthread(void *data);\n',
    );
    writeFileSync(
      join(root, DRIVER, 'netback.c'),
      '#include "common.h"\n\nint xenvif_kthread(void *data)\n{\n\treturn 0;\n}\n',
    );
    const r = runCli(['generate-patch', 'samples/policies/knob-bind.ts', '--tree', root, '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is the upstream 1:1 era (3.12 to 3.15), which netback-policy does not support');
  });
});
