#!/usr/bin/env node
// Runs every command on the bundled samples, as a newcomer would see them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'src', 'cli.js');
const steps = [];

function step(title, args, needs = []) {
  if (needs.some((p) => !existsSync(join(root, p)))) return;
  steps.push([title, args]);
}

step('List the rules', ['rules']);

let failed = 0;
for (const [title, args] of steps) {
  process.stdout.write(`\n\x1b[1m== ${title}\x1b[0m\n$ netback-policy ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
  // Exit 1 means "findings", which is what a demo on hazardous samples should show.
  if (r.status !== 0 && r.status !== 1) failed++;
}
process.exit(failed ? 1 : 0);
