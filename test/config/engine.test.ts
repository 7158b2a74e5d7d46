import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintConfigText } from '../../src/linters/config.js';
import { parseBaseline } from '../../src/lint/config/baseline.js';
import { parseKconfig, requiredSymbols } from '../../src/lint/config/kconfig-tree.js';
import { fixFragment, textSummary } from '../../src/lint/config/report.js';
import { CONFIG_RULES } from '../../rules/config/index.js';
import { NetbackError } from '../../src/core/errors.js';
import type { Relations } from '../../src/lint/config/relations.js';

const SAMPLES = join(__dirname, '..', '..', 'samples', 'configs');
const sample = (n: string) => readFileSync(join(SAMPLES, n), 'utf8');
const KNOWN = new Set([...CONFIG_RULES.map((r) => r.id), 'malformed-line']);
const brief = (r: ReturnType<typeof lintConfigText>) =>
  r.findings.map((f) => `${f.line}:${f.severity}:${f.ruleId}:${f.data?.['option'] ?? ''}`);

describe('samples: the same hazards in 2.6.32-era and 6.x naming', () => {
  it('2.6.32 pvops dom0: XEN_DEBUG_FS is an error, old names are read, lockdep grouped under PROVE_LOCKING', () => {
    const r = lintConfigText(sample('dom0-2.6.32-debug.config'), { file: 'a' });
    expect(r.kernelVersion).toBe('2.6.32');
    expect(r.versionSource).toBe('header');
    expect(r.fragment).toBe(false);
    expect(brief(r)).toEqual([
      '20:error:xen-debug-fs:XEN_DEBUG_FS',
      '42:warning:schedstats:SCHEDSTATS', // always on before 4.6
      '43:error:debug-slab:DEBUG_SLAB',
      '44:error:debug-preempt:DEBUG_PREEMPT',
      '49:error:lock-debugging:PROVE_LOCKING',
      '52:warning:debug-atomic-sleep:DEBUG_SPINLOCK_SLEEP',
      '54:info:list-checks:DEBUG_LIST',
    ]);
    const lock = r.findings.find((f) => f.ruleId === 'lock-debugging')!;
    // 2.6.32's LOCKDEP selected FRAME_POINTER: it is reported with its root, not alone.
    expect(lock.notes!.join('\n')).toMatch(
      /CONFIG_DEBUG_SPINLOCK \(line 46\).*CONFIG_DEBUG_MUTEXES \(line 47\).*CONFIG_DEBUG_LOCK_ALLOC \(line 48\).*CONFIG_LOCKDEP \(line 50\)/,
    );
    expect(lock.notes!.join('\n')).toMatch(/CONFIG_FRAME_POINTER \(line 55\).*\[frame-pointer, warning\]/);
    expect(lock.fix).toBe(
      'scripts/config --disable PROVE_LOCKING --disable DEBUG_SPINLOCK --disable DEBUG_MUTEXES --disable DEBUG_LOCK_ALLOC --disable LOCKDEP --disable FRAME_POINTER',
    );
    expect(r.findings.find((f) => f.ruleId === 'debug-preempt')!.notes).toEqual([
      expect.stringMatching(/defaults to y/),
    ]);
    expect(r.disable[0]).toBe('XEN_DEBUG_FS');
    expect(r.fixCommand).toMatch(
      /^scripts\/config --disable XEN_DEBUG_FS --disable SCHEDSTATS .*--disable DEBUG_SPINLOCK_SLEEP$/,
    );
  });

  it('6.1 dom0: the same options on a modern kernel, XEN_DEBUG_FS harmless', () => {
    const r = lintConfigText(sample('dom0-6.1-debug.config'), { file: 'b' });
    expect(r.kernelVersion).toBe('6.1.192');
    expect(brief(r)).toEqual([
      '16:info:xen-debug-fs:XEN_DEBUG_FS',
      '30:warning:debug-pagealloc:DEBUG_PAGEALLOC',
      '32:error:slub-debug:SLUB_DEBUG_ON',
      '33:info:page-poisoning:PAGE_POISONING',
      '34:error:kasan:KASAN',
      '36:info:schedstats:SCHEDSTATS',
      '37:error:lock-debugging:PROVE_LOCKING',
      '48:warning:debug-atomic-sleep:DEBUG_ATOMIC_SLEEP',
      '50:info:list-checks:DEBUG_LIST',
      '54:error:latency-tracers:IRQSOFF_TRACER',
    ]);
    const lock = r.findings.find((f) => f.ruleId === 'lock-debugging')!;
    expect(lock.data!['pulledIn']).toContainEqual({
      option: 'PROVE_RCU',
      rule: 'prove-rcu',
      severity: 'error',
      line: 49,
    });
    const list = r.findings.find((f) => f.ruleId === 'list-checks')!;
    expect(list.notes).toContainEqual(
      'CONFIG_DEBUG_LIST is selected by CONFIG_BUG_ON_DATA_CORRUPTION=y (line 51): disable the root',
    );
    expect(list.data!['disable']).toEqual(['BUG_ON_DATA_CORRUPTION', 'DEBUG_LIST']);
  });

  it('--kernel-version overrides the header', () => {
    const r = lintConfigText(sample('dom0-6.1-debug.config'), { file: 'b', kernelVersion: '3.2' });
    expect(r.versionSource).toBe('option');
    expect(r.findings.find((f) => f.ruleId === 'xen-debug-fs')!.severity).toBe('error');
  });

  it('the clean 6.1 config has no findings at all', () => {
    const r = lintConfigText(sample('dom0-6.1-clean.config'), { file: 'c' });
    expect(r.findings).toEqual([]);
    expect(textSummary(r, 'warning').trimEnd().split('\n').pop()).toBe('Nothing at or above warning to disable.');
  });
});

