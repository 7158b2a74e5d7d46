/*
 * The series writer (src/patch/series.ts, mbox.ts) on a target made up here: three changes to two
 * files of a temp tree. Checks what `git am` and a reviewer read: file names, [PATCH n/N] subjects,
 * From/Date/Signed-off-by, the per-patch and merged diffstats, the quilt `series` file, refusals
 * and no-op changes. Written to kill the mutants of those modules (bench/mutation.md).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Policy } from '../../src/dsl/policy.js';
import type { Change, Plan, Refusal, Target } from '../../src/targets/target.js';
import { KernelTree, type Workspace } from '../../src/patch/tree.js';
import { buildSeries, type Series } from '../../src/patch/series.js';
import { COVER_LETTER, DEFAULT_AUTHOR, describePolicy, formatSeries, patchFileName } from '../../src/patch/mbox.js';
import { NetbackError } from '../../src/core/errors.js';

const root = mkdtempSync(join(tmpdir(), 'nbp-mbox-'));
mkdirSync(join(root, 'drivers/net'), { recursive: true });
mkdirSync(join(root, 'kernel'), { recursive: true });
writeFileSync(join(root, 'drivers/net/a.c'), 'int a;\nint b;\nint c;\n');
writeFileSync(join(root, 'kernel/z.c'), 'int z;\n');

const edit = (rel: string, from: string, to: string) => (ws: Workspace) =>
  ws.write(rel, ws.read(rel).replace(from, to));
function change(
  slug: string,
  subsystem: string,
  apply: (ws: Workspace) => void,
  knob: Change['knob'] = 'assignment',
): Change {
  return { knob, slug, subsystem, summary: `Do ${slug}`, body: `Why ${slug}.`, apply };
}
const CHANGES = [
  change('one', 'xen/netback', edit('drivers/net/a.c', 'int b;\n', 'int b2;\nint b3;\n')),
  change('two', 'genirq', edit('kernel/z.c', 'int z;\n', 'long z;\n')),
  change('three', 'xen/netback', (ws) => {
    edit('drivers/net/a.c', 'int c;\n', '')(ws);
    edit('kernel/z.c', 'long z;\n', 'long z;\nlong y;\n')(ws);
  }),
];
function target(changes: Change[], refusals: Refusal[] = [], notes: string[] = []): Target {
  const plan: Plan = { changes, notes, refusals };
  return {
    id: 'toy-1.0',
    description: 'a toy tree',
    files: [],
    anchors: [],
    detect: () => null,
    plan: () => plan,
  } as unknown as Target;
}
const POLICY: Policy = {
  name: 'toy',
  author: 'Jane Doe <jane@example.com>',
  date: '2011-03-01T09:30:00+01:00',
  threading: { groups: 4 },
  assignment: 'round-robin',
};
const tree = new KernelTree(root);
const series = (policy: Policy = POLICY, t = target(CHANGES, [], ['a note'])) => buildSeries(t, policy, tree);

describe('buildSeries', () => {
  it('diffs each change against the state after the previous ones, files sorted by path', () => {
    const s = series();
    expect(s.patches.map((p) => [p.change.slug, p.files.map((f) => `${f.path} +${f.added} -${f.removed}`)])).toEqual([
      ['one', ['drivers/net/a.c +2 -1']],
      ['two', ['kernel/z.c +1 -1']],
      ['three', ['drivers/net/a.c +0 -1', 'kernel/z.c +1 -0']],
    ]);
    expect(s.notes).toEqual(['a note']);
    expect(s.refusals).toEqual([]);
  });

  it("lists a change's files by path, whatever order it wrote them in", () => {
    const backwards = change('back', 'xen/netback', (ws) => {
      edit('kernel/z.c', 'int z;\n', 'int z2;\n')(ws);
      edit('drivers/net/a.c', 'int a;\n', 'int a2;\n')(ws);
    });
    expect(series(POLICY, target([backwards])).patches[0]!.files.map((f) => f.path)).toEqual([
      'drivers/net/a.c',
      'kernel/z.c',
    ]);
  });

  it('drops a change that edits nothing, with a note', () => {
    const noop = change('noop', 'xen/netback', edit('drivers/net/a.c', 'no such text', 'x'), 'irq.spread');
    const s = series(POLICY, target([CHANGES[0]!, noop]));
    expect(s.patches.map((p) => p.change.slug)).toEqual(['one']);
    expect(s.notes).toEqual(['irq.spread: the tree already has this change; no patch']);
  });

  const refusals: Refusal[] = [
    { knob: 'threading.model', message: 'no kthreads', hint: 'h1' },
    { knob: 'irq.spread', message: 'no irq', hint: 'h2' },
    { knob: 'assignment', message: 'no rr', hint: 'h3' },
  ];
  it('stops on the first refusal naming the others, unless asked to keep them', () => {
    const t = target(CHANGES, refusals);
    const e = (() => {
      try {
        buildSeries(t, POLICY, tree);
      } catch (x) {
        return x as NetbackError;
      }
    })()!;
    expect(e).toBeInstanceOf(NetbackError);
    expect([e.code, e.message, e.file, e.hint]).toEqual([
      'knob-refused',
      'threading.model: no kthreads on target toy-1.0 (and 2 more: irq.spread, assignment)',
      tree.root,
      'h1',
    ]);
    expect(() => buildSeries(target(CHANGES, [refusals[1]!]), POLICY, tree)).toThrow(
      /^irq\.spread: no irq on target toy-1\.0$/,
    );
    const kept = buildSeries(t, POLICY, tree, { keepRefusals: true });
    expect(kept.refusals).toEqual(refusals);
    expect(kept.patches).toHaveLength(3);
  });
});

describe('formatSeries', () => {
  // Computed inside each test, not at collection: Stryker activates a mutant only while tests run.
  const written = () => formatSeries(series(), { version: '9.9.9' });

  it('names the files like git format-patch, cover letter first, and lists them for quilt', () => {
    const files = written();
    const names = [...files.keys()];
    expect(names).toEqual([
      '0000-cover-letter.patch',
      '0001-one.patch',
      '0002-two.patch',
      '0003-three.patch',
      'series',
    ]);
    expect(COVER_LETTER).toBe('0000-cover-letter.patch');
    expect(files.get('series')).toBe('0001-one.patch\n0002-two.patch\n0003-three.patch\n');
    expect(patchFileName(12, series().patches[0]!)).toBe('0012-one.patch');
  });

  it('writes each patch as one mbox message, numbered n/N', () => {
    const files = written();
    const p2 = files.get('0002-two.patch')!;
    const diff = series().patches[1]!.files[0]!.text;
    expect(p2).toMatch(/^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001\n/);
    expect(p2.slice(p2.indexOf('\n') + 1)).toBe(
      'From: Jane Doe <jane@example.com>\nDate: Tue, 1 Mar 2011 09:30:00 +0100\nSubject: [PATCH 2/3] genirq: Do two\n\n' +
        'Why two.\n\nSigned-off-by: Jane Doe <jane@example.com>\n---\n' +
        ' kernel/z.c | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\n' +
        `${diff}-- \nnetback-policy 9.9.9\n\n`,
    );
    expect(files.get('0001-one.patch')).toContain('\nSubject: [PATCH 1/3] xen/netback: Do one\n');
    const p3 = files.get('0003-three.patch')!;
    expect(p3).toContain('\nSubject: [PATCH 3/3] xen/netback: Do three\n');
    // Two files: their diffs follow the stat back to back.
    const [a, z] = series().patches[2]!.files;
    expect(p3).toContain(`(-)\n\n${a!.text}${z!.text}-- \n`);
    // The From_ ids are stable run to run and differ between messages.
    const ids = [...files.values()].filter((t) => t.startsWith('From ')).map((t) => t.slice(5, 45));
    expect(new Set(ids).size).toBe(4);
    expect([...formatSeries(series(), { version: '9.9.9' }).values()]).toEqual([...files.values()]);
  });

  it('writes the cover letter: 0/N, the main subsystem, knobs, notes, each patch with its stat, the merged stat', () => {
    const files = written();
    const cover = files.get(COVER_LETTER)!;
    expect(cover.slice(cover.indexOf('\n') + 1)).toBe(
      'From: Jane Doe <jane@example.com>\nDate: Tue, 1 Mar 2011 09:30:00 +0100\n' +
        'Subject: [PATCH 0/3] xen/netback: apply the toy policy\n\n' +
        'This series applies the netback policy "toy" to toy-1.0 (a toy tree).\n\nPolicy:\n' +
        '  threading.groups: 4\n  assignment: "round-robin"\n\n' +
        'Each patch makes one change and the tree builds after each of them, so\nthe series bisects. Every commit message says which throughput or\n' +
        'correctness problem its change addresses.\n\nNotes:\n  - a note\n\nPatches:\n\n' +
        '  1. xen/netback: Do one\n drivers/net/a.c | 3 ++-\n 1 file changed, 2 insertions(+), 1 deletion(-)\n\n' +
        '  2. genirq: Do two\n kernel/z.c | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\n' +
        '  3. xen/netback: Do three\n drivers/net/a.c | 1 -\n kernel/z.c      | 1 +\n 2 files changed, 1 insertion(+), 1 deletion(-)\n\n' +
        ' drivers/net/a.c | 4 ++--\n kernel/z.c      | 3 ++-\n 2 files changed, 4 insertions(+), 3 deletions(-)\n\n' +
        '-- \nnetback-policy 9.9.9\n\n',
    );
  });

  it('takes --date over the policy date, the epoch without either, and the default author', () => {
    const date = (p: Policy, d?: string) =>
      formatSeries(series(p), { version: 'v', ...(d ? { date: d } : {}) }).get('0001-one.patch')!;
    expect(date(POLICY, '2024-05-01')).toContain('\nDate: Wed, 1 May 2024 00:00:00 +0000\n');
    const bare: Policy = { assignment: 'round-robin' };
    const p = date(bare);
    expect(p).toContain('\nDate: Thu, 1 Jan 1970 00:00:00 +0000\n');
    expect(DEFAULT_AUTHOR).toBe('netback-policy <netback-policy@localhost.localdomain>');
    expect(p).toContain('\nFrom: netback-policy <netback-policy@localhost.localdomain>\n');
    expect(p).toContain('\nSigned-off-by: netback-policy <netback-policy@localhost.localdomain>\n');
    expect(() => date(bare, 'yesterday')).toThrow(/^--date: 'yesterday' is not an ISO 8601 date$/);
    expect(() => date({ ...bare, date: 'soon' })).toThrow(/^policy date: 'soon' is not an ISO 8601 date$/);
    const cover = formatSeries(series(bare), { version: 'v' }).get(COVER_LETTER)!;
    expect(cover).toContain('\nSubject: [PATCH 0/3] xen/netback: apply the netback policy\n');
    expect(cover).toContain('the netback policy "unnamed" to');
  });

  it('names the cover letter after the most common subsystem, ties by name', () => {
    const two = target([CHANGES[0]!, CHANGES[1]!]);
    expect(formatSeries(buildSeries(two, POLICY, tree), { version: 'v' }).get(COVER_LETTER)).toContain(
      'Subject: [PATCH 0/2] genirq: apply',
    );
    const mostly = target([
      CHANGES[1]!,
      CHANGES[2]!,
      change('four', 'genirq', edit('kernel/z.c', 'long y;\n', 'int y;\n')),
    ]);
    const cover = formatSeries(buildSeries(mostly, POLICY, tree), { version: 'v' }).get(COVER_LETTER)!;
    expect(cover).toContain('Subject: [PATCH 0/3] genirq: apply');
    // z.c was touched first: the merged stat is still sorted by path.
    expect(cover).toContain(
      '\n\n drivers/net/a.c | 1 -\n kernel/z.c      | 5 +++--\n 2 files changed, 3 insertions(+), 3 deletions(-)\n\n-- \n',
    );
    // A tie the other way round: still the first name.
    const tie = target([CHANGES[1]!, CHANGES[0]!]);
    expect(formatSeries(buildSeries(tie, POLICY, tree), { version: 'v' }).get(COVER_LETTER)).toContain(
      'Subject: [PATCH 0/2] genirq: apply',
    );
  });

  it('writes nothing for a series without patches', () => {
    const empty: Series = { ...series(), patches: [] };
    expect(formatSeries(empty, { version: 'v' }).size).toBe(0);
  });

  it('describes the policy knobs as dotted keys, without name, author and date', () => {
    const s = {
      ...series(),
      policy: {
        name: 'n',
        author: 'a',
        date: 'd',
        locks: { idxRelease: 'per-group' },
        x: [1, 2],
        threading: { groups: { onlineCpusDividedBy: 2 } },
      } as unknown as Policy,
    };
    expect(describePolicy(s)).toEqual([
      'locks.idxRelease: "per-group"',
      'x: [1,2]',
      'threading.groups.onlineCpusDividedBy: 2',
    ]);
  });
});
