/*
 * Runtime validation, one row per case: the object literal as a user writes it (inside
 * definePolicy(...)), the issue kind, the exact message, and the line:col it points at in that
 * text. The value validated is the literal itself, evaluated.
 */
import { describe, it, expect } from 'vitest';
import { validatePolicy, type IssueKind } from '../../src/dsl/validate.js';
import { locateKey, maskSource } from '../../src/dsl/locate.js';
import { suggest } from '../../src/dsl/suggest.js';

const HEAD = "import { definePolicy } from 'netback-policy';\n\nexport default definePolicy(";

function run(literal: string) {
  const source = `${HEAD}${literal});\n`;
  const value = new Function(`return (${literal});`)() as unknown;
  return validatePolicy(value, source);
}

// [literal, kind, message, line, column]; line 3 is the definePolicy( line.
const INVALID: Array<[string, IssueKind, string, number, number]> = [
  ["{ nmae: 'x' }", 'unknown-key', "unknown key 'nmae' in the policy (did you mean 'name'?)", 3, 31],
  [
    "{\n  threading: { model: 'kthread', bindtoCpu: true },\n}",
    'unknown-key',
    "unknown key 'bindtoCpu' in threading (did you mean 'bindToCpu'?)",
    4,
    34,
  ],
  [
    "{ locks: { idxRelease: 'per-group', foo: 1 } }",
    'unknown-key',
    "unknown key 'foo' in locks (known keys: idxRelease)",
    3,
    65,
  ],
  [
    '{ threading: { groups: { onlineCpusDividedBy: 2, max: 4 } } }',
    'unknown-key',
    "unknown key 'max' in threading.groups (known keys: onlineCpusDividedBy)",
    3,
    78,
  ],
  ['{ name: 42 }', 'wrong-type', 'name: expected a string, got 42', 3, 37],
  ["{ author: ['Jane'] }", 'wrong-type', 'author: expected a string, got an array', 3, 39],
  ["{ threading: 'kthread' }", 'wrong-type', "threading: expected an object literal, got 'kthread'", 3, 42],
  [
    "{ threading: { model: 'kthreads' } }",
    'wrong-type',
    "threading.model: expected 'kthread' or 'tasklet', got 'kthreads' (did you mean 'kthread'?)",
    3,
    51,
  ],
  [
    "{ threading: { model: 'kthread', bindToCpu: 'yes' } }",
    'wrong-type',
    "threading.bindToCpu: expected true or false, got 'yes'",
    3,
    73,
  ],
  [
    "{ threading: { model: 'kthread', keepTaskletOption: 1 } }",
    'wrong-type',
    'threading.keepTaskletOption: expected true or false, got 1',
    3,
    81,
  ],
  [
    "{ threading: { groups: 'online-cpu' } }",
    'wrong-type',
    "threading.groups: expected an integer 1..4096, 'online-cpus' or { onlineCpusDividedBy: n }, got 'online-cpu' (did you mean 'online-cpus'?)",
    3,
    52,
  ],
  [
    '{ threading: { groups: null } }',
    'wrong-type',
    "threading.groups: expected an integer 1..4096, 'online-cpus' or { onlineCpusDividedBy: n }, got null",
    3,
    52,
  ],
  [
    '{ threading: { groups: {} } }',
    'wrong-type',
    "threading.groups: expected an integer 1..4096, 'online-cpus' or { onlineCpusDividedBy: n }, got an object without onlineCpusDividedBy",
    3,
    52,
  ],
  [
    "{ assignment: 'round robin' }",
    'wrong-type',
    "assignment: expected 'least-loaded' or 'round-robin', got 'round robin' (did you mean 'round-robin'?)",
    3,
    43,
  ],
  [
    "{ locks: { idxRelease: 'per-cpu' } }",
    'wrong-type',
    "locks.idxRelease: expected 'per-group' or 'global', got 'per-cpu'",
    3,
    52,
  ],
  ['{ irq: { spread: true } }', 'wrong-type', "irq.spread: expected 'none' or 'group-cpu', got true", 3, 46],
  ['{ threading: { groups: 0 } }', 'out-of-range', 'threading.groups: 0 is out of range (an integer 1..4096)', 3, 52],
  [
    '{ threading: { groups: 4097 } }',
    'out-of-range',
    'threading.groups: 4097 is out of range (an integer 1..4096)',
    3,
    52,
  ],
  [
    '{ threading: { groups: 2.5 } }',
    'out-of-range',
    'threading.groups: 2.5 is out of range (an integer 1..4096)',
    3,
    52,
  ],
  ['{ threading: { groups: -1 } }', 'out-of-range', 'threading.groups: -1 is out of range (an integer 1..4096)', 3, 52],
  [
    '{ threading: { groups: NaN } }',
    'out-of-range',
    'threading.groups: NaN is out of range (an integer 1..4096)',
    3,
    52,
  ],
  [
    '{ threading: { groups: { onlineCpusDividedBy: 1 } } }',
    'out-of-range',
    'threading.groups.onlineCpusDividedBy: 1 is out of range (an integer 2..64)',
    3,
    75,
  ],
  [
    '{ threading: { groups: { onlineCpusDividedBy: 65 } } }',
    'out-of-range',
    'threading.groups.onlineCpusDividedBy: 65 is out of range (an integer 2..64)',
    3,
    75,
  ],
  [
    "{ author: 'Jane Doe' }",
    'malformed',
    "author: 'Jane Doe' is not 'Name <email>' (e.g. 'Jane Doe <jane@example.com>')",
    3,
    39,
  ],
  [
    "{ author: '<jane@example.com>' }",
    'malformed',
    "author: '<jane@example.com>' is not 'Name <email>' (e.g. 'Jane Doe <jane@example.com>')",
    3,
    39,
  ],
  [
    "{ author: 'Jane <jane@example.com>\\nX-Evil: 1' }",
    'malformed',
    "author: 'Jane <jane@example.com>?X-Evil: 1' is not 'Name <email>' (e.g. 'Jane Doe <jane@example.com>')",
    3,
    39,
  ],
  [
    "{ date: '2024-02-30' }",
    'malformed',
    "date: '2024-02-30' is not a real date or time (no such day, hour, minute or zone)",
    3,
    37,
  ],
  [
    "{ date: '2024-05-01T25:00Z' }",
    'malformed',
    "date: '2024-05-01T25:00Z' is not a real date or time (no such day, hour, minute or zone)",
    3,
    37,
  ],
  [
    "{ date: 'May 1st' }",
    'malformed',
    "date: 'May 1st' is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])",
    3,
    37,
  ],
  [
    "{ date: '1969-12-31' }",
    'malformed',
    "date: '1969-12-31' is before 1970 (git am and mbox want a Unix time)",
    3,
    37,
  ],
  [
    "{ name: 'Dom0_scale' }",
    'malformed',
    "name: 'Dom0_scale' is not kebab-case (lower-case letters and digits joined by single hyphens, e.g. 'dom0-scale-out')",
    3,
    37,
  ],
  [
    "{ name: 'a--b' }",
    'malformed',
    "name: 'a--b' is not kebab-case (lower-case letters and digits joined by single hyphens, e.g. 'dom0-scale-out')",
    3,
    37,
  ],
  [`{ name: '${'a'.repeat(65)}' }`, 'malformed', `name: '${'a'.repeat(40)}…' is longer than 64 characters`, 3, 37],
  [
    "{ threading: { model: 'tasklet', bindToCpu: true } }",
    'contradiction',
    "threading.bindToCpu: tasklets cannot be bound to a CPU (they run on the CPU that scheduled them); use model 'kthread' or drop bindToCpu",
    3,
    62,
  ],
  [
    "{ threading: { model: 'tasklet', keepTaskletOption: true } }",
    'contradiction',
    "threading.keepTaskletOption: applies only with model 'kthread' (it keeps the tasklet path reachable after the switch to kthreads); with model 'tasklet' the tasklet path is the default and always kept",
    3,
    62,
  ],
  [
    '{ threading: { queueCap: 0 } }',
    'out-of-range',
    'threading.queueCap: 0 is out of range (an integer 1..256)',
    3,
    54,
  ],
  [
    '{ threading: { queueCap: 257 } }',
    'out-of-range',
    'threading.queueCap: 257 is out of range (an integer 1..256)',
    3,
    54,
  ],
  ["{ threading: { queueCap: '8' } }", 'wrong-type', "threading.queueCap: expected an integer 1..256, got '8'", 3, 54],
  [
    '{ threading: { strictBinding: 1 } }',
    'wrong-type',
    'threading.strictBinding: expected true or false, got 1',
    3,
    59,
  ],
  [
    '{ threading: { strictBinding: true } }',
    'contradiction',
    'threading.strictBinding: says how bound threads are bound, so it needs bindToCpu: true',
    3,
    44,
  ],
  [
    "{ threading: { model: 'tasklet', queueCap: 4 } }",
    'contradiction',
    "threading.queueCap: caps multi-queue queues, which run in kernel threads; use model 'kthread' or drop queueCap",
    3,
    62,
  ],
  [
    '{ threading: { keepTaskletOption: false } }',
    'contradiction',
    "threading.keepTaskletOption: applies only with model 'kthread' (it keeps the tasklet path reachable after the switch to kthreads)",
    3,
    44,
  ],
];

