/*
 * lock-held-across-grant-copy beyond the table's `rule@line`: the finding's wording, severity
 * and chain where it is (hypervisor or dom0), which vocabulary a file is read with (by its
 * place, its includes, or --vocabulary through every path to the rule), and its documentation.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintSourcePaths, lintSourceText } from '../../src/linters/source-tree.js';
import { LINUX, XEN, vocabularyFor } from '../../rules/source/lock-held-across-grant-copy/vocabulary.js';
import { XEN_BIGLOCK_ERA, XEN_RWLOCK_ERA, XEN_SPINLOCK_ERA } from './grant-eras.js';
import { GNT } from './table.js';
import { REPO, runCli } from '../support/cli.js';
import { seededRandom } from '../support/seeded-random.js';

const tmp = mkdtempSync(join(tmpdir(), 'nbp-grant-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const XEN_PATH = 'xen/common/grant_table.c';
const grant = (code: string, path = XEN_PATH) => lintSourceText(code, path).filter((f) => f.ruleId === GNT);
/** The rwlock era with `lock`/`unlock` around gnttab_copy_one()'s call of gnttab_copy_buf(). */
const lockedCopy = (lock: string, unlock: string) =>
  XEN_RWLOCK_ERA.replace(
    '    return gnttab_copy_buf(op, dest, src);',
    `    ${lock};\n    rc = gnttab_copy_buf(op, dest, src);\n    ${unlock};\n    return rc;`,
  );

