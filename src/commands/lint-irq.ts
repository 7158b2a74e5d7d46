import type { Command } from 'commander';
import { runAction } from './run-action.js';
import { linterCommand, maxInputSizeOption } from './options.js';

export function register(program: Command): void {
  linterCommand(program, 'lint-irq')
    .summary('check how Xen VIF event-channel interrupts are spread over CPUs')
    .description(
      'Read /proc/interrupts (or a saved copy), find the event-channel IRQs of netback VIFs ' +
        '(vif3.0, vif3.0-q1-tx, ... across kernel eras), report how their interrupts are spread per ' +
        'VIF and per CPU, and flag the case where nearly all of them land on one CPU, with the ' +
        'irqbalance / smp_affinity_list / policy fixes.',
    )
    .argument('[file]', "a copy of /proc/interrupts, or '-' for stdin", '/proc/interrupts')
    .option('--threshold <percent>', 'share of VIF interrupts on one CPU that is flagged', '80')
    .option('--min-interrupts <n>', 'ignore hosts with fewer VIF interrupts than this since boot', '1000')
    .addOption(maxInputSizeOption())
    .option('--cpus <list>', 'CPUs the suggested spread may use, e.g. 1-7 to keep CPU0 free (default: all online)')
    .addHelpText(
      'after',
      `
Examples:
  netback-policy lint-irq                                  # this host's /proc/interrupts
  netback-policy lint-irq samples/proc-interrupts/pvops-2.6.32-unbalanced.txt
  ssh dom0 cat /proc/interrupts | netback-policy lint-irq - --format json
  netback-policy lint-irq --cpus 1-7                       # spread, keeping CPU0 for dom0 itself`,
    )
    .action(
      runAction(async (file: string, opts: Record<string, string>) => {
        const [{ runLintIrq }, { IRQ_RULES }] = await Promise.all([
          import('../lint/irq/command.js'),
          import('../linters/irq.js'),
        ]);
        return runLintIrq(file, opts, IRQ_RULES);
      }),
    );
}
