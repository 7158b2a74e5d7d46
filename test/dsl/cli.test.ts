/*
 * check-policy and init end to end through the built CLI: exit codes, gcc-style diagnostics, no
 * file written on error, and the start-up promise that only check-policy loads ts-morph.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli, REPO } from '../support/cli.js';
import { loadPolicyFile } from '../../src/dsl/load.js';

const rel = (f: string) => `samples/policies/${f}`;

describe('check-policy', () => {
  it.each(['seed-recommended.ts', 'minimal.ts', 'knob-tasklet.ts'])('%s: ok, exit 0', (f) => {
    const r = runCli(['check-policy', rel(f)]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${rel(f)}: ok\n`);
    expect(r.code).toBe(0);
  });

  // [bad sample, expected first stdout line, note under it or undefined]
  const CASES: Array<[string, string, string | undefined]> = [
    [
      'unknown-key.ts',
      "8:5: error: Object literal may only specify known properties, but 'bindtoCpu' does not exist in type 'KthreadThreading'. Did you mean to write 'bindToCpu'? [TS2561]",
      "  note: unknown key 'bindtoCpu' in threading (did you mean 'bindToCpu'?)",
    ],
    [
      'wrong-type.ts',
      "6:34: error: Type 'string' is not assignable to type 'boolean | undefined'. [TS2322]",
      "  note: threading.bindToCpu: expected true or false, got 'yes'",
    ],
    [
      'contradiction-bind-tasklet.ts',
      "8:5: error: Type 'true' is not assignable to type 'false'. [TS2322]",
      "  note: threading.bindToCpu: tasklets cannot be bound to a CPU (they run on the CPU that scheduled them); use model 'kthread' or drop bindToCpu",
    ],
    ['out-of-range.ts', '7:13: error: threading.groups: 0 is out of range (an integer 1..4096)', undefined],
    [
      'malformed-author.ts',
      "5:11: error: author: 'Jane Doe' is not 'Name <email>' (e.g. 'Jane Doe <jane@example.com>')",
      undefined,
    ],
    ['syntax-error.ts', "6:3: error: ',' expected. [TS1005]", undefined],
    ['throws.ts', '5: error: loading the policy failed: NETBACK_POLICY_SAMPLE_CPUS is not a number', undefined],
  ];
  it.each(CASES)('bad/%s: gcc-style lines, exit 2', (f, first, note) => {
    const r = runCli(['check-policy', rel(`bad/${f}`)]);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`${rel(`bad/${f}`)}:${first}`);
    if (note) expect(lines[1]).toBe(note);
    expect(r.stderr).toBe(`${rel(`bad/${f}`)}: 1 error\n`);
    expect(r.code).toBe(2);
  });

  it('lists every problem of a policy outside the repo, sorted by position', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nbp-check-'));
    writeFileSync(
      join(dir, 'p.ts'),
      "import { definePolicy } from 'netback-policy';\n\nexport default definePolicy({\n  threading: { groups: 0 },\n  irq: { spred: 'group-cpu' },\n});\n",
    );
    const r = runCli(['check-policy', 'p.ts'], { cwd: dir });
    expect(r.stdout).toBe(
      'p.ts:4:24: error: threading.groups: 0 is out of range (an integer 1..4096)\n' +
        "p.ts:5:10: error: Object literal may only specify known properties, but 'spred' does not exist in type 'IrqPolicy'. Did you mean to write 'spread'? [TS2561]\n" +
        "  note: unknown key 'spred' in irq (did you mean 'spread'?)\n",
    );
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual(['p.ts']);
  });

  it('--no-types runs only the runtime checks', () => {
    const r = runCli(['check-policy', '--no-types', rel('bad/unknown-key.ts')]);
    expect(r.stdout).toBe(
      `${rel('bad/unknown-key.ts')}:8:5: error: unknown key 'bindtoCpu' in threading (did you mean 'bindToCpu'?)\n`,
    );
    expect(r.code).toBe(2);
  });

  it('an unreadable policy is one line, exit 2', () => {
    const r = runCli(['check-policy', 'no-such.ts']);
    expect(r.stderr).toBe('netback-policy: no-such.ts: error: cannot read: no such file\n');
    expect(r.code).toBe(2);
  });
});

describe('init', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nbp-init-'));
  });

  it('writes the seed policy, commented, which then checks clean', async () => {
    const r = runCli(['init', 'p.ts', '--author', "Jane O'Neil <jane@example.com>", '--date', '2024-05-01'], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('wrote p.ts\nnext: netback-policy check-policy p.ts\n');
    const text = readFileSync(join(dir, 'p.ts'), 'utf8');
    expect(text).toContain("author: 'Jane O\\'Neil <jane@example.com>',");
    expect(text.match(/^\s*\/\/ /gm)!.length).toBeGreaterThan(10);
    const check = runCli(['check-policy', 'p.ts'], { cwd: dir });
    expect(check.stdout).toBe('p.ts: ok\n');
    // Same knobs as samples/policies/seed-recommended.ts.
    const mine = (await loadPolicyFile(join(dir, 'p.ts'))).policy;
    const seed = (await loadPolicyFile(join(REPO, 'samples/policies/seed-recommended.ts'))).policy;
    const knobs = ({ name: _n, author: _a, date: _d, ...rest }: Record<string, unknown>) => rest;
    expect(knobs(mine as Record<string, unknown>)).toEqual(knobs(seed as Record<string, unknown>));
    expect(mine.author).toBe("Jane O'Neil <jane@example.com>");
  });

  it('refuses to overwrite without --force, and overwrites with it', () => {
    writeFileSync(join(dir, 'mine.ts'), '// my policy\n');
    const r = runCli(['init', 'mine.ts'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'netback-policy: mine.ts: error: file exists; not overwriting it (use --force to replace it, or name another file)\n',
    );
    expect(readFileSync(join(dir, 'mine.ts'), 'utf8')).toBe('// my policy\n');
    expect(runCli(['init', 'mine.ts', '--force', '--author', 'A B <a@b.example>'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, 'mine.ts'), 'utf8')).toContain("author: 'A B <a@b.example>',");
  });

  it.each([
    [['--author', 'bob'], "--author: 'bob' is not 'Name <email>'"],
    [['--date', '2024-13-01'], "--date: '2024-13-01' is not a real date"],
  ])('rejects a bad %j and writes nothing', (args, msg) => {
    const r = runCli(['init', 'x.ts', ...args], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(msg);
    expect(existsSync(join(dir, 'x.ts'))).toBe(false);
  });

  it('defaults to policy.ts and today (UTC)', () => {
    const d = mkdtempSync(join(tmpdir(), 'nbp-init-'));
    const r = runCli(['init'], { cwd: d });
    expect(r.code).toBe(0);
    expect(readFileSync(join(d, 'policy.ts'), 'utf8')).toContain(`date: '${new Date().toISOString().slice(0, 10)}',`);
  });
});

describe('start-up stays light', () => {
  // A preload that lists, at exit, which heavy packages were required (ts-morph/typescript are
  // CJS; an ESM import of them goes through the same CJS loader and cache).
  let probe: string;
  beforeAll(() => {
    probe = join(mkdtempSync(join(tmpdir(), 'nbp-probe-')), 'probe.cjs');
    writeFileSync(
      probe,
      "process.on('exit', () => { const heavy = Object.keys(require('module')._cache).map((k) => (k.match(/node_modules\\/(ts-morph|typescript|esbuild)\\//) || [])[1]).filter(Boolean); process.stderr.write('HEAVY:' + [...new Set(heavy)].sort().join(',') + '\\n'); });\n",
    );
  });
  const heavy = (args: string[]) => {
    const r = runCli(args, { env: { NODE_OPTIONS: `--require ${probe}` } });
    // The policy's worker thread reports too: the union of every thread's list.
    const lists = [...r.stderr.matchAll(/HEAVY:(.*)\n/g)].map((m) => m[1]!);
    return lists.length ? [...new Set(lists.flatMap((l) => (l ? l.split(',') : [])))].sort().join(',') : undefined;
  };

  it.each([
    [['--help']],
    [['check-policy', '--help']],
    [['init', '--help']],
    [['--version']],
    [['lint-config', 'samples/configs/dom0-6.1-debug.config']],
    [['lint-source', 'samples/trees/pvops-2.6.32']],
    [['lint-irq', 'samples/proc-interrupts/mq-6.1-balanced.txt']],
    [['rules']],
  ])('%j loads none of ts-morph, typescript, esbuild', (args) => {
    expect(heavy(args)).toBe('');
  });
  it('check-policy does load ts-morph (the probe works)', () => {
    expect(heavy(['check-policy', rel('minimal.ts')])).toBe('esbuild,ts-morph');
  });
  it('check-policy --no-types loads esbuild only', () => {
    expect(heavy(['check-policy', '--no-types', rel('minimal.ts')])).toBe('esbuild');
  });
});
