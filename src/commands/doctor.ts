import type { Command } from 'commander';
import { runAction } from './run-action.js';
import { failOnOption, formatOption, maxInputSizeOption } from './options.js';

export function register(program: Command): void {
  program
    .command('doctor')
    .summary('why is my dom0 network slow? one ranked report from this host')
    .description(
      'Gather what the host shows (running config from /proc/config.gz or /boot/config-<release>, ' +
        '/proc/cmdline, /proc/interrupts, /sys/module/xen_netback/parameters, the kernel release, ' +
        'the online CPUs, netback threads), run every relevant check, and print the likely causes of ' +
        'lost netback throughput, most likely first, each with its evidence and its fix. A missing ' +
        'source is noted, never fatal. Exit 1 when a cause at or above --fail-on is found.',
    )
    .option('--root <dir>', "read the host under this directory (a copy of a host's / for offline diagnosis)", '/')
    .addOption(formatOption('text or json'))
    .addOption(failOnOption('causes'))
    .addOption(maxInputSizeOption('skip host files (and a decompressed config.gz) larger than this, with a note'))
    .addHelpText(
      'after',
      `
Examples:
  sudo netback-policy doctor                               # this dom0
  netback-policy doctor --root samples/hosts/dom0-2.6.32-seed
  netback-policy doctor --format json | jq '.diagnoses[0]'`,
    )
    .action(
      runAction(async (opts: { root?: string; format?: string; failOn?: string; maxInputSize?: string }) => {
        const { runDoctor } = await import('../doctor/command.js');
        return runDoctor(opts);
      }),
    );
}
