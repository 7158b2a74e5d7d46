#!/usr/bin/env node
// Runs the three linters, doctor and the policy -> patch path on the bundled samples, as a newcomer
// would see them (not init, hook or rules: they write files or only print documentation).
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

step(
  "Which debugging options cost throughput? (the seed's 2.6.32 dom0 config)",
  ['lint-config', 'samples/configs/dom0-2.6.32-debug.config'],
  ['samples/configs/dom0-2.6.32-debug.config'],
);
step(
  'The same question on a 6.1 config, with the boot command line resolving boot-time switches',
  ['lint-config', 'samples/configs/dom0-6.1-debug.config', '--cmdline', 'samples/configs/dom0-debug.cmdline'],
  ['samples/configs/dom0-6.1-debug.config', 'samples/configs/dom0-debug.cmdline'],
);
step(
  'Function-static locks and other hazards in the sample 2.6.32 netback tree',
  ['lint-source', 'samples/trees/pvops-2.6.32'],
  ['samples/trees/pvops-2.6.32', 'dist/src/commands/lint-source.js'],
);
step(
  'Are the VIF interrupts spread over the CPUs? (a 2.6.32 dom0 with everything on CPU0)',
  ['lint-irq', 'samples/proc-interrupts/pvops-2.6.32-unbalanced.txt'],
  ['samples/proc-interrupts/pvops-2.6.32-unbalanced.txt'],
);
step(
  "Why is this dom0 slow? One ranked report for a fake host with the seed's symptoms",
  ['doctor', '--root', 'samples/hosts/dom0-2.6.32-seed'],
  ['samples/hosts/dom0-2.6.32-seed', 'dist/src/commands/doctor.js'],
);
step('Type-check the recommended policy', ['check-policy', 'samples/policies/seed-recommended.ts']);
step('Plan the patch series for the sample 2.6.32 tree (nothing written)', [
  'generate-patch',
  'samples/policies/seed-recommended.ts',
  '--tree',
  'samples/trees/pvops-2.6.32',
  '--dry-run',
]);
step('Write the series into ./patches (git am-able, checkpatch-clean)', [
  'generate-patch',
  'samples/policies/seed-recommended.ts',
  '--tree',
  'samples/trees/pvops-2.6.32',
  '--out',
  'patches',
]);
step(
  'No rebuild possible? The run-time route on the same 2.6.32 host (what it can apply, what needs the patch)',
  [
    'generate-host-config',
    'samples/policies/seed-recommended.ts',
    '--root',
    'samples/hosts/dom0-2.6.32-seed',
    '--dry-run',
  ],
  ['samples/hosts/dom0-2.6.32-seed', 'dist/src/commands/generate-host-config.js'],
);
step(
  '... and on a Debian 12 (6.1) dom0, written into ./host-config (start with host-config/HOWTO.md)',
  [
    'generate-host-config',
    'samples/policies/seed-recommended.ts',
    '--root',
    'samples/hosts/dom0-6.1-healthy',
    '--out',
    'host-config',
  ],
  ['samples/hosts/dom0-6.1-healthy', 'dist/src/commands/generate-host-config.js'],
);

const { wantColor } = await import(join(root, 'dist', 'src', 'io', 'color.js'));
const bold = wantColor(process.stdout) ? (s) => `\x1b[1m${s}\x1b[0m` : (s) => s;
let failed = 0;
for (const [title, args] of steps) {
  process.stdout.write(`\n${bold(`== ${title}`)}\n$ netback-policy ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
  // Exit 1 means "findings", which is what a demo on hazardous samples should show.
  if (r.status !== 0 && r.status !== 1) failed++;
}
process.exit(failed ? 1 : 0);
