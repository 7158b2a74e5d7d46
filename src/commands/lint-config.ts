import type { Command } from 'commander';
import { runAction } from './run-action.js';
import { linterCommand, maxInputSizeOption } from './options.js';
import { wantColor } from '../io/color.js';

export function register(program: Command): void {
  linterCommand(program, 'lint-config')
    .summary('find debugging options in a kernel .config that cost throughput')
    .description(
      'Lint a kernel .config (or a fragment such as kernel/configs/debug.config, or /proc/config.gz) ' +
        'for options that cost network throughput: lock debugging, page/slab debugging, sanitizers, ' +
        'tracers. Each finding says why, groups options under the one that selected them, and the ' +
        'summary ends with the scripts/config command that turns them off.',
    )
    .argument('<file>', ".config, fragment, gzip (/proc/config.gz) or '-' for stdin")
    .option('--kernel-version <version>', 'kernel release when the header has none (e.g. 2.6.32)')
    .option('--cmdline <file>', 'kernel command line (e.g. /proc/cmdline) to resolve boot-time switches')
    .option('--tree <dir>', "read select/depends on from this kernel tree's Kconfig files")
    .option('--baseline <file>', 'accepted options with reasons (default: ./.netback-policy.json if present)')
    .option('--no-baseline', 'ignore ./.netback-policy.json')
    .option('--fragment', 'treat the input as a fragment even if Kconfig generated it')
    .addOption(maxInputSizeOption())
    .option('--fix-fragment <file>', 'write a merge_config.sh fragment that disables the findings')
    .addHelpText(
      'after',
      `
Examples:
  netback-policy lint-config /boot/config-$(uname -r) --cmdline /proc/cmdline
  netback-policy lint-config /proc/config.gz --fix-fragment no-debug.config
  netback-policy lint-config samples/configs/dom0-2.6.32-debug.config
  netback-policy lint-config kernel/configs/debug.config --tree . --format json`,
    )
    .action(
      runAction(async (file: string, opts: Record<string, string | boolean | undefined>) => {
        const [{ lintConfigCommand }, { CONFIG_RULE_SET }] = await Promise.all([
          import('../lint/config/command.js'),
          import('../linters/config.js'),
        ]);
        return lintConfigCommand(file, {
          set: CONFIG_RULE_SET,
          format: opts['format'] as string,
          failOn: opts['failOn'] as string,
          ...(opts['kernelVersion'] !== undefined ? { kernelVersion: opts['kernelVersion'] as string } : {}),
          ...(opts['cmdline'] !== undefined ? { cmdline: opts['cmdline'] as string } : {}),
          ...(opts['tree'] !== undefined ? { tree: opts['tree'] as string } : {}),
          baseline: opts['baseline'] === true ? undefined : (opts['baseline'] as string | false | undefined),
          fragment: opts['fragment'] === true,
          ...(opts['fixFragment'] !== undefined ? { fixFragment: opts['fixFragment'] as string } : {}),
          ...(opts['maxInputSize'] !== undefined ? { maxInputSize: opts['maxInputSize'] as string } : {}),
          color: wantColor(process.stdout),
        });
      }),
    );
}
