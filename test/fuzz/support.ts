/*
 * Shared by the property tests: how many runs (FUZZ_RUNS, default 100 so the whole suite stays a
 * few seconds in CI; `npm run fuzz` sets thousands), and the one rule every parser keeps: it
 * returns, or throws our typed NetbackError, never anything else.
 */
import fc from 'fast-check';
import { NetbackError } from '../../src/core/errors.js';

export const RUNS = Number(process.env['FUZZ_RUNS'] ?? 100);

/** fast-check parameters for every property: the run count, and a seed when FUZZ_SEED replays one. */
export function params(): fc.Parameters<unknown> {
  const seed = process.env['FUZZ_SEED'];
  return { numRuns: RUNS, ...(seed ? { seed: Number(seed) } : {}) };
}

/** Runs `fn`; a NetbackError is an answer (returned), any other throw fails the property. */
export function typedOnly<T>(fn: () => T): T | NetbackError {
  try {
    return fn();
  } catch (e) {
    if (e instanceof NetbackError) return e;
    throw e;
  }
}

/**
 * Any text: code points from the whole range (lone surrogates, controls, ESC, NUL included),
 * weighted to ASCII. Built from integers: fc.string's 'binary' unit costs ~60 ms a sample.
 */
export function anyText(maxLength = 30): fc.Arbitrary<string> {
  const cp = fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 0x7f }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x10ffff }) },
  );
  return fc.array(cp, { maxLength }).map((cps) => String.fromCodePoint(...cps));
}

/** Text built from lines that look like the input (so the parser goes deep) mixed with noise. */
export function linesOf(line: fc.Arbitrary<string>, maxLength = 40): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof({ weight: 4, arbitrary: line }, { weight: 1, arbitrary: anyText() }), { maxLength })
    .chain((ls) => fc.constantFrom('\n', '\r\n').map((nl) => ls.join(nl)));
}