describe('--cmdline resolves boot-time switches', () => {
  const text = sample('dom0-6.1-debug.config').replace('CONFIG_SLUB_DEBUG_ON=y', '# CONFIG_SLUB_DEBUG_ON is not set');
  it('without a command line: assumed off, said so', () => {
    const r = lintConfigText(text, { file: 'x' });
    expect(
      r.findings
        .filter((f) => ['slub-debug', 'page-poisoning', 'debug-pagealloc'].includes(f.ruleId))
        .map((f) => `${f.ruleId}:${f.severity}`),
    ).toEqual(['debug-pagealloc:warning', 'page-poisoning:info']);
  });
  it('the sample command line turns them into real findings, and the fix names the parameters', () => {
    const r = lintConfigText(text, { file: 'x', cmdline: sample('dom0-debug.cmdline') });
    expect(
      r.findings
        .filter((f) => ['slub-debug', 'page-poisoning', 'debug-pagealloc'].includes(f.ruleId))
        .map((f) => `${f.ruleId}:${f.severity}`),
    ).toEqual(['slub-debug:error', 'debug-pagealloc:error', 'page-poisoning:warning']);
    expect(r.cmdlineRemove).toEqual(['slub_debug=FZPU', 'debug_pagealloc=on', 'page_poison=1']);
    const summary = textSummary(r, 'warning');
    expect(summary).toContain('Remove from the kernel command line: slub_debug=FZPU debug_pagealloc=on page_poison=1');
    expect(summary.trimEnd().split('\n').pop()).toBe(r.fixCommand);
  });
  it('a command line without them resolves them to nothing', () => {
    const r = lintConfigText(text, { file: 'x', cmdline: 'ro quiet' });
    expect(r.findings.map((f) => f.ruleId)).not.toContain('page-poisoning');
    expect(r.findings.map((f) => f.ruleId)).not.toContain('debug-pagealloc');
    expect(r.findings.map((f) => f.ruleId)).not.toContain('schedstats');
  });
});

describe('fragments: no missing-option noise', () => {
  it('a fragment naming options that no longer exist or are unknown gives only real findings', () => {
    const r = lintConfigText(
      'CONFIG_DEBUG_VM_VMACACHE=y\nCONFIG_NO_SUCH_OPTION=y\n# CONFIG_FOO is not set\nCONFIG_FUNCTION_TRACER=y\n',
      { file: 'f.config' },
    );
    expect(r.fragment).toBe(true);
    expect(brief(r)).toEqual(['1:error:debug-vm:DEBUG_VM_VMACACHE']);
  });
  it('with a version, options that do not exist in it are ignored, as Kconfig would', () => {
    const r = lintConfigText('CONFIG_DEBUG_VM_VMACACHE=y\nCONFIG_DEBUG_SPINLOCK_SLEEP=y\n', {
      file: 'f',
      kernelVersion: '6.1',
    });
    expect(r.findings).toEqual([]);
  });
  it('--fragment forces fragment reading of a generated file', () => {
    const t =
      '#\n# Automatically generated file; DO NOT EDIT.\n# Linux/x86 6.1.0 Kernel Configuration\nCONFIG_FUNCTION_TRACER=y\n';
    expect(lintConfigText(t, { file: 'f' }).findings.map((f) => f.ruleId)).toEqual(['static-function-tracer']);
    expect(lintConfigText(t, { file: 'f', fragment: true }).findings).toEqual([]);
  });
});

describe('malformed lines are findings, never crashes', () => {
  it('reports each with its line and column', () => {
    const r = lintConfigText('CONFIG_A=y\nCONFIG_B\nCONFIG_C="x\nCONFIG_PROVE_LOCKING=y\n', { file: 'm' });
    expect(brief(r)).toEqual([
      '2:warning:malformed-line:',
      '3:warning:malformed-line:',
      '4:error:lock-debugging:PROVE_LOCKING',
    ]);
    expect(r.findings[1]!.column).toBe(10); // the opening quote of the value
  });
});

