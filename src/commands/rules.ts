import type { Command } from 'commander';
import { runAction } from './run-action.js';
import { formatOption } from './options.js';

export function register(program: Command): void {
  program
    .command('rules')
    .summary('list every lint rule with its documentation')
    .description('List the config and source rules: id, severity, what, why it costs, the fix and the sources.')
    .argument('[id...]', 'only these rules')
    .addOption(formatOption('text, json or markdown'))
    .option('--kind <kind>', 'only config, source or irq rules')
    .addHelpText(
      'after',
      `
Examples:
  netback-policy rules
  netback-policy rules lock-debugging xen-debug-fs
  netback-policy rules --kind config --format json`,
    )
    .action(
      runAction(async (ids: string[], opts: Record<string, string | undefined>) => {
        const { rulesCommand } = await import('../linters/rule-docs.js');
        return rulesCommand(ids, { format: opts['format'] ?? 'text', ...(opts['kind'] ? { kind: opts['kind'] } : {}) });
      }),
    );
}
