import type { Command } from 'commander';
import { runAction } from './run-action.js';

export function register(program: Command): void {
  program
    .command('generate-host-config')
    .summary('apply a policy to a running dom0 without a kernel rebuild')
    .description(
      "Read the host (as doctor does, under --root), decide which of the policy's knobs the running " +
        'kernel takes at run time, and write them: a modprobe.d fragment (or kernel command line), a ' +
        "placement program that puts each VIF queue's IRQs and threads on the policy's CPU, the Xen " +
        'hotplug hook and systemd units that run it, an irqbalance policy script, and a HOWTO. Knobs ' +
        'that need a patch are listed as such.',
    )
    .argument('<policy>', 'the policy file (TypeScript, default export definePolicy({...}))')
    .option('--root <dir>', "read the host under this directory (a copy of a host's /)", '/')
    .option('--target <id>', 'netback era, overriding the kernel release (e.g. upstream-mq)')
    .option('-o, --out <dir>', 'directory for the files (replaced atomically)')
    .option('-n, --dry-run', 'print the decisions and the file list, write nothing')
    .addHelpText(
      'after',
      `
Examples:
  sudo netback-policy generate-host-config policy.ts --out host-config
  netback-policy generate-host-config samples/policies/seed-recommended.ts --root samples/hosts/dom0-6.1-healthy --dry-run`,
    )
    .action(
      runAction(async (file: string, opts: { root?: string; target?: string; out?: string; dryRun?: boolean }) => {
        const [{ loadPolicyFile }, { runHostConfig }, { writeOut }] = await Promise.all([
          import('../dsl/load.js'),
          import('../hostconfig/command.js'),
          import('../io/stdout.js'),
        ]);
        const { policy } = await loadPolicyFile(file);
        await writeOut(runHostConfig(policy, file, opts));
        return 0;
      }),
    );
}
