import type { Command } from 'commander';
import { runAction } from './run-action.js';
import { policyTimeoutOption } from './options.js';
import type { GenerateOptions } from '../generate/generate.js';

export function register(program: Command): void {
  program
    .command('generate-patch')
    .summary('generate a kernel patch series from a policy')
    .description(
      'Read a policy and a kernel tree, detect the netback flavour (or take --target), and write a ' +
        'patch series (cover letter, one patch per knob, quilt series file) that git am applies. ' +
        'Knobs the tree already satisfies make no patch and a note; a knob the target cannot honour ' +
        'is an error (exit 2) and nothing is written.',
    )
    .argument('[policy]', 'the policy file (same as --policy)')
    .option('-p, --policy <file>', 'the policy file (TypeScript, default export definePolicy({...}))')
    .requiredOption('-t, --tree <dir>', 'root of the kernel tree to patch')
    .option('--target <id>', 'netback flavour, overriding detection (e.g. pvops-2.6.32)')
    .option(
      '-o, --out <dir>',
      'directory for the series (replaced atomically; refused if it holds files we did not write)',
      './patches',
    )
    .option('--force', 'replace an --out holding other files (the old directory is moved aside, not deleted)')
    .option('--date <iso>', "Date: of every patch (ISO 8601), overriding the policy's date")
    .option('-n, --dry-run', 'print the plan (patches, files, diffstat) and write nothing')
    .addOption(policyTimeoutOption())
    .option('--apply', 'after writing, apply the series with git am (the tree must be a clean git repository)')
    .addHelpText(
      'after',
      `
Examples:
  netback-policy generate-patch --policy samples/policies/seed-recommended.ts --tree ~/linux-2.6.32
  netback-policy generate-patch policy.ts --tree . --out ../patches --apply
  netback-policy generate-patch policy.ts --tree samples/trees/pvops-2.6.32 --dry-run`,
    )
    .action(
      runAction(
        async (
          positional: string | undefined,
          // generate()'s options as the flags give them, and the two that choose and load the policy.
          opts: Omit<GenerateOptions, 'version'> & { policy?: string; policyTimeout?: string },
        ) => {
          const { NetbackError } = await import('../core/errors.js');
          const file = opts.policy ?? positional;
          if (!file) throw new NetbackError('usage', 'no policy given', { hint: 'pass --policy FILE' });
          if (opts.policy && positional && opts.policy !== positional) {
            throw new NetbackError('usage', 'two policies given (argument and --policy)');
          }
          if (opts.dryRun && opts.apply) throw new NetbackError('usage', '--dry-run and --apply contradict each other');
          const [{ loadPolicyFile }, { policyLimitsOption }, { runGenerate }, { version }, { writeOut }] =
            await Promise.all([
              import('../dsl/load.js'),
              import('../dsl/run-policy.js'),
              import('../generate/generate.js'),
              import('../version.js'),
              import('../io/stdout.js'),
            ]);
          const { policy } = await loadPolicyFile(file, { limits: policyLimitsOption(opts.policyTimeout) });
          const r = runGenerate(policy, { ...opts, version: version() });
          await writeOut(r.stdout);
          return r.code;
        },
      ),
    );
}
