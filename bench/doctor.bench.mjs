#!/usr/bin/env node
// doctor's cost: in-process diagnosis of the sample hosts, and the whole command (process start,
// lazy imports, reading /proc and /sys) on the sample hosts and on this machine.
import { spawnSync, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './support.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'src', 'cli.js');
const { diagnoseHost } = await import(join(root, 'dist', 'src', 'doctor', 'diagnose.js'));
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const hosts = ['dom0-2.6.32-seed', 'dom0-6.1-healthy'].map((h) => join(root, 'samples', 'hosts', h));

const tick = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || 100);
const childCpu = () => {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(f[13]) + Number(f[14])) * tick;
};

for (const h of hosts) {
  diagnoseHost(h); // warm
  const t = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    diagnoseHost(h);
    t.push(performance.now() - s);
  }
  console.log(
    `diagnoseHost ${h.split('/').pop().padEnd(20)} median ${median(t).toFixed(1).padStart(6)} ms ` +
      `(in process, ${RUNS} runs)`,
  );
}
for (const args of [...hosts.map((h) => ['--root', h]), []]) {
  const t = [];
  const c = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = childCpu();
    const s = performance.now();
    const r = spawnSync(process.execPath, [cli, 'doctor', ...args], { encoding: 'utf8' });
    if (r.status !== 0 && r.status !== 1) throw new Error(r.stderr);
    t.push(performance.now() - s);
    c.push(childCpu() - c0);
  }
  const name = args.length ? args[1].split('/').pop() : 'this machine (/)';
  console.log(
    `netback-policy doctor ${name.padEnd(20)} wall median ${median(t).toFixed(0).padStart(5)} ms   ` +
      `CPU median ${median(c).toFixed(0).padStart(4)} ms`,
  );
}
console.log(`load average: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
