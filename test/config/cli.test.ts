/* End to end: the built CLI as a user runs it (exit codes, stdout, stderr, files written). */
import { PARSER_RULES } from '../../src/lint/config/parser-rules.js';
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { runCli, REPO } from '../support/cli.js';
import { CONFIG_RULES } from '../../rules/config/index.js';

const dir = mkdtempSync(join(tmpdir(), 'nbp-config-cli-'));
const S = (n: string) => join('samples', 'configs', n);
const OLD = S('dom0-2.6.32-debug.config');
const NEW = S('dom0-6.1-debug.config');
const CLEAN = S('dom0-6.1-clean.config');

describe('lint-config exit codes and output', () => {
  it('a hazardous config: exit 1, gcc-style lines, summary ending with the scripts/config line', () => {
    const r = runCli(['lint-config', OLD]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      /^samples\/configs\/dom0-2\.6\.32-debug\.config:20:1: error: CONFIG_XEN_DEBUG_FS=y: .* \[xen-debug-fs\]$/m,
    );
    expect(r.stdout).toMatch(
      /^samples\/configs\/dom0-2\.6\.32-debug\.config:49:1: error: CONFIG_PROVE_LOCKING=y: .* \[lock-debugging\]$/m,
    );
    expect(r.stdout).toContain('4 errors, 2 warnings, 1 info');
    const last = r.stdout.trimEnd().split('\n').pop()!;
    expect(last).toMatch(/^scripts\/config --disable XEN_DEBUG_FS( --disable [A-Z0-9_]+)+$/);
    expect(last).toContain('--disable PROVE_LOCKING');
  });
  it('a clean config: exit 0', () => {
    const r = runCli(['lint-config', CLEAN]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 errors, 0 warnings, 0 info');
  });
  it('--fail-on moves the threshold', () => {
    // 6.1 sample: errors present; with only its infos left (baseline turns the rest off) exit depends on --fail-on.
    expect(runCli(['lint-config', '--fail-on', 'error', NEW]).code).toBe(1);
    const deb = join(dir, 'infos.config');
    writeFileSync(
      deb,
      readFileSync(join(REPO, CLEAN), 'utf8').replace('# CONFIG_SCHEDSTATS is not set', 'CONFIG_SCHEDSTATS=y'),
    );
    expect(runCli(['lint-config', deb]).code).toBe(0);
    expect(runCli(['lint-config', '--fail-on', 'info', deb]).code).toBe(1);
  });
  it('reads stdin with -, and gzip (like /proc/config.gz) by magic bytes', () => {
    const text = readFileSync(join(REPO, OLD));
    const file = runCli(['lint-config', OLD]);
    const stdin = runCli(['lint-config', '-'], { input: text });
    expect(stdin.code).toBe(1);
    expect(stdin.stdout).toBe(file.stdout.split(OLD).join('-'));
    const gz = join(dir, 'config.gz');
    writeFileSync(gz, gzipSync(text));
    const z = runCli(['lint-config', gz]);
    expect(z.code).toBe(1);
    expect(z.stdout).toBe(file.stdout.split(OLD).join(gz));
  });
  const bad: Array<[string, Buffer | null, RegExp]> = [
    ['binary', Buffer.from('CONFIG_A=y\nCONFIG_B=y\n\x00\x01\x02\x03'), /binary-in\.config:3: error: binary file/],
    [
      'latin1',
      Buffer.from([...Buffer.from('CONFIG_A=y\nCONFIG_S="caf'), 0xe9, ...Buffer.from('"\n')]),
      /latin1-in\.config:2: error: not valid UTF-8/,
    ],
    ['missing', null, /missing-in\.config: error: cannot read: no such file/],
  ];
  for (const [name, bytes, msg] of bad) {
    it(`${name} input: exit 2, one line on stderr, nothing on stdout`, () => {
      const p = join(dir, `${name}-in.config`);
      if (bytes) writeFileSync(p, bytes);
      const r = runCli(['lint-config', p]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
    });
  }
  it.each([
    [['--fail-on', 'fatal'], /unknown --fail-on 'fatal'/],
    [['--format', 'xml'], /unknown --format 'xml'/],
    [['--kernel-version', 'latest'], /not a kernel version/],
    [['--tree', '/nonexistent-tree'], /nonexistent-tree: error: no such directory/],
    [['--cmdline', '/nonexistent-cmdline'], /nonexistent-cmdline: error: cannot read: no such file/],
  ])('bad usage %j: exit 2', (args, msg) => {
    const r = runCli(['lint-config', ...args, OLD]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
  });
});

describe('lint-config formats, cmdline, baseline and fix fragment', () => {
  it('json carries findings, the fix command and the disable list', () => {
    const r = runCli(['lint-config', '--format', 'json', NEW]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.kernelVersion).toBe('6.1.192');
    expect(j.summary).toEqual({ error: 4, warning: 2, info: 4 });
    expect(j.fixCommand).toBe(`scripts/config ${j.disable.map((o: string) => `--disable ${o}`).join(' ')}`);
    expect(
      j.findings.find((f: { ruleId: string }) => f.ruleId === 'lock-debugging').data.pulledIn.length,
    ).toBeGreaterThan(5);
  });
  it('sarif is 2.1.0 with the rules described', () => {
    const j = JSON.parse(runCli(['lint-config', '--format', 'sarif', OLD]).stdout);
    expect(j.version).toBe('2.1.0');
    const rules = j.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    expect(rules).toContain('xen-debug-fs');
    expect(j.runs[0].results[0].locations[0].physicalLocation.region.startLine).toBe(20);
  });
  it('--cmdline resolves boot switches', () => {
    const r = runCli(['lint-config', NEW, '--cmdline', S('dom0-debug.cmdline')]);
    expect(r.stdout).toMatch(/:30:1: error: CONFIG_DEBUG_PAGEALLOC=y/);
    expect(r.stdout).toContain('Remove from the kernel command line: debug_pagealloc=on page_poison=1');
    expect(r.stdout).toContain('boot parameters from samples/configs/dom0-debug.cmdline');
  });
  it('.netback-policy.json in the current directory is used, --no-baseline ignores it', () => {
    const cwd = mkdtempSync(join(dir, 'base-'));
    writeFileSync(
      join(cwd, '.netback-policy.json'),
      JSON.stringify(
        { config: { accept: [{ option: 'XEN_DEBUG_FS', reason: 'needed for spinlock stats while we measure' }] } },
        null,
        2,
      ),
    );
    const cfg = join(REPO, OLD);
    const r = runCli(['lint-config', cfg], { cwd });
    expect(r.stdout).not.toContain('[xen-debug-fs]');
    expect(r.stdout).toContain('3 errors, 2 warnings, 1 info; 1 accepted by .netback-policy.json');
    expect(runCli(['lint-config', '--no-baseline', cfg], { cwd }).stdout).toContain('[xen-debug-fs]');
  });
  it('--fix-fragment writes the merge_config.sh fragment; a bad baseline writes nothing', () => {
    const out = join(dir, 'no-debug.config');
    const r = runCli(['lint-config', OLD, '--fix-fragment', out]);
    expect(r.code).toBe(1);
    const frag = readFileSync(out, 'utf8');
    expect(frag).toContain('# CONFIG_XEN_DEBUG_FS is not set\n');
    expect(frag).toContain('# CONFIG_PROVE_LOCKING is not set\n');
    // The fragment itself lints clean: it only turns things off.
    expect(runCli(['lint-config', out]).code).toBe(0);
    const badBase = join(dir, 'bad.json');
    writeFileSync(badBase, '{ "config": { "accept": [{ "option": "KASAN" }] } }');
    const out2 = join(dir, 'never.config');
    const b = runCli(['lint-config', OLD, '--baseline', badBase, '--fix-fragment', out2]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/bad\.json:1: error: accepting KASAN needs a "reason"/);
    expect(existsSync(out2)).toBe(false);
  });
  it('--help has examples', () => {
    const r = runCli(['lint-config', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('--fix-fragment');
  });
});

describe('rules command', () => {
  it('lists every config rule with its docs', () => {
    const r = runCli(['rules']);
    expect(r.code).toBe(0);
    for (const rule of CONFIG_RULES) expect(r.stdout).toContain(`${rule.id}  [config, ${rule.severity}]`);
    expect(r.stdout).toContain('malformed-line  [config, warning]');
  });
  it('json, filtered by id and kind', () => {
    const j = JSON.parse(runCli(['rules', '--format', 'json', 'xen-debug-fs']).stdout);
    expect(j).toHaveLength(1);
    expect(j[0].options).toEqual([{ name: 'XEN_DEBUG_FS' }]);
    expect(j[0].sources.length).toBeGreaterThan(0);
    const c = JSON.parse(runCli(['rules', '--format', 'json', '--kind', 'config']).stdout);
    expect(c.length).toBe(CONFIG_RULES.length + PARSER_RULES.length);
  });
  it('unknown rule id: exit 2', () => {
    const r = runCli(['rules', 'no-such-rule']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown rule 'no-such-rule'/);
  });
});
