import type { Command } from 'commander';
import { runAction } from './run-action.js';
import { linterCommand } from './options.js';
import { wantColor } from '../io/color.js';

const list = (v: string, prev: string[] = []): string[] => [
  ...prev,
  ...v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

export function register(program: Command): void {
  linterCommand(program, 'lint-source')
    .summary('find function-static locks, locks held across grant copies and DEBUG compiled into C source')
    .description(
      'Lint C source and Kbuild makefiles (files, directories or a whole kernel tree) for netback ' +
        'throughput hazards: lock objects declared static inside functions (one lock for every instance), ' +
        'locks held across grant copy/map work (in dom0 or the Xen hypervisor, followed through calls), and ' +
        '#define DEBUG / -DDEBUG compiled in by the source. Comment-, string- and preprocessor-aware; whole ' +
        'trees are scanned on all cores. ' +
        'Suppress one finding with /* netback-policy: ignore <rule-id> */ on or above its line.',
    )
    .argument('<paths...>', 'C files, Kbuild makefiles, directories or a kernel tree')
    .option('--rule <ids>', 'run only these rules (comma-separated, repeatable)', list)
    .option('--disable <ids>', 'do not run these rules (comma-separated, repeatable)', list)
    .option(
      '-j, --jobs <n>',
      'worker threads (default: the number of CPUs; when ripgrep picks the files, fewer than 3 scan in the main thread)',
    )
    .option(
      '--max-size <size>',
      'skip files larger than this, with a note (bytes, or 8M; at most 64M)',
      String(32 << 20),
    )
    .option('--ext <list>', 'file endings scanned as C in directories', '.c,.h')
    .option('--no-kbuild', 'do not scan Makefile/Kbuild files in directories')
    .option(
      '--vocabulary <name>',
      'read C as the Xen hypervisor (xen), Linux dom0 (linux), or per file by its place in the tree (auto)',
      'auto',
    )
    .option('--no-rg', 'read every file in JS instead of letting ripgrep (when on PATH) pick the candidates')
    .option('--no-progress', 'no progress bar (it is shown only when stderr is a terminal)')
    .addHelpText(
      'after',
      `
Rules: function-static-lock, lock-held-across-grant-copy, debug-enabled-in-source
       (netback-policy rules --kind source explains each)

Examples:
  netback-policy lint-source drivers/xen/netback/netback.c
  netback-policy lint-source /usr/src/linux-source-6.1 --format sarif > lint.sarif
  netback-policy lint-source drivers/net --rule function-static-lock --jobs 2
  netback-policy lint-source ~/src/xen/xen/common          (the Xen hypervisor: --vocabulary auto reads it as Xen)`,
    )
    .action(
      runAction(async (paths: string[], opts: Record<string, unknown>) => {
        const [{ lintSourceCommand }, { SOURCE_RULE_SET }] = await Promise.all([
          import('../lint/source/command.js'),
          import('../linters/source.js'),
        ]);
        return lintSourceCommand(paths, {
          set: SOURCE_RULE_SET,
          format: opts['format'] as string,
          failOn: opts['failOn'] as string,
          rules: (opts['rule'] as string[] | undefined) ?? [],
          disable: (opts['disable'] as string[] | undefined) ?? [],
          jobs: opts['jobs'] as string | undefined,
          maxSize: opts['maxSize'] as string,
          ext: opts['ext'] as string,
          kbuild: opts['kbuild'] !== false,
          rg: opts['rg'] !== false,
          vocabulary: opts['vocabulary'] as string,
          progress: opts['progress'] !== false && process.stderr.isTTY === true,
          color: wantColor(process.stdout),
        });
      }),
    );
}
