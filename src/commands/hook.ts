import type { Command } from 'commander';
import { reportError, runAction } from './run-action.js';
import { policyTimeoutOption } from './options.js';
import { wantColor } from '../io/color.js';
import { writeOut } from '../io/stdout.js';

export function register(program: Command): void {
  const hook = program
    .command('hook')
    .summary('install or run the git pre-commit hook')
    .description(
      'A git pre-commit hook that lints the STAGED content (from the index, not the work tree) of ' +
        'C files (.c/.h) with lint-source, kernel configs (.config, *defconfig, *.config fragments) ' +
        "with lint-config, and policy files (importing 'netback-policy') with check-policy. Errors\n" +
        'block the commit; warnings are printed (git config netback-policy.failOn warning to block ' +
        'on them too).',
    )
    .addHelpText(
      'after',
      `
Examples:
  netback-policy hook install          # in your kernel tree: writes .git/hooks/pre-commit
  git commit                           # now lints what you staged
  git config netback-policy.failOn warning
  netback-policy hook uninstall`,
    );
  hook
    .command('install')
    .description('write the pre-commit hook (honours core.hooksPath)')
    .option('--force', 'replace a pre-commit hook netback-policy did not write (kept as a backup)')
    .addHelpText('after', '\nExample:\n  netback-policy hook install --force')
    .action(
      runAction(async (opts: { force?: boolean }) => {
        const { installHook } = await import('../hook/install.js');
        const r = installHook(process.cwd(), !!opts.force);
        const extra = r.backup ? ` (the previous hook is kept as ${r.backup})` : '';
        await writeOut(`netback-policy: ${r.outcome} ${r.path}${extra}\n`);
        return 0;
      }),
    );
  hook
    .command('uninstall')
    .description('remove the pre-commit hook if netback-policy wrote it')
    .addHelpText('after', '\nExample:\n  netback-policy hook uninstall')
    .action(
      runAction(async () => {
        const { uninstallHook } = await import('../hook/install.js');
        const r = uninstallHook(process.cwd());
        await writeOut(
          r.removed ? `netback-policy: removed ${r.path}\n` : `netback-policy: no pre-commit hook at ${r.path}\n`,
        );
        return 0;
      }),
    );
  hook
    .command('run')
    .description('lint the staged files now (what the hook runs; exit 1 blocks the commit)')
    .option('--fail-on <severity>', 'block on findings at or above: error (default), warning, info')
    .addOption(policyTimeoutOption('each staged policy'))
    .addHelpText('after', '\nExample:\n  git add drivers/net/xen-netback/ && netback-policy hook run')
    .action(
      runAction(async (opts: { failOn?: string; policyTimeout?: string }) => {
        try {
          const { hookRun, renderHookRun } = await import('../hook/run.js');
          const { policyLimitsOption } = await import('../dsl/run-policy.js');
          const limits = policyLimitsOption(opts.policyTimeout);
          const r = await hookRun(process.cwd(), {
            ...(opts.failOn !== undefined ? { failOn: opts.failOn } : {}),
            limits,
          });
          const out = renderHookRun(r, wantColor(process.stderr));
          if (out.stderr) process.stderr.write(out.stderr);
          await writeOut(out.stdout);
          return r.exitCode;
        } catch (e) {
          // The hook never blocks a commit without saying why and how to get past it.
          const code = reportError(e);
          process.stderr.write(
            'netback-policy: the pre-commit check could not run; ' +
              'fix the above, or bypass once with: git commit --no-verify\n',
          );
          return code;
        }
      }),
    );
}
