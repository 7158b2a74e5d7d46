/**
 * Whether to colour what goes to `stream`: never when NO_COLOR is set (no-color.org), always when
 * FORCE_COLOR is set (other than `0`/`false`), else only on a terminal.
 */
export function wantColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  return stream.isTTY === true;
}
