#!/usr/bin/env node
// The pre-commit hook's cost on a commit touching 20 files (12 C sources/headers, 6 configs,
// 1 policy, 1 README): `git commit` with the installed hook vs `--no-verify`, and `hook run` alone.
// C files and one config come from the real linux-6.1 tree and Debian's config (read at run time
// only); either missing fails the bench. One warm-up round, then the measurements interleaved
// round by round, so a drift of the shared machine's speed hits each the same.
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync, mkdirSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { median } from './support.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'src', 'cli.js');
const tree = join(process.env.NETBACK_POLICY_CACHE ?? join(tmpdir(), 'netback-policy-cache'), 'linux-source-6.1');
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const debian = '/usr/src/linux-config-6.1/config.amd64_none_amd64.xz';
for (const need of [join(tree, 'drivers/net/xen-netback/netback.c'), debian]) {
  if (!existsSync(need)) {
    console.error(
      `hook bench: FAILED: ${need} missing (run the tests once to extract the tree; apt-get install linux-config-6.1)`,
    );
    process.exit(1);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'nbp-hook-bench-'));
const git = (...a) => execFileSync('git', a, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
try {
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'b@example.com');
  git('config', 'user.name', 'Bench');
  writeFileSync(join(dir, 'README'), 'bench\n');
  git('add', '.');
  git('commit', '-qm', 'init');
  execFileSync(process.execPath, [cli, 'hook', 'install'], { cwd: dir });

  const put = (p, text) => {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  };
  const netback = join(tree, 'drivers/net/xen-netback');
  const cFiles = ['common.h', 'interface.c', 'netback.c', 'xenbus.c', 'rx.c', 'hash.c'];
  let bytes = 0;
  for (let k = 0; k < 2; k++) {
    for (const f of cFiles) {
      const p = `drivers/net/xen-netback${k ? '-copy' : ''}/${f}`;
      const text = readFileSync(join(netback, f), 'utf8');
      bytes += text.length;
      put(p, text);
    }
  }
  const full = execFileSync('xz', ['-dc', debian], { maxBuffer: 64 << 20 }).toString();
  put('.config', full);
  bytes += full.length;
  for (let k = 0; k < 5; k++)
    put(`kernel/configs/xen${k}.config`, '# CONFIG_PROVE_LOCKING is not set\nCONFIG_XEN_NETDEV_BACKEND=m\n');
  put(
    'policies/dom0.ts',
    "import { definePolicy } from 'netback-policy';\n" +
      "export default definePolicy({ threading: { model: 'kthread', groups: 'online-cpus' } });\n",
  );
  put('README', 'bench 2\n');
  git('add', '.');
  const staged = git('diff', '--cached', '--name-only').toString().trim().split('\n').length;

  // CPU time of reaped children (utime+stime from /proc/self/stat): wall time on a shared 2-core
  // machine mostly measures the neighbours, CPU time measures the hook.
  const tick = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || 100);
  const childCpu = () => {
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(f[13]) + Number(f[14])) * tick; // cutime, cstime (fields 16, 17)
  };
  const once = (fn) => {
    const c0 = childCpu();
    const s = process.hrtime.bigint();
    fn();
    return { ms: Number(process.hrtime.bigint() - s) / 1e6, cpu: childCpu() - c0 };
  };
  /** Each of `fns` once as a warm-up (discarded), then RUNS rounds running each in turn. */
  const timeInterleaved = (fns) => {
    for (const fn of Object.values(fns)) fn();
    const runs = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
    for (let i = 0; i < RUNS; i++) for (const [k, fn] of Object.entries(fns)) runs[k].push(once(fn));
    return Object.fromEntries(
      Object.entries(runs).map(([k, rs]) => {
        const t = rs.map((r) => r.ms);
        return [k, { median: median(t), min: Math.min(...t), cpu: median(rs.map((r) => r.cpu)), ms: t }];
      }),
    );
  };
  const commitOnce = (verify) => () => {
    const r = spawnSync('git', ['commit', '-qm', 'x', ...(verify ? [] : ['--no-verify'])], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`commit failed: ${r.stdout}${r.stderr}`);
    git('reset', '-q', '--soft', 'HEAD~1');
  };
  const runOnly = () => {
    const r = spawnSync(process.execPath, [cli, 'hook', 'run'], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`hook run failed (${r.status}): ${r.stdout}${r.stderr}`);
  };
  const fmt = (n, r) =>
    `${n.padEnd(30)} wall median ${r.median.toFixed(0).padStart(5)} ms (min ${r.min.toFixed(0).padStart(4)})   ` +
    `CPU median ${r.cpu.toFixed(0).padStart(4)} ms   (${RUNS} runs after 1 warm-up)`;
  console.log(`staged files: ${staged} (${(bytes / 1e6).toFixed(2)} MB of C and config, 1 policy)`);
  const t = timeInterleaved({ base: commitOnce(false), hooked: commitOnce(true), run: runOnly });
  const { base, hooked, run } = t;
  console.log(fmt('git commit --no-verify', base));
  console.log(fmt('git commit (hook installed)', hooked));
  console.log(fmt('netback-policy hook run', run));
  const perRound = hooked.ms.map((m, i) => m - base.ms[i]);
  console.log(
    `hook overhead per commit: wall ${median(perRound).toFixed(0)} ms (median of per-round differences), ` +
      `CPU ${(hooked.cpu - base.cpu).toFixed(0)} ms`,
  );
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`load average during the run: ${load} (wall times include waiting for other processes)`);
  // Without the policy file (esbuild loads only for policies).
  git('rm', '-q', '--cached', 'policies/dom0.ts');
  console.log(fmt('hook run, no policy staged', timeInterleaved({ run: runOnly }).run));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