describe('baseline (.netback-policy.json)', () => {
  const text = sample('dom0-6.1-debug.config');
  it('accepts options with a reason; accepting a root accepts what it pulls in', () => {
    const b = parseBaseline(
      JSON.stringify({
        config: {
          accept: [
            { option: 'CONFIG_KASAN', reason: 'fuzzing host' },
            { option: 'PROVE_LOCKING', reason: 'lock test rig' },
          ],
          rules: { 'list-checks': 'off', schedstats: 'warning' },
        },
      }),
      'b.json',
      KNOWN,
    );
    const r = lintConfigText(text, { file: 'x', baseline: b });
    const ids = r.findings.map((f) => f.ruleId);
    expect(ids).not.toContain('kasan');
    expect(ids).not.toContain('lock-debugging');
    expect(ids).not.toContain('prove-rcu');
    expect(ids).not.toContain('list-checks');
    expect(r.findings.find((f) => f.ruleId === 'schedstats')!.severity).toBe('warning');
    expect(r.suppressed.map((s) => s.option)).toEqual(
      expect.arrayContaining(['KASAN', 'PROVE_LOCKING', 'LOCKDEP', 'PROVE_RCU']),
    );
    expect(r.suppressed.find((s) => s.option === 'LOCKDEP')!.reason).toBe(
      'comes with accepted PROVE_LOCKING: lock test rig',
    );
    expect(r.disable).not.toContain('KASAN');
  });
  const bad: Array<[string, RegExp, number | undefined]> = [
    ['{ "config": { "accept": [ { "option": "KASAN" } ] } }', /needs a "reason"/, 1],
    ['{\n  "config": {\n    "rules": { "no-such-rule": "off" }\n  }\n}', /unknown rule "no-such-rule"/, 3],
    ['{ "config": { "rules": { "kasan": "loud" } } }', /expected "off"/, 1],
    ['{ "config": { "ignore": [] } }', /unknown key "config.ignore"/, 1],
    ['{\n  "config": {\n    "accept": [,]\n  }\n}', /invalid JSON/, 3],
    ['[]', /expected a JSON object/, undefined],
  ];
  for (const [json, msg, line] of bad) {
    it(`rejects ${json.replace(/\s+/g, ' ')}`, () => {
      try {
        parseBaseline(json, 'b.json', KNOWN);
        expect.fail('should throw');
      } catch (e) {
        expect(e).toBeInstanceOf(NetbackError);
        expect((e as NetbackError).message).toMatch(msg);
        expect((e as NetbackError).line).toBe(line);
      }
    });
  }
  it("ignores the other linters' keys", () => {
    expect(parseBaseline('{ "source": { "whatever": 1 } }', 'b', KNOWN).accept.size).toBe(0);
  });
});

describe('Kconfig relations (--tree) and the fix fragment', () => {
  it('reads select and the required part of depends on, skipping help text', () => {
    const rel: Relations = { selects: {}, dependsOn: {} };
    parseKconfig(
      [
        'config FOO_DEBUG',
        '\tbool "foo"',
        '\tdepends on DEBUG_KERNEL && (A || B) && !UML',
        '\tselect FOO_CORE if !PREEMPT_RT',
        '\thelp',
        '\t  select NOT_A_SELECT when writing help',
        '',
        '\t  depends on NOT_A_DEP',
        'menu "x"',
        '\tdepends on MENU_DEP',
        'endmenu',
        'config FOO_CORE',
        '\tbool',
        '\tdepends on X || \\',
        '\t\tY',
      ].join('\n'),
      rel,
    );
    expect(rel.selects).toEqual({ FOO_DEBUG: ['FOO_CORE'] });
    expect(rel.dependsOn).toEqual({ FOO_DEBUG: ['DEBUG_KERNEL'] });
    expect(requiredSymbols('A && (B || C) && D=y && E')).toEqual(['A', 'E']);
  });
  it('uses the given relations instead of the built-in ones', () => {
    const text =
      '#\n# Automatically generated file; DO NOT EDIT.\n# Linux/x86 6.1.0 Kernel Configuration\nCONFIG_MY_ROOT=y\nCONFIG_KASAN=y\n';
    const r = lintConfigText(text, { file: 'x', kconfig: { selects: { MY_ROOT: ['KASAN'] }, dependsOn: {} } });
    expect(r.findings[0]!.data!['root']).toBe('MY_ROOT');
    expect(r.fixCommand).toBe('scripts/config --disable MY_ROOT --disable KASAN');
  });
  it('writes a merge_config.sh fragment of "is not set" lines', () => {
    const r = lintConfigText(sample('dom0-6.1-debug.config'), { file: 'b', failOn: 'error' });
    const frag = fixFragment(r, 'error');
    expect(frag.split('\n').filter((l) => / is not set$/.test(l))).toEqual(
      r.disable.map((o) => `# CONFIG_${o} is not set`),
    );
    expect(r.disable).toContain('PROVE_LOCKING');
    expect(r.disable).not.toContain('DEBUG_ATOMIC_SLEEP'); // a warning, below --fail-on error
  });
});
