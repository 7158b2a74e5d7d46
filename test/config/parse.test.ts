import { describe, it, expect } from 'vitest';
import { parseConfig } from '../../src/lint/config/parse.js';
import { parseKernelVersion } from '../../src/lint/config/kernel-version.js';
import { parseCmdline, cmdlineBool } from '../../src/lint/config/cmdline.js';

describe('parseConfig: one line of every form', () => {
  // [line, expected entry {name, kind, value, column} | expected malformed reason regexp | null for ignored]
  const cases: Array<[string, { name: string; kind: string; value: string; column?: number } | RegExp | null]> = [
    ['CONFIG_A=y', { name: 'A', kind: 'tristate', value: 'y' }],
    ['CONFIG_A=m', { name: 'A', kind: 'tristate', value: 'm' }],
    ['CONFIG_A=n', { name: 'A', kind: 'tristate', value: 'n' }],
    ['# CONFIG_A is not set', { name: 'A', kind: 'notset', value: 'n', column: 3 }],
    ['#CONFIG_A is not set', { name: 'A', kind: 'notset', value: 'n', column: 2 }],
    ['CONFIG_LOG_BUF_SHIFT=17', { name: 'LOG_BUF_SHIFT', kind: 'number', value: '17' }],
    [
      'CONFIG_ILLEGAL_POINTER_VALUE=0xdead000000000000',
      { name: 'ILLEGAL_POINTER_VALUE', kind: 'number', value: '0xdead000000000000' },
    ],
    ['CONFIG_PANIC_TIMEOUT=-1', { name: 'PANIC_TIMEOUT', kind: 'number', value: '-1' }],
    ['CONFIG_CMDLINE=""', { name: 'CMDLINE', kind: 'string', value: '' }],
    [
      'CONFIG_CC_VERSION_TEXT="gcc-12 (Debian 12.2.0-14) 12.2.0"',
      { name: 'CC_VERSION_TEXT', kind: 'string', value: 'gcc-12 (Debian 12.2.0-14) 12.2.0' },
    ],
    ['CONFIG_S="a \\"q\\" \\\\ b"', { name: 'S', kind: 'string', value: 'a "q" \\ b' }],
    ['CONFIG_DEFAULT_HOSTNAME=none', { name: 'DEFAULT_HOSTNAME', kind: 'string', value: 'none' }],
    ['  CONFIG_A=y  ', { name: 'A', kind: 'tristate', value: 'y', column: 3 }],
    ['CONFIG_A=y\r', { name: 'A', kind: 'tristate', value: 'y' }],
    ['', null],
    ['#', null],
    ['# Kernel hacking', null],
    ['   ', null],
    ['CONFIG_A', /no '='/],
    ['CONFIG_A =y', /space before '='/],
    ['DEBUG_LIST=y', /without the CONFIG_ prefix/],
    ['CONFIG_A=', /empty value/],
    ['CONFIG_S="unterminated', /unterminated/],
    ['CONFIG_S="a" trailing', /unterminated string or text after/],
    ['CONFIG_A=y # comment', /invalid value/],
    ['garbage line', /not an option assignment/],
    ['<<<<<<< HEAD', /not an option assignment/],
  ];
  for (const [line, want] of cases) {
    it(JSON.stringify(line), () => {
      const cfg = parseConfig(`# first\n${line}\n`, 'x');
      if (want === null) {
        expect(cfg.entries.size).toBe(0);
        expect(cfg.malformed).toEqual([]);
      } else if (want instanceof RegExp) {
        expect(cfg.entries.size).toBe(0);
        expect(cfg.malformed).toHaveLength(1);
        expect(cfg.malformed[0]!.line).toBe(2);
        expect(cfg.malformed[0]!.reason).toMatch(want);
      } else {
        expect(cfg.malformed).toEqual([]);
        const e = cfg.entries.get(want.name)!;
        expect({ name: e.name, kind: e.kind, value: e.value }).toEqual({
          name: want.name,
          kind: want.kind,
          value: want.value,
        });
        expect(e.line).toBe(2);
        expect(e.column).toBe(want.column ?? 1);
      }
    });
  }

  it('keeps exact line numbers with CRLF, a BOM and no final newline', () => {
    const cfg = parseConfig('\ufeff#\r\n# c\r\n\r\nCONFIG_A=y\r\nbad\r\nCONFIG_B=m', 'f');
    expect(cfg.entries.get('A')!.line).toBe(4);
    expect(cfg.entries.get('B')!.line).toBe(6);
    expect(cfg.malformed.map((m) => m.line)).toEqual([5]);
    expect(cfg.lineCount).toBe(6);
  });

  it('last assignment wins, earlier ones are kept as overridden', () => {
    const cfg = parseConfig('CONFIG_A=y\n# CONFIG_A is not set\n', 'f');
    expect(cfg.entries.get('A')!.kind).toBe('notset');
    expect(cfg.overridden.map((e) => e.line)).toEqual([1]);
  });

  it.each([
    ['#\n# Automatically generated file; DO NOT EDIT.\n# Linux/x86 6.1.192 Kernel Configuration\n#\n', '6.1.192', true],
    [
      "#\n# Automatically generated make config: don't edit\n# Linux kernel version: 2.6.32.27\n# Tue Jan 18 2011\n#\n",
      '2.6.32',
      true,
    ],
    [
      '#\n# Automatically generated file; DO NOT EDIT.\n# Linux/arm64 5.10.0-rc1 Kernel Configuration\n',
      '5.10.0',
      true,
    ],
    ['CONFIG_DEBUG_KERNEL=y\n', undefined, false],
  ])('header %#: version and generated flag', (text, version, generated) => {
    const cfg = parseConfig(text, 'f');
    expect(cfg.headerVersion).toBe(version);
    expect(cfg.generated).toBe(generated);
  });
});

describe('kernel versions and command lines', () => {
  it.each([
    ['2.6.32', [2, 6, 32]],
    ['6.1', [6, 1, 0]],
    ['6.1.0-28-amd64', [6, 1, 0]],
    ['v3.12.1', [3, 12, 1]],
  ])('parses %s', (s, v) => expect(parseKernelVersion(s)).toEqual(v));
  it.each(['', 'six', '6', '2.6.x'])('rejects %j', (s) =>
    expect(() => parseKernelVersion(s)).toThrow(/not a kernel version/),
  );

  it('parses /proc/cmdline like the kernel: quotes, dashes, and -- ends it', () => {
    const c = parseCmdline(
      'BOOT_IMAGE=/vmlinuz ro quiet slub-debug=FZ "dyndbg=file x +p" page_poison=1 -- debug_pagealloc=on\n',
      'p',
    );
    expect(c.params.get('slub_debug')).toBe('FZ');
    expect(c.params.get('quiet')).toBe(true);
    expect(c.params.get('dyndbg')).toBe('file x +p');
    expect(c.params.get('page_poison')).toBe('1');
    expect(c.params.has('debug_pagealloc')).toBe(false);
  });
  it.each([
    [true, true],
    ['on', true],
    ['1', true],
    ['Y', true],
    ['off', false],
    ['0', false],
    ['n', false],
    ['maybe', undefined],
    [undefined, undefined],
  ] as const)('cmdlineBool(%j) = %j', (v, want) => expect(cmdlineBool(v)).toBe(want));
});
