import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { readTextInput } from '../src/io/read-input.js';
import { NetbackError, formatError } from '../src/core/errors.js';
import { formatText, summarize } from '../src/lint/format/text.js';
import { formatSarif } from '../src/lint/format/sarif.js';
import type { Finding } from '../src/core/finding.js';
import { runCli } from './support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nbp-core-'));

describe('readTextInput', () => {
  it('reads plain and gzip text the same', () => {
    writeFileSync(join(dir, 'a'), 'CONFIG_X=y\n');
    writeFileSync(join(dir, 'a.gz'), gzipSync('CONFIG_X=y\n'));
    expect(readTextInput(join(dir, 'a'))).toBe('CONFIG_X=y\n');
    expect(readTextInput(join(dir, 'a.gz'))).toBe('CONFIG_X=y\n');
  });
  const cases: Array<[string, Buffer, string, number | undefined]> = [
    ['binary', Buffer.from('CONFIG_A=y\n\0\x01\x02'), 'binary-input', 2],
    ['latin1', Buffer.from([0x41, 0x0a, 0x42, 0x0a, 0xe9, 0x0a]), 'not-utf8', 3],
  ];
  for (const [name, bytes, code, line] of cases) {
    it(`rejects ${name} input with file and line`, () => {
      const p = join(dir, name);
      writeFileSync(p, bytes);
      try {
        readTextInput(p);
        expect.fail('should throw');
      } catch (e) {
        expect(e).toBeInstanceOf(NetbackError);
        expect((e as NetbackError).code).toBe(code);
        expect((e as NetbackError).line).toBe(line);
        expect(formatError(e as NetbackError)).toMatch(new RegExp(`^netback-policy: ${p}:${line}: error: `));
      }
    });
  }
  it('rejects a missing file and a directory', () => {
    expect(() => readTextInput(join(dir, 'nope'))).toThrow(/no such file/);
    expect(() => readTextInput(dir)).toThrow(/is a directory/);
  });
});

describe('formatters', () => {
  const f: Finding = {
    ruleId: 'r-x',
    severity: 'error',
    message: 'bad',
    file: 'a.c',
    line: 3,
    column: 5,
    notes: ['n1'],
    fix: 'do y',
  };
  it('text is gcc style', () => {
    expect(formatText([f])).toBe('a.c:3:5: error: bad [r-x]\n  note: n1\n  fix: do y\n');
    expect(summarize([f, { ...f, severity: 'warning' }])).toBe('1 error, 1 warning, 0 info');
  });
  it('sarif is 2.1.0 with the rule described', () => {
    const s = JSON.parse(
      formatSarif([f], [{ id: 'r-x', kind: 'source', severity: 'error', summary: 'S', why: 'W', fix: 'F' }], '0.0.0'),
    );
    expect(s.version).toBe('2.1.0');
    expect(s.runs[0].tool.driver.rules[0].id).toBe('r-x');
    expect(s.runs[0].results[0].locations[0].physicalLocation.region).toEqual({ startLine: 3, startColumn: 5 });
  });
});

describe('cli', () => {
  it('--version prints the package version and exits 0', () => {
    const r = runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version);
  });
  it('an unknown command exits 2', () => {
    expect(runCli(['no-such-command']).code).toBe(2);
  });
});
