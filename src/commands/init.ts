import type { Command } from 'commander';
import { runAction } from './run-action.js';

export function register(program: Command): void {
  program
    .command('init')
    .summary('write a commented starter policy')
    .description(
      "Write a starter policy: the seed's recommended one (kernel threads, one group per online CPU, " +
        'threads bound to CPUs, a per-group idx_release lock, VIF IRQs spread to the group CPU), with a ' +
        'comment on every knob. The author comes from --author, else git config user.name/user.email. ' +
        'Refuses to overwrite an existing file unless --force.',
    )
    .argument('[file]', 'where to write it', 'policy.ts')
    .option('--author <name-email>', "the patches' From:/Signed-off-by:, 'Name <email>'")
    .option('--date <iso>', 'the Date: of the patches (default: today, UTC)')
    .option('--force', 'overwrite an existing file')
    .addHelpText(
      'after',
      `
Examples:
  netback-policy init
  netback-policy init dom0.ts --author 'Jane Doe <jane@example.com>'
  netback-policy init dom0.ts && netback-policy check-policy dom0.ts`,
    )
    .action(
      runAction(async (file: string, opts: { author?: string; date?: string; force?: boolean }) => {
        const { runInit } = await import('../dsl/init.js');
        return runInit(file, opts);
      }),
    );
}