describe('lock-held-across-grant-copy in the hypervisor', () => {
  it('names the domain, the lock, the chain and the lines on the big-lock era', () => {
    const [f, ...more] = grant(XEN_BIGLOCK_ERA);
    expect(more).toEqual([]);
    expect(f).toMatchObject({
      severity: 'error',
      line: 100,
      column: 14,
      message:
        "`d`'s domain lock (LOCK_BIGLOCK) taken in `do_grant_table_op()` (line 87) is held across `gnttab_copy()` → " +
        '`__gnttab_copy()` → `memcpy()` (line 51): every vCPU of domain `d` (and every backend copying into `d`) ' +
        'waits on this lock for the whole copy',
      notes: ['calls: gnttab_copy() at line 100, __gnttab_copy() at line 70, memcpy() at line 51'],
      data: {
        vocabulary: 'xen',
        function: 'do_grant_table_op',
        lock: 'd',
        lockCall: 'LOCK_BIGLOCK',
        lockLine: 87,
        chain: ['gnttab_copy', '__gnttab_copy', 'memcpy'],
        copyLine: 51,
      },
    });
    expect(f!.fix).toMatch(/per-active-entry locks.*rwlock.*2015.*per-CPU rwlock \(2016\)/);
  });

  it('domain_lock era: the domain lock, not the grant-table spinlock released in __acquire_grant_for_copy', () => {
    const found = grant(XEN_SPINLOCK_ERA, 'drivers/foo/foo.c');
    expect(found.map((f) => [f.severity, f.data?.['lockCall'], f.data?.['chain']])).toEqual([
      ['error', 'domain_lock', ['gnttab_copy', '__gnttab_copy', 'memcpy']],
    ]);
    expect(found[0]!.message).toMatch(/^`d`'s domain lock taken in `do_grant_table_op\(\)`/);
  });

  it.each([
    [
      'a per-CPU read lock (grant_read_lock) is info',
      'grant_read_lock(dest->domain->grant_table)',
      'grant_read_unlock(dest->domain->grant_table)',
      'info',
      /^the grant-table read lock of `dest->domain->grant_table`.*a writer .* waits for the whole copy$/,
    ],
    [
      'a plain read lock is a warning',
      'read_lock(&dest->domain->grant_table->lock)',
      'read_unlock(&dest->domain->grant_table->lock)',
      'warning',
      /^`dest->domain`'s grant-table read lock .*per-CPU rwlock\)$/,
    ],
    [
      'a write lock is an error naming the domain',
      'write_lock(&dest->domain->grant_table->lock)',
      'write_unlock(&dest->domain->grant_table->lock)',
      'error',
      /^`dest->domain`'s grant-table lock .*every vCPU of domain `dest->domain`/,
    ],
    [
      'a spinlock on something else is an error without a domain',
      'spin_lock(&dest->lock)',
      'spin_unlock(&dest->lock)',
      'error',
      /^spinlock `dest->lock` .*every vCPU that wants this lock spins/,
    ],
  ])('%s', (_, lock, unlock, severity, message) => {
    const [f, ...more] = grant(lockedCopy(lock, unlock));
    expect(more).toEqual([]);
    expect(f!.severity).toBe(severity);
    expect(f!.message).toMatch(message);
    expect(f!.data?.['chain']).toEqual(['gnttab_copy_buf', 'memcpy']);
  });

  it('names the heaviest of several held locks first, the others in a note', () => {
    const [f] = grant(
      lockedCopy(
        'grant_read_lock(src->domain->grant_table);\n    domain_lock(dest->domain)',
        'domain_unlock(dest->domain);\n    grant_read_unlock(src->domain->grant_table)',
      ),
    );
    expect(f!.message).toMatch(/^`dest->domain`'s domain lock taken/);
    expect(f!.notes).toContainEqual(
      expect.stringMatching(/^also held: `src->domain->grant_table` \(grant_read_lock\(\) at line \d+\)$/),
    );
  });

  it('the modern shape reports nothing, and a domain lock around its gnttab_copy() is followed four calls deep', () => {
    expect(grant(XEN_RWLOCK_ERA)).toEqual([]);
    const locked = XEN_RWLOCK_ERA.replace(
      '        rc = gnttab_copy(guest_handle_cast(uop, gnttab_copy_t), count);',
      '        domain_lock(current->domain);\n        rc = gnttab_copy(guest_handle_cast(uop, gnttab_copy_t), count);\n        domain_unlock(current->domain);',
    );
    expect(grant(locked).map((f) => f.data?.['chain'])).toEqual([
      ['gnttab_copy', 'gnttab_copy_one', 'gnttab_copy_buf', 'memcpy'],
    ]);
  });
});

describe('lock-held-across-grant-copy in dom0', () => {
  it('words a dom0 finding as a hypercall under a spinlock, with the chain', () => {
    const code =
      'static void flush(struct q *q)\n{\n\tgnttab_batch_copy(q->ops, q->n);\n}\n' +
      'static void f(struct dev *d)\n{\n\tspin_lock_bh(&d->lock);\n\tflush(d->q);\n\tspin_unlock_bh(&d->lock);\n}\n';
    const [f] = grant(code, 'drivers/net/xen-netback/rx.c');
    expect(f).toMatchObject({
      severity: 'warning',
      line: 8,
      message:
        'spinlock `d->lock` taken in `f()` (line 7) is held across `flush()` → `gnttab_batch_copy()` (line 3): the hypercall ' +
        'traps into Xen for the whole copy/map, and every CPU that wants it spins meanwhile',
      data: { vocabulary: 'linux', chain: ['flush', 'gnttab_batch_copy'], hypercall: 'gnttab_batch_copy' },
    });
  });
});

describe('which vocabulary a file is read with', () => {
  const none = () => '';
  it.each([
    ['xen/common/grant_table.c', XEN],
    ['src/xen-4.17/xen/arch/x86/mm.c', XEN],
    ['xen/include/xen/sched.h', XEN],
    ['xen/drivers/passthrough/iommu.c', XEN],
    ['drivers/xen/grant-table.c', LINUX],
    ['arch/x86/xen/p2m.c', LINUX],
    ['include/xen/grant_table.h', LINUX],
    ['drivers/net/xen-netback/netback.c', LINUX],
    ['tools/libs/gnttab/linux.c', LINUX],
  ])('auto: %s by its place', (path, want) => {
    expect(vocabularyFor('auto', path, none)).toBe(want);
  });
  it("auto: by the hypervisor-only headers it includes, not by Linux's include/xen", () => {
    expect(vocabularyFor('auto', 'a.c', () => '#include <xen/sched.h>\n')).toBe(XEN);
    expect(vocabularyFor('auto', 'a.c', () => '#include <xen/grant_table.h>\n#include <xen/page.h>\n')).toBe(LINUX);
  });
  it('a choice overrides the place', () => {
    expect(vocabularyFor('linux', XEN_PATH, none)).toBe(LINUX);
    expect(vocabularyFor('xen', 'drivers/foo/foo.c', none)).toBe(XEN);
  });

  // Hypervisor words in a dom0-looking file: a finding only when read as Xen.
  const WORDS =
    'static void gnttab_flip(struct domain *d)\n{\n\tLOCK_BIGLOCK(d);\n\tsp = map_domain_page(f);\n\tmemcpy(dp, sp, n);\n\tUNLOCK_BIGLOCK(d);\n}\n';
  const tree = join(tmp, 'tree');
  mkdirSync(join(tree, 'pad'), { recursive: true });
  writeFileSync(join(tree, 'words.c'), WORDS);
  // Enough files for the worker pool (it starts at 256 walked files).
  for (let k = 0; k < 300; k++) writeFileSync(join(tree, 'pad', `p${k}.c`), `int p${k};\n`);
  const built: typeof lintSourcePaths = async (...a) =>
    (
      (await import(join(REPO, 'dist', 'src', 'linters', 'source-tree.js'))) as {
        lintSourcePaths: typeof lintSourcePaths;
      }
    ).lintSourcePaths(...a);

  it.each([
    ['in this thread, rg', 1, true],
    ['in this thread, JS', 1, false],
    ['on the worker pool, rg', 3, true],
    ['on the worker pool, JS', 2, false],
  ])('--vocabulary reaches the rule %s', async (_, jobs, rg) => {
    const run = (vocabulary?: 'xen' | 'linux' | 'auto') =>
      (jobs > 1 ? built : lintSourcePaths)([tree], { jobs, rg, ...(vocabulary ? { vocabulary } : {}) });
    const lines = (r: Awaited<ReturnType<typeof run>>) => r.findings.map((f) => `${f.ruleId}@${f.line} ${f.severity}`);
    expect(lines(await run())).toEqual([]);
    const xen = await run('xen');
    expect(xen.stats.jobs).toBe(jobs);
    expect(lines(xen)).toEqual([`${GNT}@5 error`]);
    expect(lines(await run('linux'))).toEqual([]);
  });

  it('on the command line, and a bad value is a usage error naming the flag', () => {
    const file = join(tree, 'words.c');
    expect(runCli(['lint-source', file]).code).toBe(0);
    const r = runCli(['lint-source', file, '--vocabulary', 'xen']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /words\.c:5:2: error: `d`'s domain lock \(LOCK_BIGLOCK\) taken in `gnttab_flip\(\)` \(line 3\) is held across `memcpy\(\)` \(line 5\)/,
    );
    const bad = runCli(['lint-source', file, '--vocabulary', 'bsd']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--vocabulary expects auto, xen, linux, got 'bsd'/);
  });
});

/*
 * Generated functions of locks, unlocks, copies, helper calls and every kind of jump, braces
 * unbalanced at times: the walk always ends, and a finding needs a lock taken before it in the
 * text (jumps only go forward, loops are read once) and stays when the unlocks are removed.
 */
describe('the path walk on generated functions', () => {
  const PIECES = [
    'spin_lock(&a);',
    'spin_unlock(&a);',
    'mutex_lock(&m);',
    'mutex_unlock(&m);',
    'flush(q);',
    'gnttab_batch_copy(o, n);',
    'if (e) {',
    '} else {',
    '}',
    '{',
    'return;',
    'goto out;',
    'out:',
    'while (x) {',
    'break;',
    'continue;',
    'do {',
    '} while (0);',
    'switch (s) {',
    'case 1:',
    'default:',
    'list_for_each_entry(p, &h, l) {',
    'if (e)',
    'x = y ? z : w;',
  ];
  const HELPER = 'static void flush(struct q *q)\n{\n\tgnttab_batch_copy(q->ops, q->n);\n}\n';
  const findings = (body: string) =>
    grant(`${HELPER}static void f(struct dev *d)\n{\n${body}\n}\n`, 'drivers/foo/foo.c').map((f) => f.line);
  it('on 3000 functions', () => {
    const rand = seededRandom(0x9a7);
    let found = 0;
    for (let i = 0; i < 3000; i++) {
      const lines: string[] = [];
      for (let k = 2 + rand(14); k > 0; k--) lines.push('\t' + PIECES[rand(PIECES.length)]);
      const body = lines.join('\n');
      const got = findings(body);
      found += got.length;
      // Line 7 is the body's first line; a finding's line needs a lock on an earlier line of the body.
      for (const line of got)
        expect(
          lines.slice(0, line - 7).some((l) => /_lock\(/.test(l)),
          body,
        ).toBe(true);
      const unlocked = findings(lines.map((l) => (/_unlock\(/.test(l) ? '\t;' : l)).join('\n'));
      for (const line of got) expect(unlocked, body).toContain(line);
    }
    expect(found).toBeGreaterThan(150);
  });
});

describe('netback-policy rules lock-held-across-grant-copy', () => {
  it('documents both vocabularies, the flag and the call-depth limit', () => {
    const r = runCli(['rules', GNT]);
    expect(r.code).toBe(0);
    for (const s of [
      '--vocabulary auto|xen|linux',
      'Linux dom0',
      'gnttab_batch_copy',
      'HYPERVISOR_grant_table_op',
      'Xen:',
      'LOCK_BIGLOCK',
      'domain_lock',
      'percpu_read_lock',
      'map_domain_page',
      'through at most 4 of them',
      'recursion',
      'function pointers',
    ]) {
      expect(r.stdout).toContain(s);
    }
  });
});
