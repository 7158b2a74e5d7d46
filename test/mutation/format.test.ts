/*
 * The formatters byte for byte (text, JSON, SARIF): what editors, CI and code-scanning UIs parse.
 * Written to kill the mutants of src/lint/format (bench/mutation.md); in-process, so Stryker's
 * mutated copy is the one under test.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import type { RuleMeta } from '../../src/core/rule-meta.js';
import { formatText, summarize } from '../../src/lint/format/text.js';
import { formatJson } from '../../src/lint/format/json.js';
import { formatSarif } from '../../src/lint/format/sarif.js';
import { FORMATS, parseFormat, renderFindings } from '../../src/lint/format/index.js';
import { NetbackError } from '../../src/core/errors.js';

const err: Finding = {
  ruleId: 'r-b',
  severity: 'error',
  message: 'bad',
  file: 'a.c',
  line: 3,
  column: 5,
  notes: ['n1', 'n2'],
  fix: 'do y',
};
const warn: Finding = { ruleId: 'r-a', severity: 'warning', message: 'meh', file: 'dir\\b.c', line: 0, column: 0 };
const info: Finding = {
  ruleId: 'r-c',
  severity: 'info',
  message: 'fyi',
  file: '-',
  line: 7,
  column: 1,
  data: { option: 'X' },
};
const RULES: RuleMeta[] = [
  { id: 'r-b', kind: 'source', severity: 'error', summary: 'B sum', why: 'B why', fix: 'B fix' },
  { id: 'r-a', kind: 'config', severity: 'warning', summary: 'A sum', why: '', fix: 'A fix' },
  { id: 'r-c', kind: 'irq', severity: 'info', summary: 'C sum', why: 'C why', fix: 'C fix' },
  { id: 'r-unused', kind: 'irq', severity: 'error', summary: 'U', why: 'U', fix: 'U' },
];

describe('text', () => {
  it('is gcc style with notes and fix indented, nothing for no finding', () => {
    expect(formatText([err, warn, info])).toBe(
      'a.c:3:5: error: bad [r-b]\n  note: n1\n  note: n2\n  fix: do y\n' +
        '"dir\\\\b.c":0:0: warning: meh [r-a]\n' +
        '-:7:1: info: fyi [r-c]\n',
    );
    expect(formatText([])).toBe('');
  });

  it('colours severity, location and rule id only when asked', async () => {
    process.env['FORCE_COLOR'] = '1';
    const pc = (await import('picocolors')).default.createColors(true);
    const out = formatText([err, warn, info], { color: true });
    expect(out).toBe(
      `${pc.bold('a.c:3:5:')} ${pc.red('error')}: bad ${pc.dim('[r-b]')}\n  note: n1\n  note: n2\n  fix: do y\n` +
        `${pc.bold('"dir\\\\b.c":0:0:')} ${pc.yellow('warning')}: meh ${pc.dim('[r-a]')}\n` +
        `${pc.bold('-:7:1:')} ${pc.cyan('info')}: fyi ${pc.dim('[r-c]')}\n`,
    );
    expect(out).toContain('\x1b[31merror\x1b[39m');
    expect(formatText([err], { color: false })).toBe(formatText([err]));
  });

  it.each([
    [[], '0 errors, 0 warnings, 0 info'],
    [[err], '1 error, 0 warnings, 0 info'],
    [[err, err, warn, info, info], '2 errors, 1 warning, 2 info'],
    [[warn, warn], '0 errors, 2 warnings, 0 info'],
  ] as Array<[Finding[], string]>)('summarize %#', (fs, line) => {
    expect(summarize(fs)).toBe(line);
  });
});

describe('json', () => {
  it('is tool, version, findings, summary by severity, then the extra fields, two-space indented', () => {
    const out = formatJson([err, info, info], '1.2.3', { fixCommand: 'x' });
    expect(out.endsWith('}\n')).toBe(true);
    expect(out).toContain('\n  "tool": "netback-policy",\n');
    const j = JSON.parse(out);
    expect(Object.keys(j)).toEqual(['tool', 'version', 'findings', 'summary', 'fixCommand']);
    expect(j).toEqual({
      tool: 'netback-policy',
      version: '1.2.3',
      findings: [err, info, info],
      summary: { error: 1, warning: 0, info: 2 },
      fixCommand: 'x',
    });
    expect(JSON.parse(formatJson([warn], 'v')).summary).toEqual({ error: 0, warning: 1, info: 0 });
    expect(Object.keys(JSON.parse(formatJson([], 'v')))).toEqual(['tool', 'version', 'findings', 'summary']);
  });
});

describe('sarif', () => {
  // Computed inside each test, not at collection: Stryker activates a mutant only while tests run.
  const sarif = () =>
    JSON.parse(formatSarif([err, warn, info, { ...err, ruleId: 'r-ghost', line: 2 }], RULES, '9.9.9'));

  it('is one 2.1.0 run naming the tool', () => {
    const log = sarif();
    const run = log.runs[0];
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({
      name: 'netback-policy',
      version: '9.9.9',
      informationUri: 'https://www.npmjs.com/package/netback-policy',
    });
  });

  it('describes only the rules used, sorted by id, an unknown one as a warning named by its id', () => {
    const run = sarif().runs[0];
    expect(run.tool.driver.rules).toEqual([
      {
        id: 'r-a',
        shortDescription: { text: 'A sum' },
        fullDescription: { text: 'A sum' },
        help: { text: 'Fix: A fix' },
        defaultConfiguration: { level: 'warning' },
      },
      {
        id: 'r-b',
        shortDescription: { text: 'B sum' },
        fullDescription: { text: 'B why' },
        help: { text: 'B why\nFix: B fix' },
        defaultConfiguration: { level: 'error' },
      },
      {
        id: 'r-c',
        shortDescription: { text: 'C sum' },
        fullDescription: { text: 'C why' },
        help: { text: 'C why\nFix: C fix' },
        defaultConfiguration: { level: 'note' },
      },
      {
        id: 'r-ghost',
        shortDescription: { text: 'r-ghost' },
        fullDescription: { text: 'r-ghost' },
        help: { text: 'Fix:' },
        defaultConfiguration: { level: 'warning' },
      },
    ]);
  });

  it('maps error/warning/info to error/warning/note and points each result at its rule and place', () => {
    const run = sarif().runs[0];
    expect(run.results).toEqual([
      {
        ruleId: 'r-b',
        ruleIndex: 1,
        level: 'error',
        message: { text: 'bad\nn1\nn2\nFix: do y' },
        locations: [
          { physicalLocation: { artifactLocation: { uri: 'a.c' }, region: { startLine: 3, startColumn: 5 } } },
        ],
      },
      {
        ruleId: 'r-a',
        ruleIndex: 0,
        level: 'warning',
        message: { text: 'meh' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'dir/b.c' } } }],
      },
      {
        ruleId: 'r-c',
        ruleIndex: 2,
        level: 'note',
        message: { text: 'fyi' },
        locations: [
          { physicalLocation: { artifactLocation: { uri: 'stdin' }, region: { startLine: 7, startColumn: 1 } } },
        ],
        properties: { option: 'X' },
      },
      {
        ruleId: 'r-ghost',
        ruleIndex: 3,
        level: 'error',
        message: { text: 'bad\nn1\nn2\nFix: do y' },
        locations: [
          { physicalLocation: { artifactLocation: { uri: 'a.c' }, region: { startLine: 2, startColumn: 5 } } },
        ],
      },
    ]);
  });

  it('clamps a column of 0 to 1 and sorts rule ids as strings', () => {
    const s = JSON.parse(
      formatSarif(
        [
          { ...info, file: 'x.c', column: 0, ruleId: 'b' },
          { ...info, ruleId: 'a' },
          { ...info, ruleId: 'B' },
        ],
        [],
        'v',
      ),
    );
    expect(s.runs[0].results[0].locations[0].physicalLocation.region).toEqual({ startLine: 7, startColumn: 1 });
    expect(s.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['B', 'a', 'b']);
    expect(s.runs[0].results.map((r: { ruleIndex: number }) => r.ruleIndex)).toEqual([2, 1, 0]);
    expect(formatSarif([], RULES, 'v').endsWith('}\n')).toBe(true);
  });
});

describe('renderFindings and --format', () => {
  const opts = { rules: RULES, version: '1.0.0' };
  it('dispatches on the format', () => {
    expect(renderFindings([err], { ...opts, format: 'text' })).toBe(formatText([err]));
    process.env['FORCE_COLOR'] = '1';
    const coloured = renderFindings([err], { ...opts, format: 'text', color: true });
    expect(coloured).toBe(formatText([err], { color: true }));
    expect(coloured).not.toBe(formatText([err]));
    expect(renderFindings([err], { ...opts, format: 'text', color: false })).toBe(formatText([err]));
    expect(renderFindings([err], { ...opts, format: 'json', extra: { a: 1 } })).toBe(
      formatJson([err], '1.0.0', { a: 1 }),
    );
    expect(renderFindings([err], { ...opts, format: 'sarif' })).toBe(formatSarif([err], RULES, '1.0.0'));
  });
  it('accepts text, json, sarif and nothing else, naming them', () => {
    expect(FORMATS).toEqual(['text', 'json', 'sarif']);
    for (const f of FORMATS) expect(parseFormat(f)).toBe(f);
    expect(() => parseFormat('xml')).toThrow(NetbackError);
    try {
      parseFormat('');
    } catch (e) {
      expect((e as NetbackError).code).toBe('bad-format');
      expect((e as NetbackError).message).toBe("unknown --format ''");
      expect((e as NetbackError).hint).toBe('use one of: text, json, sarif');
    }
    expect.assertions(8);
  });
});
