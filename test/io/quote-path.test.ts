import { describe, it, expect } from 'vitest';
import {
  bytesOfName,
  escapeControls,
  fsPath,
  nameFromBytes,
  quotePath,
  unquotePath,
} from '../../src/core/quote-path.js';

const b = (...xs: Array<string | number>) =>
  Buffer.concat(xs.map((x) => (typeof x === 'string' ? Buffer.from(x) : Buffer.from([x]))));

describe('quotePath: names quoted as git quotes them (core.quotePath=false)', () => {
  // [name bytes, as text output shows it]
  const rows: Array<[Buffer, string]> = [
    [b('drivers/net/xen-netback/netback.c'), 'drivers/net/xen-netback/netback.c'],
    [b('with space.c'), 'with space.c'],
    [b('ünïcödé.c'), 'ünïcödé.c'],
    [b('a\nb.c'), '"a\\nb.c"'],
    [b('a\tb\rc'), '"a\\tb\\rc"'],
    [b('esc', 0x1b, '[31m.c'), '"esc\\033[31m.c"'],
    [b('del', 0x7f), '"del\\177"'],
    [b('bad', 0xff, 0xfe, '.c'), '"bad\\377\\376.c"'],
    [b('half', 0xc3), '"half\\303"'],
    [b('quote"d'), '"quote\\"d"'],
    [b('back\\slash'), '"back\\\\slash"'],
    [b('c1\u009b'), '"c1\\302\\233"'],
    [b('bidi\u202e.c'), '"bidi\\342\\200\\256.c"'],
    [b('emoji😀.c'), 'emoji😀.c'],
  ];
  it.each(rows)('%j → %s', (bytes, want) => {
    const name = nameFromBytes(bytes);
    expect(quotePath(name)).toBe(want);
    expect(unquotePath(quotePath(name))).toEqual(bytes);
    expect(bytesOfName(name)).toEqual(bytes);
  });

  it('fsPath gives node:fs the bytes only when the name holds escaped bytes', () => {
    expect(fsPath('plain.c')).toBe('plain.c');
    expect(fsPath(nameFromBytes(b('x', 0xff)))).toEqual(b('x', 0xff));
  });

  it('escapeControls keeps tabs, backslashes and quotes, escapes the rest of the controls', () => {
    expect(escapeControls('a\tb "c" \\d')).toBe('a\tb "c" \\d');
    expect(escapeControls('red \x1b[31m\nline')).toBe('red \\033[31m\\nline');
  });
});
