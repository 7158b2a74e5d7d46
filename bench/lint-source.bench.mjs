#!/usr/bin/env node
/*
 * lint-source over Debian's whole extracted linux-6.1 tree, against two baselines measured in
 * the same run on the same machine:
 *   - rg listing the files with candidate lines (the floor: reading the tree),
 *   - Coccinelle with an equivalent semantic patch (bench/function-static-lock.cocci), two
 *     processes, given the files rg selects (or the whole tree with NETBACK_POLICY_BENCH_COCCI_DIR=1).
 * lint-source runs both ways: rg selecting the candidate files (the default when rg is on PATH)
 * and pure JS (--no-rg). Prints files and bytes scanned, wall times, ratios and how many function-static locks each
 * finds, and which locations they disagree on. Needs: npm run build, ripgrep, coccinelle.
 * NETBACK_POLICY_BENCH_NO_COCCI=1 skips Coccinelle (it takes about two minutes).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist', 'src', 'cli.js');
const cache = process.env.NETBACK_POLICY_CACHE ?? '/tmp/netback-policy-cache';
const tree = resolve(process.argv[2] ?? join(cache, 'linux-source-6.1'));
if (!existsSync(join(tree, 'Makefile'))) {
  console.log(`no kernel tree at ${tree}: run the tests once (they extract linux-source-6.1) or pass a tree`);
  process.exit(0);
}

const LOCKS =
  'static\\s+(DEFINE_(RAW_)?SPINLOCK|DEFINE_RWLOCK|DEFINE_MUTEX|DEFINE_SEMAPHORE|DECLARE_RWSEM|DEFINE_SEQLOCK|(raw_)?spinlock_t|rwlock_t|seqlock_t|struct\\s+(mutex|semaphore|rw_semaphore))';

function timed(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  return { ms, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

const best = (runs) => runs.reduce((a, b) => (b.ms < a.ms ? b : a));
const fmt = (ms) => (ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`);

console.log(`tree: ${tree}  (cpus: ${availableParallelism()})`);
// Warm the page cache, then best of three for the two fast tools.
timed('rg', ['-l', '-g', '*.{c,h}', LOCKS, tree]);
const rg = best([0, 1, 2].map(() => timed('rg', ['-l', '-g', '*.{c,h}', LOCKS, tree])));
const rgLines = timed('rg', ['-n', '--no-heading', '-g', '*.{c,h}', `^\\s+${LOCKS}`, tree]);
// Our own rg search alone (the arguments lint-source gives it): the floor of the rg path.
const { rgArgs } = await import('../dist/src/lint/source/rg-select.js');
const { rgQuery } = await import('../dist/src/lint/source/index.js');
const selArgs = rgArgs(rgQuery([tree + '/'], {}), 32 << 20);
timed('rg', selArgs);
const sel = best([0, 1, 2].map(() => timed('rg', selArgs)));
// Both paths, interleaved so that load from other processes hits them alike.
const runs = { rg: [], js: [] };
for (let k = 0; k < 3; k++) {
  runs.rg.push(timed(process.execPath, [cli, 'lint-source', tree, '--format', 'json']));
  runs.js.push(timed(process.execPath, [cli, 'lint-source', tree, '--format', 'json', '--no-rg']));
}
const ours = best(runs.rg);
const pureJs = best(runs.js);
const out = JSON.parse(ours.stdout);
const outJs = JSON.parse(pureJs.stdout);
const fsl = out.findings.filter((f) => f.ruleId === 'function-static-lock');
const byRule = {};
for (const f of out.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
const s = out.stats;

const same = JSON.stringify(out.findings) === JSON.stringify(outJs.findings) && JSON.stringify(out.notes) === JSON.stringify(outJs.notes);
console.log(`lint-source: ${s.files} files, ${(s.bytes / 1e9).toFixed(2)} GB, ${s.scanned} scanned after the prefilter (${(s.scannedBytes / 1e6).toFixed(0)} MB), jobs ${s.jobs}`);
console.log(`  rg-selected (${s.selector}): wall ${fmt(ours.ms)} (best of 3, whole process; runs ${runs.rg.map((r) => fmt(r.ms)).join(', ')})`);
console.log(`  pure JS (--no-rg):   wall ${fmt(pureJs.ms)} (best of 3; runs ${runs.js.map((r) => fmt(r.ms)).join(', ')}), ${(s.bytes / 1e6 / (pureJs.ms / 1000)).toFixed(0)} MB/s`);
console.log(`  findings: ${JSON.stringify(byRule)}; both paths identical: ${same ? 'yes' : 'NO'}`);
console.log(`rg -l (candidate files): ${rg.stdout.trim().split('\n').length} files, wall ${fmt(rg.ms)}`);
const selFiles = new Set(sel.stdout.split('\n').filter((l) => l.includes('\0')).map((l) => l.slice(0, l.indexOf('\0'))));
console.log(`rg search of lint-source alone: ${selFiles.size} files, wall ${fmt(sel.ms)}`);
console.log(`rg -n (indented static lock lines): ${rgLines.stdout.trim().split('\n').length} lines`);
console.log(`ratio lint-source / rg -l: rg-selected ${(ours.ms / rg.ms).toFixed(1)}x, pure JS ${(pureJs.ms / rg.ms).toFixed(1)}x`);
if (!same) process.exitCode = 1;

const key = (file, line) => `${relative(tree, file.startsWith('/') ? file : join(tree, file))}:${line}`;
const oursSet = new Set(fsl.map((f) => key(f.file, f.line)));
if (process.env.NETBACK_POLICY_BENCH_NO_COCCI === '1' || spawnSync('spatch', ['--version']).error) {
  console.log('coccinelle: skipped');
  process.exit(0);
}
// spatch --dir parses every .c file that holds any lock spelling (struct members included):
// well over ten minutes here. By default it gets only the files rg selects (which favours
// Coccinelle: the prefilter is rg's); NETBACK_POLICY_BENCH_COCCI_DIR=1 runs the full --dir scan.
const sp = join(here, 'function-static-lock.cocci');
// spatch --jobs leaves `function-static-lock_<date>/` directories in its working directory:
// run it in a temporary one, removed afterwards, so nothing lands in the repository.
const scratch = mkdtempSync(join(tmpdir(), 'netback-policy-cocci-'));
let cocci;
try {
  cocci =
    process.env.NETBACK_POLICY_BENCH_COCCI_DIR === '1'
      ? timed('spatch', ['--sp-file', sp, '--dir', tree, '--jobs', '2', '--very-quiet'], { cwd: scratch })
      : timed('sh', ['-c', `xargs -P2 -n 40 spatch --sp-file "$0" --very-quiet`, sp], { input: rg.stdout, cwd: scratch });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const cocciSet = new Set(
  cocci.stdout
    .split('\n')
    .map((l) => /^(.*?):(\d+): /.exec(l))
    .filter(Boolean)
    .map((m) => key(m[1], m[2])),
);
console.log(`coccinelle (spatch, 2 processes${process.env.NETBACK_POLICY_BENCH_COCCI_DIR === '1' ? ', --dir' : ', on the rg candidate files'}): ${cocciSet.size} function-static locks, wall ${fmt(cocci.ms)}`);
console.log(`ratio coccinelle / lint-source: ${(cocci.ms / ours.ms).toFixed(0)}x`);
console.log(`lint-source: ${oursSet.size} function-static locks`);
for (const k of [...oursSet].filter((k) => !cocciSet.has(k)).sort()) console.log(`  only lint-source: ${k}`);
for (const k of [...cocciSet].filter((k) => !oursSet.has(k)).sort()) console.log(`  only coccinelle: ${k}`);
