/*
 * The exit-code contract every command shares (0 clean, 1 findings at or above --fail-on, 2 usage,
 * 3 our bug) and the severity order it rests on. Written to kill the mutants of src/core
 * (bench/mutation.md); in-process, so Stryker's mutated copy is the one under test.
 */
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/core/exit-codes.js';
import { exitCodeFor, parseFailOn } from '../../src/core/fail-on.js';
import {
  atOrAbove,
  compareFindings,
  isSeverity,
  SEVERITIES,
  severityRank,
  type Finding,
  type Severity,
} from '../../src/core/finding.js';
import { NetbackError } from '../../src/core/errors.js';

describe('exit codes', () => {
  it('are the documented numbers', () => {
    expect(EXIT).toEqual({ OK: 0, FINDINGS: 1, USAGE: 2, INTERNAL: 3 });
  });

  // --fail-on, the worst finding (none: -), exit code
  const table: Array<[Severity, Severity | '-', number]> = [
    ['error', '-', 0],
    ['error', 'info', 0],
    ['error', 'warning', 0],
    ['error', 'error', 1],
    ['warning', '-', 0],
    ['warning', 'info', 0],
    ['warning', 'warning', 1],
    ['warning', 'error', 1],
    ['info', '-', 0],
    ['info', 'info', 1],
    ['info', 'warning', 1],
    ['info', 'error', 1],
  ];
  it.each(table)('--fail-on %s, worst finding %s: exit %i', (failOn, worst, code) => {
    const items = worst === '-' ? [] : [{ severity: 'info' as Severity }, { severity: worst }];
    expect(exitCodeFor(items, failOn)).toBe(code);
    // Order does not matter: one finding at or above the threshold is enough.
    expect(exitCodeFor([...items].reverse(), failOn)).toBe(code);
  });

  it('--fail-on takes exactly the three severities and names where a bad value came from', () => {
    for (const s of SEVERITIES) expect(parseFailOn(s)).toBe(s);
    for (const bad of ['', 'Error', 'note', 'fatal']) expect(() => parseFailOn(bad)).toThrow(NetbackError);
    const e = (() => {
      try {
        parseFailOn('fatal');
      } catch (x) {
        return x as NetbackError;
      }
    })()!;
    expect([e.code, e.message, e.hint, e.exitCode]).toEqual([
      'bad-option',
      "unknown --fail-on 'fatal'",
      'use error, warning or info',
      2,
    ]);
  });
});

describe('severities', () => {
  it('rank info < warning < error', () => {
    expect(SEVERITIES).toEqual(['info', 'warning', 'error']);
    expect(SEVERITIES.map(severityRank)).toEqual([0, 1, 2]);
    const above = SEVERITIES.flatMap((s) => SEVERITIES.filter((t) => atOrAbove(s, t)).map((t) => `${s}>=${t}`));
    expect(above).toEqual([
      'info>=info',
      'warning>=info',
      'warning>=warning',
      'error>=info',
      'error>=warning',
      'error>=error',
    ]);
  });
  it('isSeverity is exact', () => {
    expect(['info', 'warning', 'error', 'Info', 'note', '', 'errors'].map(isSeverity)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('finding order', () => {
  const f = (file: string, line: number, column: number, ruleId: string, message: string): Finding => ({
    file,
    line,
    column,
    ruleId,
    message,
    severity: 'info',
  });
  it('sorts by file, line, column, rule id, message; equal findings compare 0', () => {
    const want = [
      f('a.c', 1, 1, 'r', 'm'),
      f('a.c', 1, 1, 'r', 'n'),
      f('a.c', 1, 1, 's', 'a'),
      f('a.c', 1, 2, 'a', 'a'),
      f('a.c', 2, 1, 'a', 'a'),
      f('a.c', 10, 1, 'a', 'a'),
      f('b.c', 1, 1, 'a', 'a'),
    ];
    for (let i = 0; i < want.length; i++) {
      for (let j = 0; j < want.length; j++)
        expect(Math.sign(compareFindings(want[i]!, want[j]!)), `${i} vs ${j}`).toBe(Math.sign(i - j));
    }
    expect([...want].reverse().sort(compareFindings)).toEqual(want);
  });
});
