import type { Command } from 'commander';
import { runAction } from './run-action.js';
import { policyTimeoutOption } from './options.js';

export function register(program: Command): void {
  program
    .command('check-policy')
    .summary('type-check and validate a policy file')
    .description(
      'Type-check a policy file (and its local imports) against the netback-policy DSL types, as an ' +
        'editor would, then run the checks types cannot express (ranges, formats, contradictions). ' +
        'Problems print as file:line:col: error: message. Exit 0 when the policy is valid, 2 when not.',
    )
    .argument('<policy>', 'the policy file (TypeScript, default export definePolicy({...}))')
    .option('--no-types', 'skip the type-check (fast: only the checks every load runs)')
    .addOption(policyTimeoutOption())
    .addHelpText(
      'after',
      `
Examples:
  netback-policy check-policy policy.ts
  netback-policy check-policy samples/policies/seed-recommended.ts
  netback-policy init my-policy.ts && netback-policy check-policy my-policy.ts`,
    )
    .action(
      runAction(async (policy: string, opts: { types: boolean; policyTimeout?: string }) => {
        const { checkPolicy } = await import('../dsl/check-policy.js');
        const { policyLimitsOption } = await import('../dsl/run-policy.js');
        const { writeOut } = await import('../io/stdout.js');
        const r = await checkPolicy(policy, { types: opts.types, limits: policyLimitsOption(opts.policyTimeout) });
        if (r.lines.length) await writeOut(r.lines.join('\n') + '\n');
        if (r.errors) process.stderr.write(`${policy}: ${r.errors} error${r.errors > 1 ? 's' : ''}\n`);
        else await writeOut(`${policy}: ok\n`);
        return r.exitCode;
      }),
    );
}
