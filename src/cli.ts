#!/usr/bin/env node
/*
 * The command line. Start-up stays close to bare node: this file loads only commander and
 * each command's registration; a command's implementation (and heavy modules such as
 * typescript/ts-morph) is imported inside its action.
 */
import { createRequire } from 'node:module';
import { version } from './version.js';
import { EXIT } from './core/exit-codes.js';
import { COMMANDS } from './commands/index.js';

// commander is CommonJS: required, it loads without Node's scan of its source for named
// exports that `import` does (about 10 ms of every start, before any work).
const { Command, CommanderError } = createRequire(import.meta.url)('commander') as typeof import('commander');

// `netback-policy rules | head` must end quietly, as grep does, not with an EPIPE stack.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const program = new Command();
program
  .name('netback-policy')
  .description(
    'Find what costs Xen netback throughput in a dom0 kernel (.config, C source, IRQ spread) ' +
      'and turn a threading/locking policy into a kernel patch series.',
  )
  .version(version(), '-V, --version')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

for (const register of COMMANDS) register(program);

program.addHelpText(
  'after',
  `
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 bad usage or unreadable input, 3 internal error.

Examples:
  netback-policy lint-config /boot/config-$(uname -r)
  netback-policy lint-source drivers/xen/netback
  sudo netback-policy doctor
  netback-policy init policy.ts && netback-policy generate-patch policy.ts --tree ~/linux --dry-run
  netback-policy <command> --help`,
);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  } else {
    throw e;
  }
}
