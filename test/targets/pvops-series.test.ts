/*
 * The pvops series on our sample tree, for a table of policies: every patch applies with real
 * `git am` one by one and with `patch -p1 --dry-run`, gcc accepts the tree after every prefix,
 * checkpatch.pl (Debian's linux-6.1, with this era's 80 columns) reports no error or warning, output
 * is byte-deterministic, and a second run on the patched tree yields an empty series.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Policy } from '../../src/dsl/policy.js';
import { generate } from '../../src/generate/generate.js';
import { KernelTree, Workspace } from '../../src/patch/tree.js';
import { planPvops } from '../../src/targets/pvops-plan.js';
import { PVOPS } from '../../src/targets/pvops-files.js';
import { SAMPLE, cleanup, eraCheckpatch, gccCheck, gitAm, gitCopy, writeSeries } from './pvops-support.js';

const AUTHOR = 'Jane Doe <jane@example.com>';
const full: Policy = {
  name: 'full',
  author: AUTHOR,
  date: '2011-03-01T09:30:00+01:00',
  threading: { model: 'kthread', groups: 4, bindToCpu: true },
  assignment: 'round-robin',
  locks: { idxRelease: 'per-group' },
  irq: { spread: 'group-cpu' },
};

// [name, policy, expected patch subjects in order]
const CASES: Array<[string, Policy, string[]]> = [
  [
    'everything',
    full,
    [
      'genirq: Export irq_set_affinity',
      'per group',
      'fewer groups',
      'Bind group threads',
      'kernel threads by default',
      'round-robin',
      "VIF's IRQ",
    ],
  ],
  [
    'lock only',
    { author: AUTHOR, locks: { idxRelease: 'per-group' } },
    ['Make the netif_idx_release() lock per group'],
  ],
  ['kthread', { threading: { model: 'kthread' } }, ['Use kernel threads by default']],
  ['half the cpus', { threading: { groups: { onlineCpusDividedBy: 2 } } }, ['Create fewer groups than online CPUs']],
  ['bind', { threading: { bindToCpu: true } }, ['Bind group threads to online CPUs']],
  ['least-loaded', { assignment: 'least-loaded' }, ['Assert RTNL around least-loaded group selection']],
  [
    'irq spread',
    { irq: { spread: 'group-cpu' } },
    ['genirq: Export irq_set_affinity() to modules', "Point each VIF's IRQ at its group's CPU"],
  ],
  [
    'kthread only',
    { threading: { model: 'kthread', keepTaskletOption: false } },
    ['Remove the tasklet mode, deprecate netback_kthread'],
  ],
  [
    'kthread only, everything else too',
    {
      ...full,
      threading: { model: 'kthread', keepTaskletOption: false, groups: { onlineCpusDividedBy: 2 }, bindToCpu: true },
    },
    [
      'genirq: Export',
      'per group',
      'fewer groups',
      'Bind group threads',
      'Remove the tasklet mode',
      'round-robin',
      "VIF's IRQ",
    ],
  ],
];

describe.each(CASES)('pvops-2.6.32 series: %s', (_name, policy, subjects) => {
  it('applies with git am patch by patch, compiles after every prefix, passes patch --dry-run and checkpatch', () => {
    const tree = gitCopy(SAMPLE);
    const { out, names } = writeSeries(policy, tree);
    try {
      expect(names.map((n) => readFileSync(join(out, n), 'utf8').match(/^Subject: (.*)$/m)![1])).toEqual(
        subjects.map((s, i) =>
          expect.stringMatching(new RegExp(`^\\[PATCH ${i + 1}/${subjects.length}\\] .*${s.replace(/[()]/g, '\\$&')}`)),
        ),
      );
      expect(readFileSync(join(out, 'series'), 'utf8')).toBe(names.map((n) => `${n}\n`).join(''));
      expect(gccCheck(tree)).toEqual([]);
      for (const n of names) {
        const p = join(out, n);
        const dry = spawnSync('patch', ['-p1', '--dry-run', '-s', '-i', p], { cwd: tree, encoding: 'utf8' });
        expect(dry.status, `${n}: ${dry.stdout}${dry.stderr}`).toBe(0);
        const am = gitAm(tree, p);
        expect(am.ok, `${n}: ${am.err}`).toBe(true);
        expect(gccCheck(tree), `after ${n}`).toEqual([]);
      }
      const cp = eraCheckpatch(names.map((n) => join(out, n)));
      expect({ status: cp.status, totals: cp.totals }, cp.output).toEqual({
        status: 0,
        totals: names.map(() => ({ errors: 0, warnings: 0 })),
      });
      // Determinism: same inputs, same bytes.
      expect(generate(policy, { tree: SAMPLE, out, version: '0.0.0-test' }).files).toEqual(
        generate(policy, { tree: SAMPLE, out, version: '0.0.0-test' }).files,
      );
      // The patched tree already satisfies the policy: empty series, one note per knob.
      const again = generate(policy, { tree, out, version: '0.0.0-test' });
      expect(again.series.patches).toEqual([]);
      expect(again.files.size).toBe(0);
      expect(again.report).toMatch(/nothing to do/);
    } finally {
      cleanup(tree, out);
    }
  });
});

describe('pvops-2.6.32 series format', () => {
  it('writes mbox headers, S-o-b, diffstat, git hunks and a cover letter with per-patch diffstat', () => {
    const r = generate(full, { tree: SAMPLE, out: 'unused', version: '0.0.0-test' });
    const p = r.files.get('0002-xen-netback-make-the-idx-release-lock-per-group.patch')!;
    expect(p).toMatch(
      /^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001\nFrom: Jane Doe <jane@example.com>\nDate: Tue, 1 Mar 2011 09:30:00 \+0100\nSubject: \[PATCH 2\/7\] xen\/netback: /,
    );
    expect(p).toMatch(
      /\n\nSigned-off-by: Jane Doe <jane@example.com>\n---\n drivers\/xen\/netback\/common\.h  \| 3 \+\+\+\n/,
    );
    expect(p).toMatch(
      /\ndiff --git a\/drivers\/xen\/netback\/netback\.c b\/drivers\/xen\/netback\/netback\.c\nindex [0-9a-f]{12}\.\.[0-9a-f]{12} 100644\n/,
    );
    expect(p).toMatch(/\n@@ -\d+,\d+ \+\d+,\d+ @@ static void net_tx_action\(/); // git's funcname: the line above the hunk
    expect(p).toMatch(/\n-- \nnetback-policy 0\.0\.0-test\n\n$/);
    const cover = r.files.get('0000-cover-letter.patch')!;
    expect(cover).toMatch(/Subject: \[PATCH 0\/7\] xen\/netback: apply the full policy/);
    expect(cover).toMatch(/  threading\.groups: 4\n/);
    expect(cover).toMatch(/ kernel\/irq\/manage\.c \| 1 \+\n/);
  });

  it.each([
    [undefined, 'Thu, 1 Jan 1970 00:00:00 +0000'],
    ['2024-05-01', 'Wed, 1 May 2024 00:00:00 +0000'],
    ['2024-05-01T23:30:00-02:00', 'Wed, 1 May 2024 23:30:00 -0200'],
  ])('--date %s gives Date: %s', (date, header) => {
    const r = generate(
      { locks: { idxRelease: 'per-group' } },
      { tree: SAMPLE, out: 'unused', version: 't', ...(date ? { date } : {}) },
    );
    expect([...r.files.values()][1]).toContain(`\nDate: ${header}\n`);
  });
});

// Kernel threads on by default (or the only mode) while a thread is still bound to CPU id `group`.
const threadsByDefault = (c: string) =>
  /MODPARM_netback_kthread = 1;/.test(c) || !/if \(MODPARM_netback_kthread\)/.test(c);
const bindsGroupId = (c: string) => /kthread_bind\([^,]+, group\)/.test(c);

describe.each(CASES.filter(([, p]) => p.threading?.bindToCpu && p.threading.model === 'kthread'))(
  'pvops-2.6.32 series: %s, bisected',
  (_name, policy) => {
    it('no prefix runs threads by default while binding them to the group number as a CPU id', () => {
      const tree = new KernelTree(SAMPLE);
      const plan = planPvops(policy, tree);
      expect(plan.refusals).toEqual([]);
      const ws = new Workspace(tree);
      const seen: boolean[] = [];
      for (const c of plan.changes) {
        c.apply(ws);
        const nb = ws.read(PVOPS.netback);
        seen.push(threadsByDefault(nb));
        expect(threadsByDefault(nb) && bindsGroupId(nb), c.summary).toBe(false);
      }
      expect(bindsGroupId(readFileSync(join(SAMPLE, PVOPS.netback), 'utf8'))).toBe(true);
      expect(seen.at(-1)).toBe(true);
    });
  },
);

describe.each(CASES)("pvops-2.6.32 series: %s, this era's columns", (_name, policy) => {
  it('every added line fits 80 columns (tabs of 8), as checkpatch before 4.x wants', () => {
    const files = generate(policy, { tree: SAMPLE, out: 'unused', version: '0.0.0-test' }).files;
    const long = [...files].flatMap(([n, text]) =>
      text
        .split('\n')
        .filter((l) => l.startsWith('+') && !l.startsWith('+++'))
        .filter((l) => l.slice(1).replace(/\t/g, '        ').length > 80)
        .map((l) => `${n}: ${l}`),
    );
    expect(long).toEqual([]);
  });
});
