import { asNetbackError, formatError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';

/**
 * Wraps a command's action: a NetbackError, or a system error of the environment (EACCES, ENOSPC,
 * EROFS, ENOTDIR... with its path), becomes one line on stderr and its exit code; anything else is a
 * bug (exit 3, with the stack when NETBACK_POLICY_DEBUG is set). The action returns the exit code it wants.
 */
export function runAction<A extends unknown[]>(fn: (...args: A) => Promise<number>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      process.exitCode = await fn(...args);
    } catch (e) {
      process.exitCode = reportError(e);
    }
  };
}

/** Prints an error the way every command does (one line; a bug says so) and returns its exit code. */
export function reportError(e: unknown): number {
  const known = asNetbackError(e);
  if (known) {
    process.stderr.write(formatError(known) + '\n');
    return known.exitCode;
  }
  const err = e as Error;
  process.stderr.write(
    `netback-policy: internal error: ${err?.message ?? String(e)} ` +
      '(this is a bug; set NETBACK_POLICY_DEBUG=1 for the stack)\n',
  );
  if (process.env.NETBACK_POLICY_DEBUG) process.stderr.write(`${err?.stack}\n`);
  return EXIT.INTERNAL;
}
