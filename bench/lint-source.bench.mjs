#!/usr/bin/env node
/*
 * lint-source over Debian's whole extracted linux-6.1 tree, against two baselines measured in
 * the same run on the same machine:
 *   - `rg -l` with lint-source's own rg flags, file types and patterns (--no-ignore --hidden --text,
 *     .c/.h/Makefile/Kbuild, the three rules' line patterns), listing the matching files: the same
 *     files read the same way, without printing the lines (what reading the tree costs),
 *   - Coccinelle with an equivalent semantic patch (bench/function-static-lock.cocci), two
 *     processes, given the files rg selects (or the whole tree with NETBACK_POLICY_BENCH_COCCI_DIR=1).
 * A third line is the floor of any Node front end here, what it pays before any work of its own:
 * Node's start-up, then lint-source's rg search.
 * lint-source runs both ways: rg selecting the candidate files (the default when rg is on PATH)
 * and pure JS (--no-rg). Prints files and bytes scanned, wall times, ratios and how many function-static locks each
 * finds, and which locations they disagree on. Needs: npm run build, ripgrep, coccinelle.
 * NETBACK_POLICY_BENCH_NO_COCCI=1 skips Coccinelle (it takes about two minutes).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './support.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist', 'src', 'cli.js');
const cache = process.env.NETBACK_POLICY_CACHE ?? '/tmp/netback-policy-cache';
const tree = resolve(process.argv[2] ?? join(cache, 'linux-source-6.1'));
if (!existsSync(join(tree, 'Makefile'))) {
  console.error(
    `lint-source bench: FAILED: no kernel tree at ${tree}: run the tests once (they extract linux-source-6.1) ` +
      'or pass a tree',
  );
  process.exit(1);
}

const LOCKS =
  'static\\s+(DEFINE_(RAW_)?SPINLOCK|DEFINE_RWLOCK|DEFINE_MUTEX|DEFINE_SEMAPHORE|DECLARE_RWSEM|DEFINE_SEQLOCK|(raw_)?spinlock_t|rwlock_t|seqlock_t|struct\\s+(mutex|semaphore|rw_semaphore))';

/** CPU seconds used so far by this process's waited-for children (user + sys, /proc/self/stat). */
function childCpu() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / 100;
}

