#!/usr/bin/env node
// lint-config figures: in-process lint time per Debian config (target < 20 ms each), and the
// CLI's start-up (`--help`, `lint-config` on a sample) as a ratio to bare `node -e 0` (target < 3x),
// warm (page cache filled by a first, discarded run) and cold (page cache dropped before each run,
// which needs root; without it the cold figures are not printed, never passed off as cold).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { lintConfigText } = await import(join(root, 'dist', 'src', 'lint', 'config', 'lint.js'));
const CONFIG_DIR = '/usr/src/linux-config-6.1';

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], mean: s.reduce((a, b) => a + b, 0) / s.length };
};
const ms = (x) => `${x.toFixed(2)} ms`;

if (existsSync(CONFIG_DIR)) {
  console.log('in-process lintConfigText (20 runs after 3 warm-up):');
  for (const f of readdirSync(CONFIG_DIR)
    .filter((f) => f.endsWith('.xz'))
    .sort()) {
    const text = execFileSync('xz', ['-dc', join(CONFIG_DIR, f)], { maxBuffer: 64 << 20 }).toString('utf8');
    for (let i = 0; i < 3; i++) lintConfigText(text, { file: f });
    const times = [];
    let findings = 0;
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      findings = lintConfigText(text, { file: f }).findings.length;
      times.push(performance.now() - t0);
    }
    const s = stats(times);
    const lines = text.split('\n').length;
    console.log(
      `  ${f.padEnd(36)} ${String(lines).padStart(6)} lines  median ${ms(s.median)}  min ${ms(s.min)}  ` +
        `${findings} findings  ${s.median < 20 ? 'OK (< 20 ms)' : 'SLOW (target < 20 ms)'}`,
    );
  }
} else {
  console.error(`lint-config bench: FAILED: ${CONFIG_DIR} missing (apt-get install linux-config-6.1)`);
  process.exitCode = 1;
}

const RUNS = 10;
const COLD_RUNS = 5;

/** Drops the clean page cache (root only); false when this process may not. */
function dropPageCache() {
  try {
    execFileSync('sync');
    writeFileSync('/proc/sys/vm/drop_caches', '1');
    return true;
  } catch {
    return false;
  }
}

/** Wall times of `node args`: warm (after one discarded run) or cold (page cache dropped before each). */
function startup(args, cold) {
  const times = [];
  const n = cold ? COLD_RUNS : RUNS + 1;
  for (let i = 0; i < n; i++) {
    if (cold && !dropPageCache()) return undefined;
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
    const t = performance.now() - t0;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}`);
    if (cold || i > 0) times.push(t);
  }
  return stats(times);
}
const cli = join(root, 'dist', 'src', 'cli.js');
const CASES = [
  ['netback-policy --help', [cli, '--help']],
  ['netback-policy lint-config <6.1 sample>', [cli, 'lint-config', 'samples/configs/dom0-6.1-debug.config']],
];
for (const cold of [false, true]) {
  const base = startup(['-e', '0'], cold);
  if (!base) {
    console.log('cold start: not measured (dropping the page cache needs root)');
    break;
  }
  console.log(
    cold
      ? `cold start (page cache dropped before each run; mean of ${COLD_RUNS}):`
      : `warm start (page cache filled by a discarded first run; mean of ${RUNS}):`,
  );
  console.log(`  node -e 0                                   ${ms(base.mean)}`);
  for (const [label, args] of CASES) {
    const s = startup(args, cold);
    const ratio = s.mean / base.mean;
    const verdict = cold ? '' : ratio <= 3 ? '  OK (<= 3x)' : '  SLOW (target <= 3x)';
    console.log(`  ${label.padEnd(42)}  ${ms(s.mean)}  ${ratio.toFixed(2)}x bare node${verdict}`);
  }
}
