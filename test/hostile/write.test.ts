/*
 * Hostile inputs for the commands that write or execute: --out directories holding someone else's
 * files, unwritable outputs, policies that never finish or exit, a CRLF tree, an over-long author,
 * hooks in odd places, staged binaries, and a config with a finding on every line. Each row is a
 * real CLI process with a time bound; exit-2 rows print one line naming the path; no row leaves a
 * temporary file in its TMPDIR (see test/support/hostile.ts).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { REPO } from '../support/cli.js';
import { runHostile, startHostile, tmpLeftovers, type HostileRun } from '../support/hostile.js';

let ROOT = '';
beforeAll(() => {
  ROOT = mkdtempSync(join(tmpdir(), 'nbp-hostile-write-'));
  chmodSync(ROOT, 0o755); // rows run as another user reach their directories through it
});
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

const SAMPLE = join(REPO, 'samples', 'trees', 'pvops-2.6.32');
const SEED = join(REPO, 'samples', 'policies', 'seed-recommended.ts');
const MANIFEST = '.netback-policy-manifest.json';
const NOBODY = 65534;

const put = (path: string, data: string | Buffer): string => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
  return path;
};
const policy = (dir: string, body: string): string =>
  put(join(dir, 'policy.ts'), `import { definePolicy } from 'netback-policy';\n${body}\n`);
const gen = (p: string, out: string, ...more: string[]) => [
  'generate-patch',
  p,
  '--tree',
  SAMPLE,
  '--out',
  out,
  ...more,
];
const git = (cwd: string, ...args: string[]) => spawnSync('git', args, { cwd, encoding: 'utf8' });
const repo = (dir: string): string => {
  const r = join(dir, 'repo');
  mkdirSync(r);
  git(r, 'init', '-q', '-b', 'main');
  return r;
};
/** A user's own `git format-patch --cover-letter` series plus notes. */
const userSeries = (out: string): void => {
  put(join(out, '0000-cover-letter.patch'), 'From: me\nSubject: [PATCH 0/1] mine\n');
  put(join(out, '0001-mine.patch'), 'From: me\nSubject: [PATCH 1/1] mine\n');
  put(join(out, 'notes.txt'), 'my notes\n');
};
const ours = (out: string): string[] => Object.keys(JSON.parse(readFileSync(join(out, MANIFEST), 'utf8')).files).sort();

interface Setup {
  args: string[];
  cwd?: string;
  env?: Record<string, string>;
  uid?: number;
}

interface Row {
  name: string;
  setup: (dir: string) => Setup;
  code: number;
  /** Matched against stdout + stderr. */
  out: RegExp;
  /** stderr lines for an exit-2 row (the hook adds its bypass line). */
  lines?: number;
  after?: (dir: string, r: HostileRun) => void;
}

const LOOP_LIMIT = ['--policy-timeout', '1'];

