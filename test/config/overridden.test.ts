import { describe, it, expect } from 'vitest';
import { lintConfigText } from '../../src/linters/config.js';

const HEADER = '# Linux/x86 6.1.0 Kernel Configuration\n';

// [name, body, expected overridden-option findings as [line, last line]]
const CASES: Array<[string, string, Array<[number, number]>]> = [
  ['no repeat', 'CONFIG_A=y\nCONFIG_B=y\n', []],
  ['y then not set', 'CONFIG_PROVE_LOCKING=y\n# CONFIG_PROVE_LOCKING is not set\n', [[2, 3]]],
  ['not set then y', '# CONFIG_PROVE_LOCKING is not set\nCONFIG_PROVE_LOCKING=y\n', [[2, 3]]],
  [
    'three times',
    'CONFIG_A=y\nCONFIG_A=m\nCONFIG_A=n\n',
    [
      [2, 4],
      [3, 4],
    ],
  ],
  ['same value twice still counts', 'CONFIG_A="x"\nCONFIG_A="x"\n', [[2, 3]]],
  ['a comment mentioning the option is not an assignment', '# CONFIG_A: see below\nCONFIG_A=y\n', []],
];

describe('overridden-option', () => {
  it.each(CASES)('%s', (_name, body, expected) => {
    const r = lintConfigText(HEADER + body, { file: 'x.config' });
    const got = r.findings.filter((f) => f.ruleId === 'overridden-option');
    expect(got.map((f) => [f.line, Number(/line (\d+)/.exec(f.message)![1])])).toEqual(expected);
    for (const f of got) expect(f.severity).toBe('info');
  });

  it('the last value is the one the hazard rules judge', () => {
    const off = lintConfigText(HEADER + 'CONFIG_PROVE_LOCKING=y\n# CONFIG_PROVE_LOCKING is not set\n', { file: 'x' });
    expect(off.findings.some((f) => f.ruleId === 'lock-debugging')).toBe(false);
    const on = lintConfigText(HEADER + '# CONFIG_PROVE_LOCKING is not set\nCONFIG_PROVE_LOCKING=y\n', { file: 'x' });
    expect(on.findings.some((f) => f.ruleId === 'lock-debugging' && f.line === 3)).toBe(true);
  });
});