function timed(cmd, args, opts = {}) {
  const c0 = childCpu();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  return { ms, cpu: childCpu() - c0, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

const best = (runs) => runs.reduce((a, b) => (b.ms < a.ms ? b : a));
const fmt = (ms) => (ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`);
const ROUNDS = Number(process.env.NETBACK_POLICY_BENCH_ROUNDS ?? 5);

console.log(`tree: ${tree}  (cpus: ${availableParallelism()})`);
// Our own rg search alone (the arguments lint-source gives it): what the rg path costs in rg.
const { rgArgs } = await import('../dist/src/lint/source/selection/rg-select.js');
const { rgQuery } = await import('../dist/src/linters/source-tree.js');
const selArgs = rgArgs(rgQuery([tree + '/'], {}), 32 << 20);
// The baseline: the same search, files only (-l), without lint-source's output options.
const OUTPUT = new Set(['--byte-offset', '--no-line-number', '--no-heading', '--stats', '--null']);
const firstE = selArgs.indexOf('-e');
const flags = selArgs
  .slice(0, firstE)
  .filter((a, i, all) => !OUTPUT.has(a) && a !== '--color' && all[i - 1] !== '--color');
const listArgs = ['-l', ...flags, ...selArgs.slice(firstE)];
// Coccinelle's input and the line count: the C files with a lock spelling, read the same way.
const lockGlobs = (...g) => [...g.flatMap((x) => ['-g', x]), '-g', '!.git/', '-e'];
const lockFileArgs = ['-l', ...flags, ...lockGlobs('*.c'), LOCKS, '--', tree + '/'];
// The floor of any Node front end here: Node's own start-up (nothing of ours loaded), then the
// rg search, its output thrown away: what lint-source would cost if it did no work of its own
// (no module loading, walk, lint or report).
const floorScript = `"$0" -e 0 && rg "$@" >/dev/null`;
const lint =
  (env = {}, extra = []) =>
  () =>
    timed(process.execPath, [cli, 'lint-source', tree, '--format', 'json', ...extra], {
      env: { ...process.env, ...env },
    });
// Everything in rounds, interleaved: this VM's speed drifts by a third within minutes, so a
// ratio is only meaningful between runs of the same round.
const tools = {
  'rg -l': () => timed('rg', listArgs),
  'rg search of lint-source': () => timed('rg', selArgs),
  'floor: node start, rg': () => timed('sh', ['-c', floorScript, process.execPath, ...selArgs]),
  'lint-source': lint(),
  'lint-source --no-rg': lint({}, ['--no-rg']),
};
tools['rg -l'](); // warm the page cache
const runs = Object.fromEntries(Object.keys(tools).map((k) => [k, []]));
for (let k = 0; k < ROUNDS; k++) for (const [name, run] of Object.entries(tools)) runs[name].push(run());
const rgLines = timed('rg', [
  '-n',
  '--no-heading',
  ...flags,
  ...lockGlobs('*.c', '*.h'),
  `^\\s+${LOCKS}`,
  '--',
  tree + '/',
]);
const rg = best(runs['rg -l']);
const sel = best(runs['rg search of lint-source']);
const ours = best(runs['lint-source']);
const pureJs = best(runs['lint-source --no-rg']);
const out = JSON.parse(ours.stdout);
const outJs = JSON.parse(pureJs.stdout);
const fsl = out.findings.filter((f) => f.ruleId === 'function-static-lock');
const byRule = {};
for (const f of out.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
const s = out.stats;

const sameAs = (o) =>
  JSON.stringify(out.findings) === JSON.stringify(o.findings) && JSON.stringify(out.notes) === JSON.stringify(o.notes);
const same = sameAs(outJs);
console.log(
  `lint-source: ${s.files} files, ${(s.bytes / 1e9).toFixed(2)} GB, ` +
    `${s.scanned} scanned after the prefilter (${(s.scannedBytes / 1e6).toFixed(0)} MB), ` +
    `jobs ${s.jobs}, selector ${s.selector}`,
);
console.log(`  findings: ${JSON.stringify(byRule)}; identical on both paths (rg, pure JS): ${same ? 'yes' : 'NO'}`);
console.log(
  `rg -l: ${rg.stdout.trim().split('\n').length} candidate files; rg search of lint-source: ${
    new Set(
      sel.stdout
        .split('\n')
        .filter((l) => l.includes('\0'))
        .map((l) => l.slice(0, l.indexOf('\0'))),
    ).size
  } files`,
);
console.log(
  `  rg -l runs:              rg ${listArgs
    .slice(0, -2)
    .map((a) => (/^[\w=.,/-]+$/.test(a) ? a : `'${a.slice(0, 40)}${a.length > 40 ? '...' : ''}'`))
    .join(' ')} TREE`,
);
console.log(
  '  rg search of lint-source: the same, printing each candidate line with its byte offset ' +
    '(--byte-offset --null --stats)',
);
console.log(`rg -n (indented static lock lines): ${rgLines.stdout.trim().split('\n').length} lines`);
console.log(`${ROUNDS} interleaved rounds, whole process (wall; CPU = user + sys of the process and its children):`);
for (const [name, rs] of Object.entries(runs)) {
  console.log(
    `  ${name.padEnd(30)} wall best ${fmt(best(rs).ms)}, median ${fmt(median(rs.map((r) => r.ms)))}; ` +
      `CPU median ${median(rs.map((r) => r.cpu)).toFixed(2)} s  (runs ${rs.map((r) => fmt(r.ms)).join(', ')})`,
  );
}
const ratio = (name, base) => {
  const perRound = runs[name].map((r, k) => r.ms / runs[base][k].ms);
  return (
    `${(best(runs[name]).ms / best(runs[base]).ms).toFixed(2)}x best/best, ` +
    `${median(perRound).toFixed(2)}x median of rounds`
  );
};
console.log(
  `ratio lint-source / rg -l: ${ratio('lint-source', 'rg -l')}  (pure JS: ${ratio('lint-source --no-rg', 'rg -l')})`,
);
console.log(`ratio lint-source / its own rg search: ${ratio('lint-source', 'rg search of lint-source')}`);
console.log(
  `ratio of the floor (Node's start-up, then rg; no work of lint-source's own) / rg -l: ` +
    `${ratio('floor: node start, rg', 'rg -l')}`,
);
console.log(`ratio lint-source / the floor: ${ratio('lint-source', 'floor: node start, rg')}`);
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
const lockFiles = timed('rg', lockFileArgs).stdout;
// Each spatch run is a single run, so it is compared with a single lint-source run made just
// before it (the same statistic on both sides), NETBACK_POLICY_BENCH_COCCI_ROUNDS times (default 1).
const COCCI_ROUNDS = Number(process.env.NETBACK_POLICY_BENCH_COCCI_ROUNDS ?? 1);
// spatch --jobs leaves `function-static-lock_<date>/` directories in its working directory:
// run it in a temporary one, removed afterwards, so nothing lands in the repository.
const scratch = mkdtempSync(join(tmpdir(), 'netback-policy-cocci-'));
const pairs = [];
try {
  for (let k = 0; k < COCCI_ROUNDS; k++) {
    const lintRun = tools['lint-source']();
    const spatchRun =
      process.env.NETBACK_POLICY_BENCH_COCCI_DIR === '1'
        ? timed('spatch', ['--sp-file', sp, '--dir', tree, '--jobs', '2', '--very-quiet'], { cwd: scratch })
        : timed('sh', ['-c', `xargs -P2 -n 40 spatch --sp-file "$0" --very-quiet`, sp], {
            input: lockFiles,
            cwd: scratch,
          });
    pairs.push({ lint: lintRun, cocci: spatchRun });
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const cocci = pairs[0].cocci;
const cocciSet = new Set(
  cocci.stdout
    .split('\n')
    .map((l) => /^(.*?):(\d+): /.exec(l))
    .filter(Boolean)
    .map((m) => key(m[1], m[2])),
);
const cocciOn = process.env.NETBACK_POLICY_BENCH_COCCI_DIR === '1' ? ', --dir' : ', on the rg candidate files';
console.log(
  `coccinelle (spatch, 2 processes${cocciOn}): ${cocciSet.size} function-static locks, wall ${fmt(cocci.ms)}`,
);
console.log(
  `ratio coccinelle / lint-source: ${median(pairs.map((p) => p.cocci.ms / p.lint.ms)).toFixed(0)}x ` +
    `(median over ${pairs.length} pair(s) of single runs made back to back: ` +
    `${pairs.map((p) => `${fmt(p.cocci.ms)} / ${fmt(p.lint.ms)}`).join(', ')})`,
);
console.log(`lint-source: ${oursSet.size} function-static locks`);
for (const k of [...oursSet].filter((k) => !cocciSet.has(k)).sort()) console.log(`  only lint-source: ${k}`);
for (const k of [...cocciSet].filter((k) => !oursSet.has(k)).sort()) console.log(`  only coccinelle: ${k}`);
