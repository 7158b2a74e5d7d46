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
