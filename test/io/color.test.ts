/* Colour only on a terminal, NO_COLOR always off, FORCE_COLOR on (io/color.ts), end to end too. */
import { describe, expect, it } from 'vitest';
import { wantColor } from '../../src/io/color.js';
import { runCli } from '../support/cli.js';

const ESC = '\x1b[';

describe('wantColor', () => {
  it.each([
    ['a terminal', true, {}, true],
    ['a pipe or file', false, {}, false],
    ['NO_COLOR on a terminal', true, { NO_COLOR: '1' }, false],
    ['NO_COLOR beats FORCE_COLOR', false, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
    ['an empty NO_COLOR is unset', true, { NO_COLOR: '' }, true],
    ['FORCE_COLOR into a pipe', false, { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR=0', true, { FORCE_COLOR: '0' }, true],
    ['FORCE_COLOR=0 into a pipe', false, { FORCE_COLOR: '0' }, false],
  ])('%s', (_label, isTTY, env, want) => {
    expect(wantColor({ isTTY }, env)).toBe(want);
  });

  it.each([
    [{}, false],
    [{ NO_COLOR: '', FORCE_COLOR: '1' }, true],
  ])('lint-config into a pipe with %j colours: %s', (env, colored) => {
    const r = runCli(['lint-config', 'samples/configs/dom0-2.6.32-debug.config'], {
      env: env as Record<string, string>,
    });
    expect(r.code).toBe(1);
    expect(r.stdout.includes(ESC)).toBe(colored);
  });
});
