import { EXIT, type ExitCode } from './exit-codes.js';
import { escapeControls, quotePath } from './quote-path.js';

/**
 * An error that is a value: a stable code, where it happened (file and line when known),
 * and what to do next. The CLI turns it into one line on stderr and an exit code.
 */
export class NetbackError extends Error {
  readonly code: string;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;

  constructor(
    code: string,
    message: string,
    opts: { file?: string; line?: number; hint?: string; exitCode?: ExitCode } = {},
  ) {
    super(message);
    this.name = 'NetbackError';
    this.code = code;
    this.file = opts.file;
    this.line = opts.line;
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? EXIT.USAGE;
  }
}

/**
 * One line: `file:line[:col]: error: message (hint)` — what the CLI prints for a NetbackError. The
 * file is quoted as git would and control characters in the text are escaped: it stays one line.
 */
export function formatError(err: NetbackError): string {
  // Subclasses (e.g. PolicyError) may carry a column; print it when they do.
  const column = (err as { column?: number }).column;
  const pos = err.line ? `:${err.line}${column ? `:${column}` : ''}` : '';
  const where = err.file ? `${quotePath(err.file)}${pos}: ` : '';
  const hint = err.hint ? ` (${err.hint})` : '';
  return `netback-policy: ${where}error: ${escapeControls(err.message)}${escapeControls(hint)}`;
}

export function isNetbackError(e: unknown): e is NetbackError {
  return e instanceof NetbackError;
}

/* Errors of the environment, not of netback-policy: a full disk, a read-only file system, a path
 * that is a file where a directory was expected. They are exit 2 with the path, never exit 3. */
const SYSTEM_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EEXIST: 'already exists',
  ENOTEMPTY: 'directory not empty',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EBUSY: 'resource busy',
  ETXTBSY: 'text file busy',
  EXDEV: 'cross-device link',
  EFBIG: 'file too large',
  EINVAL: 'invalid argument',
};

/** What went wrong in words ("permission denied"), for a Node system error of the environment. */
export function systemReason(e: unknown): string | undefined {
  const err = e as NodeJS.ErrnoException | undefined;
  if (!err || typeof err !== 'object' || typeof err.code !== 'string' || typeof err.syscall !== 'string')
    return undefined;
  return SYSTEM_ERRORS[err.code];
}

/** A Node system error (fs, spawn) as a NetbackError naming its path, or undefined for anything else. */
export function fromSystemError(e: unknown): NetbackError | undefined {
  const why = systemReason(e);
  if (!why) return undefined;
  const err = e as NodeJS.ErrnoException & { dest?: unknown };
  const file = typeof err.path === 'string' ? err.path : undefined;
  const target = typeof err.dest === 'string' ? ` -> ${err.dest}` : '';
  return new NetbackError(err.code!.toLowerCase(), `cannot ${err.syscall}${target}: ${why}`, file ? { file } : {});
}

/** Any error as a NetbackError when it is ours to report as input/environment trouble. */
export function asNetbackError(e: unknown): NetbackError | undefined {
  return isNetbackError(e) ? e : fromSystemError(e);
}