const rows: Row[] = [
  // --out: nothing lost
  {
    name: "--out holding the user's format-patch series is refused, untouched",
    setup: (d) => (userSeries(join(d, 'out')), { args: gen(SEED, join(d, 'out')) }),
    code: 2,
    out: /out: error: holds files netback-policy did not write: "0000-cover-letter\.patch", "0001-mine\.patch", "notes\.txt" \(.*--force/,
    after: (d) =>
      expect(readdirSync(join(d, 'out')).sort()).toEqual(['0000-cover-letter.patch', '0001-mine.patch', 'notes.txt']),
  },
  {
    name: '--out with a series we wrote and the user then edited is refused, naming the edit',
    setup: (d) => {
      expect(runHostile(d, gen(SEED, join(d, 'out'))).code).toBe(0);
      writeFileSync(join(d, 'out', 'series'), 'edited by hand\n');
      return { args: gen(SEED, join(d, 'out')) };
    },
    code: 2,
    out: /out: error: holds files netback-policy did not write: "series \(edited\)"/,
    after: (d) => expect(readFileSync(join(d, 'out', 'series'), 'utf8')).toBe('edited by hand\n'),
  },
  {
    name: "--force moves the user's directory aside, never deletes it",
    setup: (d) => (userSeries(join(d, 'out')), { args: gen(SEED, join(d, 'out'), '--force') }),
    code: 0,
    out: /note: the previous content of .*out was moved to .*out\.netback-policy-backup\n/,
    after: (d) => {
      expect(readdirSync(join(d, 'out.netback-policy-backup')).sort()).toEqual([
        '0000-cover-letter.patch',
        '0001-mine.patch',
        'notes.txt',
      ]);
      expect(ours(join(d, 'out'))).toContain('0001-genirq-export-irq-set-affinity.patch');
    },
  },
  {
    name: '--out that is a file',
    setup: (d) => ({ args: gen(SEED, put(join(d, 'out'), 'a file\n')) }),
    code: 2,
    out: /out: error: exists and is not a directory/,
    after: (d) => expect(readFileSync(join(d, 'out'), 'utf8')).toBe('a file\n'),
  },
  {
    name: '--out in a read-only directory (as an unprivileged user)',
    setup: (d) => {
      mkdirSync(join(d, 'ro'), { mode: 0o555 });
      chmodSync(d, 0o755);
      return { args: gen(SEED, join(d, 'ro', 'out')), uid: NOBODY };
    },
    code: 2,
    out: /ro\/out: error: cannot write the output directory: permission denied/,
  },
  {
    name: '--out under /proc',
    setup: () => ({ args: gen(SEED, '/proc/netback-policy-test/out') }),
    code: 2,
    out: /^netback-policy: \/proc\/netback-policy-test\/out: error: cannot write the output directory: /,
  },
  {
    name: 'lint-config --fix-fragment into an unwritable directory (as an unprivileged user)',
    setup: (d) => {
      mkdirSync(join(d, 'ro'), { mode: 0o555 });
      chmodSync(d, 0o755);
      return {
        args: [
          'lint-config',
          join(REPO, 'samples/configs/dom0-2.6.32-debug.config'),
          '--fix-fragment',
          join(d, 'ro', 'fix.config'),
        ],
        uid: NOBODY,
      };
    },
    code: 2,
    out: /ro\/fix\.config: error: cannot write: permission denied\n/,
  },
  {
    name: 'init into a path under a file (ENOTDIR)',
    setup: (d) => ({ args: ['init', join(put(join(d, 'f'), 'x'), 'policy.ts')] }),
    code: 2,
    out: /^netback-policy: \S+\/f\/policy\.ts: error: cannot write: not a directory\n/,
  },
  // policies that never finish loading, or exit
  {
    name: 'policy: while (true) {}',
    setup: (d) => ({
      args: gen(policy(d, 'while (true) {}\nexport default definePolicy({});'), join(d, 'out'), ...LOOP_LIMIT),
    }),
    code: 2,
    out: /policy\.ts: error: the policy did not finish loading within 1 s .*--policy-timeout/,
  },
  {
    name: 'policy: a top-level await that never settles',
    setup: (d) => ({
      args: gen(
        policy(d, 'await new Promise(() => {});\nexport default definePolicy({});'),
        join(d, 'out'),
        ...LOOP_LIMIT,
      ),
    }),
    code: 2,
    out: /policy\.ts: error: the policy never finished loading: a top-level await never settles/,
  },
  {
    name: 'policy: setInterval left running (check-policy)',
    setup: (d) => ({
      args: [
        'check-policy',
        '--no-types',
        policy(d, "setInterval(() => {}, 100);\nexport default definePolicy({ irq: { spread: 'none' } });"),
        ...LOOP_LIMIT,
      ],
    }),
    code: 2,
    out: /policy\.ts: error: the policy was still running 1 s after loading \(it left Timeout active/,
    // check-policy lists problems on stdout and counts them on stderr
  },
  {
    name: 'policy: process.exit(0) writes nothing and is not a success',
    setup: (d) => ({
      args: gen(
        policy(d, "process.exit(0);\nexport default definePolicy({ locks: { idxRelease: 'per-group' } });"),
        join(d, 'out'),
      ),
    }),
    code: 2,
    out: /policy\.ts: error: the policy ended the process while loading \(exit code 0/,
    after: (d) => expect(existsSync(join(d, 'out'))).toBe(false),
  },
  {
    name: 'policy: a heap blow-up hits the memory limit',
    setup: (d) => ({
      args: gen(
        policy(
          d,
          'const a: number[][] = [];\nwhile (true) a.push(new Array(1e6).fill(1));\nexport default definePolicy({});',
        ),
        join(d, 'out'),
        '--policy-timeout',
        '20',
      ),
      env: { NETBACK_POLICY_MEMORY_MB: '64' },
    }),
    code: 2,
    out: /policy\.ts: error: the policy used more than 64 MB of memory while loading/,
  },
  {
    name: '--policy-timeout that is not a number of seconds',
    setup: (d) => ({ args: gen(SEED, join(d, 'out'), '--policy-timeout', '1e9') }),
    code: 2,
    out: /^netback-policy: error: --policy-timeout '1e9' is not a number of seconds in \(0, 3600\]\n$/,
  },
  {
    name: 'policy: a source over the 1 MiB cap',
    setup: (d) => ({
      args: gen(policy(d, `// ${'x'.repeat(1 << 20)}\nexport default definePolicy({});`), join(d, 'out')),
    }),
    code: 2,
    out: /policy\.ts: error: policy is \d+ bytes, over the 1048576-byte limit/,
  },
  {
    name: 'policy: a 100,000-character author',
    setup: (d) => ({
      args: gen(
        policy(
          d,
          `export default definePolicy({ author: '${'A'.repeat(100_000)} <a@example.com>', irq: { spread: 'group-cpu' } });`,
        ),
        join(d, 'out'),
      ),
    }),
    code: 2,
    out: /policy\.ts:2:\d+: error: author: 'A{40}…' is 100016 characters, longer than a mail header's 'Name <email>' can be/,
  },
  {
    name: 'policy: a 61-byte author name (git am would replace it with the address)',
    setup: (d) => ({
      args: [
        'check-policy',
        '--no-types',
        policy(d, `export default definePolicy({ author: '${'Ö'.repeat(30)}x <a@example.com>' });`),
      ],
    }),
    code: 2,
    out: /policy\.ts:2:\d+: error: author: '.*' has a 61-byte name: git am keeps at most 60 bytes/,
  },
  // trees
  {
    name: 'generate-patch on a CRLF netback.c',
    setup: (d) => {
      cpSync(SAMPLE, join(d, 'tree'), { recursive: true });
      const f = join(d, 'tree', 'drivers/xen/netback/netback.c');
      writeFileSync(f, readFileSync(f, 'utf8').replace(/\n/g, '\r\n'));
      return { args: ['generate-patch', SEED, '--tree', join(d, 'tree'), '--out', join(d, 'out')] };
    },
    code: 2,
    out: /netback\.c: error: has CRLF \(DOS\) line endings; git am would reject any patch to it/,
    after: (d) => expect(existsSync(join(d, 'out'))).toBe(false),
  },
  {
    name: 'generate-patch on a 150 MB netback.c',
    setup: (d) => {
      cpSync(SAMPLE, join(d, 'tree'), { recursive: true });
      truncateSync(join(d, 'tree', 'drivers/xen/netback/netback.c'), 150 << 20);
      return { args: ['generate-patch', SEED, '--tree', join(d, 'tree'), '--out', join(d, 'out')] };
    },
    code: 2,
    out: /netback\.c: error: is 157286400 bytes, over the 16777216-byte limit for a file the series edits/,
  },
  // the hook
  {
    name: 'hook run: a staged 33 MB C file is skipped with a note naming the cap',
    setup: (d) => {
      const r = repo(d);
      put(join(r, 'huge.c'), '/* x */\n'.repeat((33 << 20) / 8));
      git(r, 'add', '.');
      return { args: ['hook', 'run'], cwd: r };
    },
    code: 0,
    out: /note: skipped huge\.c: 34603008 bytes, over the 33554432-byte limit for a staged file/,
  },
  {
    name: 'hook install where .git/hooks/pre-commit is a directory',
    setup: (d) => {
      const r = repo(d);
      mkdirSync(join(r, '.git', 'hooks', 'pre-commit'), { recursive: true });
      return { args: ['hook', 'install'], cwd: r };
    },
    code: 2,
    out: /hooks\/pre-commit: error: is not a file/,
  },
  {
    name: 'hook install with core.hooksPath under /proc',
    setup: (d) => {
      const r = repo(d);
      git(r, 'config', 'core.hooksPath', '/proc/netback-policy-hooks');
      return { args: ['hook', 'install'], cwd: r };
    },
    code: 2,
    out: /^netback-policy: \/proc\/netback-policy-hooks: error: cannot create the hooks directory/,
  },
  {
    name: 'hook install --force over a second foreign hook keeps both backups',
    setup: (d) => {
      const r = repo(d);
      const hook = join(r, '.git', 'hooks', 'pre-commit');
      put(hook, '#!/bin/sh\necho first\n');
      expect(runHostile(d, ['hook', 'install', '--force'], { cwd: r }).code).toBe(0);
      put(hook, '#!/bin/sh\necho second\n');
      return { args: ['hook', 'install', '--force'], cwd: r };
    },
    code: 0,
    out: /previous hook is kept as .*pre-commit\.netback-policy-backup\.2\)/,
    after: (d) => {
      const hooks = join(d, 'repo', '.git', 'hooks');
      expect(readFileSync(join(hooks, 'pre-commit.netback-policy-backup'), 'utf8')).toContain('first');
      expect(readFileSync(join(hooks, 'pre-commit.netback-policy-backup.2'), 'utf8')).toContain('second');
    },
  },
  {
    name: 'hook run: a staged binary C file and a non-UTF-8 config are skipped with a note',
    setup: (d) => {
      const r = repo(d);
      put(join(r, 'blob.c'), Buffer.from('int x;\0\n'));
      put(join(r, '.config'), Buffer.from('CONFIG_A=y\n\xff\n', 'latin1'));
      git(r, 'add', '.');
      return { args: ['hook', 'run'], cwd: r };
    },
    code: 0,
    out: /note: skipped \.config: not valid UTF-8 text\nnetback-policy: note: skipped blob\.c: binary \(NUL byte\)/,
  },
  {
    name: 'hook run outside a repository says how to bypass',
    setup: (d) => ({ args: ['hook', 'run'], cwd: d, env: { GIT_CEILING_DIRECTORIES: ROOT } }),
    code: 2,
    out: /error: git rev-parse --show-toplevel: fatal: not a git repository/,
    lines: 2,
    after: (_d, r) => expect(r.stderr).toMatch(/bypass once with: git commit --no-verify\n$/),
  },
  {
    name: 'hook run: an endless staged policy blocks with the reason and the bypass',
    setup: (d) => {
      const r = repo(d);
      policy(r, 'while (true) {}\nexport default definePolicy({});');
      git(r, 'add', '.');
      return { args: ['hook', 'run', ...LOOP_LIMIT], cwd: r };
    },
    code: 1,
    out: /policy\.ts:0:1: error: the policy did not finish loading within 1 s[^]*git commit --no-verify/,
    after: (d) => expect(readdirSync(join(d, 'repo')).sort()).toEqual(['.git', 'policy.ts']),
  },
  {
    name: 'hook run: 150,000 findings in one staged C file (no stack overflow)',
    setup: (d) => {
      const r = repo(d);
      const body = '\tspin_lock(&l);\n\tgnttab_copy(x);\n\tspin_unlock(&l);\n'.repeat(150_000);
      put(join(r, 'netback.c'), `static DEFINE_SPINLOCK(l);\nvoid f(void)\n{\n${body}}\n`);
      git(r, 'add', '.');
      return { args: ['hook', 'run'], cwd: r };
    },
    code: 0,
    out: /staged 1 C\/Kbuild file: 0 errors, 150000 warnings/,
  },
  // big outputs
  {
    name: 'lint-config: 300,000 malformed lines list 1000 and count the rest',
    setup: (d) => ({
      args: ['lint-config', '--no-baseline', put(join(d, 'm.config'), 'bogus line\n'.repeat(300_000))],
    }),
    code: 1,
    out: /m\.config:1001:1: warning: 299000 more malformed lines from here on, not listed one by one/,
    after: (_d, r) => expect(r.stdout.length).toBeLessThan(1 << 20),
  },
];

describe('hostile inputs: writing and executing', () => {
  it.each(rows)('$name', (row) => {
    const dir = mkdtempSync(join(ROOT, 'row-'));
    const s = row.setup(dir);
    // 60 s: a hang still ends the row, and a loaded CI machine does not.
    const r = runHostile(dir, s.args, {
      timeoutMs: 60_000,
      ...(s.cwd ? { cwd: s.cwd } : {}),
      ...(s.env ? { env: s.env } : {}),
      ...(s.uid !== undefined ? { uid: s.uid } : {}),
    });
    expect(r.signal, `${row.name}: killed at the time bound`).toBeNull();
    expect(r.code, r.stderr).toBe(row.code);
    if (row.code === 2) expect(r.stderr.trimEnd().split('\n')).toHaveLength(row.lines ?? 1);
    expect(r.stdout + r.stderr).toMatch(row.out);
    row.after?.(dir, r);
    expect(tmpLeftovers(dir)).toEqual([]);
    // No temporary file or directory beside anything the row wrote.
    expect(readdirSync(dir).filter((n) => /\.tmp-|\.nbp-|netback-policy-lock|\.staged-/.test(n))).toEqual([]);
  });
});

describe('hostile inputs: races and signals', () => {
  it('four concurrent runs into one --out: each ends 0 or 2, one complete series remains, nothing temporary', async () => {
    const dir = mkdtempSync(join(ROOT, 'race-'));
    const out = join(dir, 'out');
    const runs = await Promise.all([0, 1, 2, 3].map(() => startHostile(dir, gen(SEED, out)).done));
    for (const r of runs) expect([0, 2], r.stderr).toContain(r.code);
    expect(runs.filter((r) => r.code === 0).length).toBeGreaterThan(0);
    const names = readdirSync(out).sort();
    expect(names).toEqual([MANIFEST, ...ours(out)].sort());
    expect(ours(out)).toEqual(
      ['0000-cover-letter.patch', 'series', ...readFileSync(join(out, 'series'), 'utf8').trim().split('\n')].sort(),
    );
    expect(readdirSync(dir).sort()).toEqual(['.tmp', 'out']);
    expect(tmpLeftovers(dir)).toEqual([]);
  }, 60_000);

  it('SIGTERM while a policy loads removes its temporary bundle', async () => {
    const dir = mkdtempSync(join(ROOT, 'signal-'));
    const p = policy(dir, 'while (true) {}\nexport default definePolicy({});');
    const run = startHostile(dir, gen(p, join(dir, 'out'), '--policy-timeout', '30'));
    const until = Date.now() + 20_000;
    while (!tmpLeftovers(dir).length && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(tmpLeftovers(dir)).toHaveLength(1); // netback-policy-XXXXXX, holding the bundle
    run.child.kill('SIGTERM');
    const r = await run.done;
    expect(r.signal).toBe('SIGTERM');
    expect(tmpLeftovers(dir)).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['.tmp', 'policy.ts']);
  }, 30_000);
});
