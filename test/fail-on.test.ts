import { describe, it, expect } from 'vitest';
import { exitCodeFor, parseFailOn } from '../src/core/fail-on.js';
import { NetbackError } from '../src/core/errors.js';

describe('--fail-on', () => {
  it.each([
    ['error', [{ severity: 'warning' as const }], 0],
    ['warning', [{ severity: 'warning' as const }], 1],
    ['info', [{ severity: 'info' as const }], 1],
    ['error', [], 0],
  ])('--fail-on %s with %j exits %i', (level, items, code) => {
    expect(exitCodeFor(items, parseFailOn(level))).toBe(code);
  });
  it('names the option the bad value came from', () => {
    expect(() => parseFailOn('fatal')).toThrow(/unknown --fail-on 'fatal'/);
    expect(() => parseFailOn('fatal', 'git config netback-policy.failOn')).toThrow(NetbackError);
    expect(() => parseFailOn('fatal', 'git config netback-policy.failOn')).toThrow(
      /git config netback-policy\.failOn 'fatal'/,
    );
  });
});