describe('validatePolicy rejects', () => {
  for (const [literal, kind, message, line, column] of INVALID) {
    it(`${literal.replace(/\s+/g, ' ').slice(0, 70)} → ${kind}`, () => {
      const { policy, issues } = run(literal);
      expect(policy).toBeUndefined();
      expect(issues).toHaveLength(1);
      expect(issues[0]).toEqual({ kind, path: expect.any(String), message, at: { line, column } });
    });
  }

  it('reports every problem, not only the first', () => {
    const { issues } = run("{ nmae: 'x', threading: { groups: 0 }, irq: { spread: 'all' } }");
    expect(issues.map((i) => i.path)).toEqual(['nmae', 'threading.groups', 'irq.spread']);
  });

  it.each([null, 42, 'policy', [], new Map(), () => 0])('rejects a non-object policy: %s', (v) => {
    const { issues } = validatePolicy(v);
    expect(issues[0]!.message).toMatch(/^the policy: expected an object literal, got /);
  });
});

// [literal]: valid policies; the validated copy must equal the input (minus undefined keys).
const VALID = [
  '{}',
  "{ name: 'dom0-scale-out', author: 'Jane Doe <jane@example.com>', date: '2024-05-01' }",
  "{ author: \"Jane O'Neil <jane.oneil@mail.example.org>\", date: '2024-05-01T09:30:00+02:00' }",
  "{ date: '2024-02-29T23:59:59Z' }",
  "{ threading: { model: 'kthread', keepTaskletOption: false, groups: 4096, bindToCpu: true } }",
  "{ threading: { model: 'tasklet', bindToCpu: false, groups: 1 } }",
  '{ threading: { groups: { onlineCpusDividedBy: 64 } } }',
  "{ threading: { groups: 'online-cpus', bindToCpu: false } }",
  "{ assignment: 'least-loaded', locks: { idxRelease: 'global' }, irq: { spread: 'none' } }",
];

