#!/usr/bin/env node
// lint-config figures: in-process lint time per Debian config (target < 20 ms each), and the
// CLI's cold start (`--help`, `lint-config` on a sample) as a ratio to bare `node -e 0` (target < 3x).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
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
  for (const f of readdirSync(CONFIG_DIR).filter((f) => f.endsWith('.xz')).sort()) {
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
    console.log(`  ${f.padEnd(36)} ${String(lines).padStart(6)} lines  median ${ms(s.median)}  min ${ms(s.min)}  ${findings} findings  ${s.median < 20 ? 'OK (< 20 ms)' : 'SLOW (target < 20 ms)'}`);
  }
} else {
  console.log(`(skipped in-process figures: ${CONFIG_DIR} missing; apt-get install linux-config-6.1)`);
}

const RUNS = 10;
function cold(args) {
  const times = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
    const t = performance.now() - t0;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}`);
    if (i > 0) times.push(t); // the first run warms the file cache
  }
  return stats(times);
}
const cli = join(root, 'dist', 'src', 'cli.js');
const base = cold(['-e', '0']);
console.log(`cold start (mean of ${RUNS} runs):`);
console.log(`  node -e 0                                   ${ms(base.mean)}`);
for (const [label, args] of [
  ['netback-policy --help', [cli, '--help']],
  ['netback-policy lint-config <6.1 sample>', [cli, 'lint-config', 'samples/configs/dom0-6.1-debug.config']],
]) {
  const s = cold(args);
  const ratio = s.mean / base.mean;
  console.log(`  ${label.padEnd(42)}  ${ms(s.mean)}  ${ratio.toFixed(2)}x bare node  ${ratio <= 3 ? 'OK (<= 3x)' : 'SLOW (target <= 3x)'}`);
}
