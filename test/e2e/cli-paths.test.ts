/*
 * CLI paths no other test runs end to end, each through the built CLI as a real process: exit code,
 * stdout, stderr, files written. generate-patch --target/--date, lint-config --tree/--fragment/
 * --kernel-version, lint-source --ext/--no-kbuild and the progress bar on a pseudo-terminal
 * (util-linux `script`), lint-irq --threshold/--min-interrupts, rules --format markdown/--kind,
 * hook run --fail-on.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { CLI, REPO, runCli } from '../support/cli.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), `nbp-e2e-${p}-`));
function files(root: string, map: Record<string, string>): string {
  for (const [rel, text] of Object.entries(map)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}
const PVOPS = join(REPO, 'samples/trees/pvops-2.6.32');
const LOCKS = join(REPO, 'samples/policies/knob-locks.ts');
const STATIC_LOCK = 'static void f(void)\n{\n\tstatic DEFINE_SPINLOCK(l);\n}\n';

describe('generate-patch --target, --date', () => {
  it('--target names the flavour instead of detection; --date sets every Date: header', () => {
    const out = join(tmp('gen'), 'out');
    const r = runCli([
      'generate-patch',
      LOCKS,
      '--tree',
      PVOPS,
      '--target',
      'pvops-2.6.32',
      '--date',
      '2024-05-01T10:00:00+02:00',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^target: pvops-2\.6\.32\n/);
    expect(readdirSync(out).sort()).toEqual([
      '.netback-policy-manifest.json',
      '0000-cover-letter.patch',
      '0001-xen-netback-make-the-idx-release-lock-per-group.patch',
      'series',
    ]);
    for (const f of ['0000-cover-letter.patch', '0001-xen-netback-make-the-idx-release-lock-per-group.patch']) {
      expect(readFileSync(join(out, f), 'utf8')).toMatch(/\nDate: Wed, 1 May 2024 10:00:00 \+0200\n/);
    }
  });

  it.each([
    [
      'a target the tree is not',
      'upstream-mq',
      /pvops-2\.6\.32: error: tree has no drivers\/net\/xen-netback\/common\.h.* \(required by target upstream-mq\)$/,
    ],
    [
      'an unknown target',
      'nope',
      /^netback-policy: error: unknown target 'nope' \(known: pvops-2\.6\.32, upstream-mq, upstream-groups, upstream-1to1\)$/,
    ],
  ])('--target %s: exit 2, one line, nothing written', (_what, id, msg) => {
    const out = join(tmp('gen'), 'out');
    const r = runCli(['generate-patch', LOCKS, '--tree', PVOPS, '--target', id, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd()).toMatch(msg);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });
});

describe('lint-config --tree, --fragment, --kernel-version', () => {
  const dir = tmp('config');
  const lockdep = files(dir, { 'lock.config': 'CONFIG_PROVE_LOCKING=y\nCONFIG_LOCKDEP=y\nCONFIG_DEBUG_SPINLOCK=y\n' });
  const json = (args: string[]) => {
    const r = runCli(['lint-config', '--format', 'json', ...args]);
    return { code: r.code, j: JSON.parse(r.stdout) };
  };

  it("--tree replaces the built-in relations with the tree's own select lines", () => {
    const roots = (j: { findings: Array<{ data: { option: string; pulledIn?: Array<{ option: string }> } }> }) =>
      j.findings.map((f) => `${f.data.option}<${(f.data.pulledIn ?? []).map((p) => p.option).join(',')}`);
    const builtin = json([join(lockdep, 'lock.config')]);
    expect(builtin.code).toBe(1);
    expect(roots(builtin.j)).toEqual(['PROVE_LOCKING<LOCKDEP,DEBUG_SPINLOCK']);
    // A tree whose PROVE_LOCKING selects nothing and whose DEBUG_SPINLOCK selects LOCKDEP.
    const tree = files(join(dir, 'tree'), {
      'lib/Kconfig.debug':
        'config PROVE_LOCKING\n\tbool "prove"\n\nconfig DEBUG_SPINLOCK\n\tbool "spin"\n\tselect LOCKDEP\n\nconfig LOCKDEP\n\tbool\n',
    });
    const own = json(['--tree', tree, join(lockdep, 'lock.config')]);
    expect(own.code).toBe(1);
    expect(roots(own.j)).toEqual(['PROVE_LOCKING<', 'DEBUG_SPINLOCK<LOCKDEP']);
    const notTree = runCli(['lint-config', '--tree', tmp('empty'), join(lockdep, 'lock.config')]);
    expect(notTree.code).toBe(2);
    expect(notTree.stderr).toMatch(/error: not a kernel source tree \(no lib\/Kconfig\.debug\)/);
  });

  it('--fragment reads a generated config as a fragment: an unstated option keeps its Kconfig default', () => {
    // Generated (header), FUNCTION_TRACER on, DYNAMIC_FTRACE not mentioned: off in a full config,
    // its default (y) in a fragment.
    const full = files(dir, {
      'ftrace.config':
        '#\n# Automatically generated file; DO NOT EDIT.\n# Linux/x86 6.1.0 Kernel Configuration\n#\nCONFIG_FUNCTION_TRACER=y\n',
    });
    const asFull = json([join(full, 'ftrace.config')]);
    expect(asFull.code).toBe(1);
    expect(asFull.j.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['static-function-tracer']);
    const asFragment = json(['--fragment', join(full, 'ftrace.config')]);
    expect(asFragment.code).toBe(0);
    expect(asFragment.j.findings).toEqual([]);
  });

  it('--kernel-version decides a version-dependent verdict when the file has no header', () => {
    const f = join(files(dir, { 's.config': 'CONFIG_SCHEDSTATS=y\n' }), 's.config');
    const sev = (args: string[]) => {
      const r = json([...args, f]);
      return [r.code, r.j.kernelVersion, r.j.findings.map((x: { severity: string }) => x.severity)];
    };
    expect(sev([])).toEqual([0, null, ['info']]);
    expect(sev(['--kernel-version', '2.6.32'])).toEqual([1, '2.6.32', ['warning']]);
    expect(sev(['--kernel-version', '6.1'])).toEqual([0, '6.1.0', ['info']]);
  });
});

describe('lint-source --ext, --no-kbuild, progress bar', () => {
  const root = files(tmp('src'), {
    'drv/a.c': STATIC_LOCK,
    'drv/b.inc': STATIC_LOCK,
    'drv/Makefile': 'obj-m += a.o\nccflags-y += -DDEBUG\n',
  });
  const where = (args: string[]) => {
    const r = runCli(['lint-source', '--format', 'json', ...args, root]);
    expect(r.code).toBe(1);
    return JSON.parse(r.stdout).findings.map(
      (f: { file: string; ruleId: string }) => `${f.file.slice(root.length + 1)}:${f.ruleId}`,
    );
  };
  it.each([
    [[], ['drv/Makefile:debug-enabled-in-source', 'drv/a.c:function-static-lock']],
    [
      ['--ext', '.inc'],
      ['drv/Makefile:debug-enabled-in-source', 'drv/b.inc:function-static-lock'],
    ],
    [['--no-kbuild'], ['drv/a.c:function-static-lock']],
    [
      ['--ext', '.c,.inc', '--no-kbuild'],
      ['drv/a.c:function-static-lock', 'drv/b.inc:function-static-lock'],
    ],
  ])('%j', (args, want) => {
    expect(where(args)).toEqual(want);
  });

  it('draws the progress bar on a terminal, not with --no-progress or on a pipe', () => {
    // util-linux `script` gives the CLI a pseudo-terminal; -e passes its exit code on.
    const many = files(
      tmp('tty'),
      Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`d/f${i}.c`, STATIC_LOCK])),
    );
    const tty = (extra: string) => {
      const r = spawnSync(
        'script',
        ['-qec', `'${process.execPath}' '${CLI}' lint-source --no-rg -j 1 ${extra} '${many}'`, '/dev/null'],
        {
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1' },
        },
      );
      return { code: r.status, out: r.stdout };
    };
    const bar = tty('');
    expect(bar.code).toBe(1);
    expect(bar.out).toMatch(/lint-source \[.*\] 40\/40 files/);
    expect(bar.out).toMatch(/0 errors, 40 warnings, 0 info in 40 files/);
    const quiet = tty('--no-progress');
    expect(quiet.code).toBe(1);
    expect(quiet.out).not.toMatch(/lint-source \[/);
    expect(quiet.out).toMatch(/0 errors, 40 warnings, 0 info in 40 files/);
    const pipe = runCli(['lint-source', '--no-rg', '-j', '1', many]);
    expect(pipe.code).toBe(1);
    expect(pipe.stderr).toBe('');
  });
});

describe('lint-irq --threshold, --min-interrupts', () => {
  // 2 CPUs, two VIF IRQs, 60% of 1000 interrupts on CPU0.
  const proc =
    '           CPU0       CPU1\n 100:        300        200  xen-dyn-lateeoi    -event     vif1.0\n 101:        300        200  xen-dyn-lateeoi    -event     vif2.0\n';
  it.each([
    [[], 0, []],
    [['--threshold', '60'], 1, ['vif-irq-single-cpu']],
    [['--threshold', '61'], 0, []],
    [['--threshold', '60', '--min-interrupts', '1000'], 1, ['vif-irq-single-cpu']],
    [['--threshold', '60', '--min-interrupts', '1001'], 0, []],
  ])('%j: exit %i', (args, code, rules) => {
    const r = runCli(['lint-irq', '--format', 'json', ...args, '-'], { input: proc });
    expect(r.code).toBe(code);
    expect(JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(rules);
  });
  it('--min-interrupts must be a whole number', () => {
    const r = runCli(['lint-irq', '--min-interrupts', 'lots', '-'], { input: proc });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--min-interrupts/);
  });
});

describe('rules --format markdown, --kind', () => {
  it('markdown is the README table, limited to one kind', () => {
    const r = runCli(['rules', '--format', 'markdown', '--kind', 'irq']);
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows).toEqual([
      '| `vif-irq-single-cpu` | irq | error | nearly all VIF event-channel interrupts land on one CPU |  |',
      "| `vif-queues-one-cpu` | irq | warning | a multi-queue VIF's queue interrupts all land on one CPU |  |",
    ]);
    expect(r.stdout).toContain('| rule | kind | severity | what | options |\n|---|---|---|---|---|\n');
  });
  it('--kind source lists the three source rules', () => {
    const r = runCli(['rules', '--kind', 'source']);
    expect(r.code).toBe(0);
    expect([...r.stdout.matchAll(/^(\S+) {2}\[(\w+), (\w+)\]$/gm)].map((m) => m.slice(1).join(' '))).toEqual([
      'function-static-lock source warning',
      'lock-held-across-grant-copy source warning',
      'debug-enabled-in-source source warning',
    ]);
  });
  it.each([
    [['--kind', 'bogus'], /unknown --kind 'bogus' \(use config, source or irq\)/],
    [['--format', 'xml'], /unknown --format 'xml' \(use text, json or markdown\)/],
  ])('%j: exit 2', (args, msg) => {
    const r = runCli(['rules', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(msg);
  });
});

describe('hook run --fail-on', () => {
  it('blocks on a staged warning only at --fail-on warning; the flag beats git config', () => {
    const repo = files(tmp('hook'), { 'drivers/xen/netback/netback.c': STATIC_LOCK });
    const git = (...a: string[]) => expect(spawnSync('git', a, { cwd: repo }).status).toBe(0);
    git('init', '-q');
    git('add', '.');
    const run = (...a: string[]) => runCli(['hook', 'run', ...a], { cwd: repo });
    // The hook prints to stdout (git shows it); usage errors go to stderr.
    const dflt = run();
    expect(dflt.code).toBe(0);
    expect(dflt.stdout).toMatch(/staged 1 C\/Kbuild file: 0 errors, 1 warning, 0 info\n$/);
    const warn = run('--fail-on', 'warning');
    expect(warn.code).toBe(1);
    expect(warn.stdout).toMatch(/commit blocked \(findings at or above 'warning'\)/);
    expect(run('--fail-on', 'info').code).toBe(1);
    expect(run('--fail-on', 'error').code).toBe(0);
    git('config', 'netback-policy.failOn', 'warning');
    expect(run().code).toBe(1);
    expect(run('--fail-on', 'error').code).toBe(0);
    const bad = run('--fail-on', 'bogus');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown --fail-on 'bogus' \(use error, warning or info\)/);
  });
});
