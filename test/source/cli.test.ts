/* End to end: the built CLI on fixtures and small trees we make on the fly. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const PVOPS = 'samples/source/pvops-netback-idx-release.c';
const tmp = mkdtempSync(join(tmpdir(), 'nbp-lint-source-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const LOCKED = 'static void f(struct q *q)\n{\n\tstatic DEFINE_MUTEX(m);\n}\n';

describe('lint-source CLI', () => {
  it('text: the pvops finding, gcc style, exit 1', () => {
    const r = runCli(['lint-source', PVOPS]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^samples\/source\/pvops-netback-idx-release\.c:52:2: warning: static spinlock_t '_lock' in netif_idx_release\(\) guards per-instance state: .*\[function-static-lock\]$/m,
    );
    expect(r.stdout).toContain('struct xen_netbk');
    expect(r.stdout).toMatch(/0 errors, 1 warning, 0 info in 1 files/);
    expect(r.stderr).toBe('');
  });

  it('json and sarif carry the same finding', () => {
    const j = JSON.parse(runCli(['lint-source', PVOPS, '--format', 'json']).stdout);
    expect(j.findings).toHaveLength(1);
    expect(j.findings[0]).toMatchObject({ ruleId: 'function-static-lock', line: 52, data: { struct: 'xen_netbk' } });
    const s = JSON.parse(runCli(['lint-source', PVOPS, '--format', 'sarif']).stdout);
    expect(s.version).toBe('2.1.0');
    expect(s.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['function-static-lock']);
    expect(s.runs[0].tool.driver.rules[0].id).toBe('function-static-lock');
    // The class and the evidence that decided it, in both (SARIF: the result's properties).
    const evidence = [
      {
        expr: 'netbk->dealloc_ring[index]',
        line: 58,
        scope: 'instance',
        write: true,
        via: 'netbk',
        struct: 'struct xen_netbk',
      },
      {
        expr: 'netbk->dealloc_prod',
        line: 61,
        scope: 'instance',
        write: true,
        via: 'netbk',
        struct: 'struct xen_netbk',
      },
    ];
    expect(j.findings[0].data).toMatchObject({ class: 'per-instance', evidence });
    expect(s.runs[0].results[0]).toMatchObject({ level: 'warning', properties: { class: 'per-instance', evidence } });
  });

  it('a global lock is a SARIF note (info) with what it guards, and no fix', () => {
    const file = join(tmp, 'irq.c');
    writeFileSync(
      file,
      'static void f(struct irq_data *d)\n{\n\tstatic DEFINE_RAW_SPINLOCK(l);\n\tstatic struct cpumask tmp_mask;\n\n\traw_spin_lock(&l);\n\tcpumask_copy(&tmp_mask, d->mask);\n\traw_spin_unlock(&l);\n}\n',
    );
    const r = runCli(['lint-source', file, '--format', 'sarif']);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout).runs[0].results[0];
    expect(res).toMatchObject({ level: 'note', properties: { class: 'global' } });
    // The write that decided first, then what the section only reads (not deciding).
    expect(res.properties.evidence).toEqual([
      { expr: 'tmp_mask', line: 7, scope: 'function-static', write: true },
      { expr: 'd->mask', line: 7, scope: 'instance', write: false, via: 'd', struct: 'struct irq_data' },
    ]);
    expect(res.message.text).toContain("guards the function-static 'tmp_mask' (line 7)");
    expect(res.message.text).not.toContain('Fix:');
  });

  it.each([
    [['--fail-on', 'error'], 0, 1],
    [['--rule', 'debug-enabled-in-source'], 0, 0],
    [['--disable', 'function-static-lock'], 0, 0],
    [['--rule', 'function-static-lock,lock-held-across-grant-copy'], 1, 1],
  ])('%j → exit %i with %i findings', (flags, code, n) => {
    const r = runCli(['lint-source', PVOPS, '--format', 'json', ...flags]);
    expect(r.code).toBe(code);
    expect(JSON.parse(r.stdout).findings).toHaveLength(n);
  });

  it.each([
    [['lint-source', PVOPS, '--rule', 'no-such-rule'], /unknown source rule 'no-such-rule'/],
    [['lint-source', PVOPS, '--format', 'xml'], /unknown --format 'xml'/],
    [['lint-source', PVOPS, '--fail-on', 'fatal'], /unknown --fail-on 'fatal'/],
    [['lint-source', PVOPS, '--jobs', '0'], /--jobs expects a positive integer/],
    [['lint-source', 'does/not/exist.c'], /does\/not\/exist\.c: error: no such file or directory/],
  ])('bad usage %j → exit 2, one line, no output', (args, msg) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a binary file named on the command line is an error with file:line', () => {
    const bin = join(tmp, 'blob.c');
    writeFileSync(bin, Buffer.from('int a;\nint b;\n\0\0\0'));
    const r = runCli(['lint-source', bin]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bin}:3: error: binary file`);
    expect(r.stdout).toBe('');
  });

  it('walks a tree: skips .git, notes symlinks out and large files, Kbuild included', () => {
    const root = join(tmp, 'tree');
    mkdirSync(join(root, 'drivers/foo'), { recursive: true });
    mkdirSync(join(root, '.git/objects'), { recursive: true });
    writeFileSync(join(root, 'drivers/foo/foo.c'), LOCKED);
    writeFileSync(join(root, 'drivers/foo/Makefile'), 'obj-m += foo.o\nccflags-y += -DDEBUG\n');
    writeFileSync(join(root, 'drivers/foo/notes.txt'), LOCKED);
    writeFileSync(join(root, '.git/objects/x.c'), LOCKED);
    writeFileSync(join(root, 'drivers/foo/huge.c'), LOCKED + '/*' + 'x'.repeat(5000) + '*/\n');
    writeFileSync(join(tmp, 'outside.c'), LOCKED);
    symlinkSync(join(tmp, 'outside.c'), join(root, 'drivers/foo/link.c'));
    const r = runCli(['lint-source', root, '--max-size', '4096']);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => /: warning: /.test(l)).map((l) => l.split(': warning')[0])).toEqual([
      `${root}/drivers/foo/Makefile:2:14`,
      `${root}/drivers/foo/foo.c:3:2`,
    ]);
    expect(r.stdout).toContain(`note: ${root}/drivers/foo/huge.c: larger than --max-size 4096 bytes, skipped`);
    expect(r.stdout).toContain(`note: ${root}/drivers/foo/link.c: symbolic link out of the tree`);
    expect(r.stdout).not.toContain('.git');
    expect(r.stdout).not.toContain('notes.txt');
  });

  it('same output whatever the number of threads (a tree big enough for the pool)', () => {
    const root = join(tmp, 'many');
    for (let d = 0; d < 20; d++) {
      mkdirSync(join(root, `d${d}`), { recursive: true });
      for (let f = 0; f < 20; f++) {
        const body = (d * 20 + f) % 7 === 0 ? LOCKED : 'static DEFINE_MUTEX(global_m);\nint f(void) { return 0; }\n';
        writeFileSync(join(root, `d${d}`, `f${f}.c`), body);
      }
    }
    // rg chooses the files (threads from 3 jobs on), and JS (threads from 2).
    const run = (jobs: number, ...more: string[]) =>
      JSON.parse(runCli(['lint-source', root, '--format', 'json', '--jobs', String(jobs), ...more]).stdout);
    const a = run(1);
    expect(runCli(['lint-source', root, '--jobs', '1']).code).toBe(1);
    expect(a.findings).toHaveLength(58);
    expect(a.stats).toMatchObject({ jobs: 1, selector: 'rg' });
    for (const [jobs, more, threads] of [
      [2, [], 1],
      [3, [], 3],
      [2, ['--no-rg'], 2],
      [1, ['--no-rg'], 1],
    ] as const) {
      const b = run(jobs, ...more);
      expect(b.findings).toEqual(a.findings);
      expect(b.stats.jobs).toBe(threads);
    }
  });

  it('help has an example', () => {
    const r = runCli(['lint-source', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('netback-policy lint-source drivers/xen/netback/netback.c');
  });
});