describe('validatePolicy accepts', () => {
  it.each(VALID)('%s', (literal) => {
    const { policy, issues } = run(literal);
    expect(issues).toEqual([]);
    expect(policy).toEqual(new Function(`return (${literal});`)());
    expect(Object.isFrozen(policy)).toBe(true);
  });

  it('drops keys set to undefined and returns a copy, not the input', () => {
    const input = { name: 'x', threading: { model: 'kthread' as const, groups: undefined } };
    const { policy } = validatePolicy(input);
    expect(policy).toEqual({ name: 'x', threading: { model: 'kthread' } });
    expect(policy).not.toBe(input);
  });
});

describe('locateKey', () => {
  const src = [
    'const threading = 1; // threading: decoy',
    'export default definePolicy({',
    '  /* threading: { groups: 9 } */',
    "  name: 'threading: no',",
    "  'threading': {",
    '    model: "kthread",',
    '    groups:   8,',
    '  },',
    '});',
  ].join('\n');
  it('skips comments, strings and code before definePolicy; finds quoted keys and nested values', () => {
    expect(locateKey(src, ['threading'])).toEqual({ key: { line: 5, column: 4 }, value: { line: 5, column: 16 } });
    expect(locateKey(src, ['threading', 'groups'])).toEqual({
      key: { line: 7, column: 5 },
      value: { line: 7, column: 15 },
    });
    expect(locateKey(src, ['irq'])).toBeUndefined();
  });
  it('masks keep offsets and newlines', () => {
    expect(maskSource(src)).toHaveLength(src.length);
    expect(maskSource(src).split('\n')).toHaveLength(src.split('\n').length);
  });
});

describe('suggest', () => {
  it.each([
    ['bindtoCpu', ['model', 'bindToCpu'], 'bindToCpu'],
    ['treading', ['threading', 'locks'], 'threading'],
    ['zzz', ['threading', 'locks'], undefined],
  ] as const)('%s → %s', (word, cands, want) => {
    expect(suggest(word, cands)).toBe(want);
  });
});
