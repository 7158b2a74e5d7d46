/* Property tests over the text parsers: .config, /proc/cmdline, /proc/interrupts, CPU lists, decodeText. */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { parseConfig } from '../../src/lint/config/parse.js';
import { lintConfigText } from '../../src/linters/config.js';
import { parseCmdline, cmdlineBool } from '../../src/lint/config/cmdline.js';
import { parseInterrupts } from '../../src/lint/irq/parse.js';
import { lintIrqText } from '../../src/linters/irq.js';
import { formatCpuList, parseCpuList, MAX_CPU_ID } from '../../src/lint/irq/cpu-list.js';
import { decodeText } from '../../src/io/read-input.js';
import { gunzipBounded } from '../../src/io/bounded.js';
import { NetbackError } from '../../src/core/errors.js';
import { anyText, linesOf, params, typedOnly } from './support.js';

const name = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,20}$/);
const configLine = fc.oneof(
  fc
    .tuple(
      name,
      fc.constantFrom('y', 'm', 'n', '""', '"a b"', '42', '0x1f', '-3', 'bare/word', '', '"unterminated', '"x" tail'),
    )
    .map(([n, v]) => `CONFIG_${n}=${v}`),
  name.map((n) => `# CONFIG_${n} is not set`),
  fc.constantFrom(
    '# Linux/x86 6.1.0 Kernel Configuration',
    '# Linux kernel version: 2.6.32',
    '# Automatically generated file; DO NOT EDIT.',
    '',
    '  ',
    'CONFIG_X =y',
    'X=y',
    '\ufeffCONFIG_A=y',
  ),
);

describe('.config parser', () => {
  it('never throws; every entry and malformed line points inside the file', () => {
    fc.assert(
      fc.property(linesOf(configLine), (text) => {
        const cfg = parseConfig(text, 'f');
        const all = [...cfg.entries.values(), ...cfg.overridden, ...cfg.malformed];
        expect(all.filter((e) => !(e.line >= 1 && e.line <= cfg.lineCount && e.column >= 1))).toEqual([]);
      }),
      params(),
    );
  });

  it('round-trips written assignments (the last one wins, earlier ones are overridden)', () => {
    const value = fc.oneof(
      fc.constantFrom('y', 'm', 'n').map((v) => ({ kind: 'tristate', v, text: v })),
      fc.integer({ min: -1e6, max: 1e9 }).map((n) => ({ kind: 'number', v: String(n), text: String(n) })),
      fc
        .string({ maxLength: 20 })
        .filter((s) => !/[\n\r]/.test(s))
        .map((s) => ({ kind: 'string', v: s, text: `"${s.replace(/[\\"]/g, '\\$&')}"` })),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(name, value), { maxLength: 30 }), (assigns) => {
        const cfg = parseConfig(assigns.map(([n, v]) => `CONFIG_${n}=${v.text}\n`).join(''), 'f');
        const last = new Map(assigns.map(([n, v]) => [n, v]));
        expect(cfg.malformed).toEqual([]);
        expect(cfg.entries.size).toBe(last.size);
        for (const [n, v] of last) expect(cfg.entries.get(n)).toMatchObject({ kind: v.kind, value: v.v });
        expect(cfg.overridden.length).toBe(assigns.length - last.size);
      }),
      params(),
    );
  });

  it('the whole linter answers any text with findings or a typed error', () => {
    fc.assert(
      fc.property(
        linesOf(configLine),
        fc.option(fc.constantFrom('2.6.32', '6.1', 'x.y', '999999999999.1')),
        (text, kv) => {
          const r = typedOnly(() => lintConfigText(text, { file: 'f', ...(kv ? { kernelVersion: kv } : {}) }));
          if (!(r instanceof NetbackError)) for (const f of r.findings) expect(f.line).toBeGreaterThanOrEqual(0);
        },
      ),
      params(),
    );
  });
});

describe('/proc/cmdline parser', () => {
  it('never throws on any text', () => {
    fc.assert(
      fc.property(anyText(200), (t) => {
        const c = parseCmdline(t, 'cmdline');
        for (const [k, v] of c.params) {
          expect(k).not.toMatch(/-/);
          expect(['boolean', 'string']).toContain(
            typeof cmdlineBool(v) === 'undefined' ? 'boolean' : typeof cmdlineBool(v),
          );
        }
      }),
      params(),
    );
  });

  it('reads back what was written: name=value and bare flags, - as _, the last one winning', () => {
    const pname = fc.stringMatching(/^[a-z][a-z0-9_.-]{0,15}$/);
    const pval = fc.stringMatching(/^[A-Za-z0-9,.:/_-]{0,12}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(pname, fc.option(pval)), { maxLength: 12 }), (ps) => {
        const text = ps.map(([n, v]) => (v === null ? n : `${n}=${v}`)).join(' ');
        const got = parseCmdline(text, 'c').params;
        const want = new Map(ps.map(([n, v]) => [n.replace(/-/g, '_'), v === null ? true : v]));
        expect(got).toEqual(want);
      }),
      params(),
    );
  });
});

describe('/proc/interrupts parser', () => {
  const row = fc.oneof(
    fc
      .tuple(
        fc.nat(300),
        fc.array(fc.nat(1e9), { maxLength: 6 }),
        fc.constantFrom('xen-dyn-event', 'xen-dyn-lateeoi -event', 'IO-APIC 2-edge', ''),
        fc.constantFrom('vif1.0', 'vif2.0-q1-tx', 'timer', 'eth0, eth1', ''),
      )
      .map(([irq, counts, chip, act]) => ` ${irq}: ${counts.join(' ')} ${chip}  ${act}`),
    fc.constantFrom('NMI: 0 0 Non-maskable interrupts', 'ERR: 3', 'MIS: 0', ' LOC: 1 2 3 Local timer'),
  );
  const header = fc.array(fc.nat(70000), { maxLength: 6 }).map((ids) => '   ' + ids.map((i) => `CPU${i}`).join('   '));

  it('answers any text with rows of one count per CPU column, or a typed error naming the file', () => {
    fc.assert(
      fc.property(header, linesOf(row, 20), (h, body) => {
        const r = typedOnly(() => parseInterrupts(`${h}\n${body}`, 'ints'));
        if (r instanceof NetbackError) {
          expect(r.file).toBe('ints');
          return;
        }
        expect(new Set(r.cpus).size).toBe(r.cpus.length);
        for (const x of r.rows) expect(x.counts).toHaveLength(r.cpus.length);
        typedOnly(() => lintIrqText(`${h}\n${body}`, 'ints'));
      }),
      params(),
    );
  });

  it('round-trips a well-formed table: CPU ids and every count', () => {
    const table = fc.uniqueArray(fc.nat(MAX_CPU_ID), { minLength: 1, maxLength: 8 }).chain((cpus) =>
      fc.record({
        cpus: fc.constant(cpus),
        rows: fc.uniqueArray(
          fc.tuple(fc.nat(1000), fc.array(fc.nat(2 ** 40), { minLength: cpus.length, maxLength: cpus.length })),
          { selector: (r) => r[0], maxLength: 10 },
        ),
      }),
    );
    fc.assert(
      fc.property(table, ({ cpus, rows }) => {
        const text =
          `  ${cpus.map((c) => `CPU${c}`).join(' ')}\n` +
          rows.map(([irq, cs]) => `${irq}: ${cs.join(' ')}  xen-dyn-event  vif${irq}.0`).join('\n');
        const pi = parseInterrupts(text, 't');
        expect(pi.cpus).toEqual(cpus);
        expect(pi.rows.map((r) => [Number(r.irq), r.counts])).toEqual(rows);
      }),
      params(),
    );
  });
});

describe('CPU lists', () => {
  it('format then parse gives the set back, sorted', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(MAX_CPU_ID), { minLength: 1, maxLength: 50 }), (ids) => {
        expect(parseCpuList(formatCpuList(ids), 'x')).toEqual([...new Set(ids)].sort((a, b) => a - b));
      }),
      params(),
    );
  });

  it('any text is a bounded sorted list or a typed error (never a huge allocation)', () => {
    const part = fc.oneof(
      fc.nat(),
      fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `${a}-${b}`),
      fc.string({ maxLength: 5 }),
      fc.constantFrom('0-999999999', '4294967296', '1e9'),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), (parts) => {
        const r = typedOnly(() => parseCpuList(parts.join(','), 'x'));
        if (r instanceof NetbackError) return;
        expect(r.length).toBeLessThanOrEqual(MAX_CPU_ID + 1);
        expect(r.every((c, i) => i === 0 || c > r[i - 1]!)).toBe(true);
      }),
      params(),
    );
  });
});

describe('input decoding', () => {
  it('decodeText: any bytes are text or a typed binary/not-UTF-8 error with a line', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const r = typedOnly(() => decodeText(Buffer.from(bytes), 'b'));
        if (r instanceof NetbackError) {
          expect(['binary-input', 'not-utf8']).toContain(r.code);
          expect(r.line).toBeGreaterThanOrEqual(1);
        } else expect(Buffer.from(r, 'utf8')).toEqual(Buffer.from(bytes));
      }),
      params(),
    );
  });

  it('gunzipBounded: gzip magic then anything is bytes within the limit or a typed error', () => {
    const gz = fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from(b)])),
      fc.tuple(fc.nat(5000), fc.nat(100)).map(([n, cut]) => {
        const z = gzipSync(Buffer.alloc(n, 0x41));
        return z.subarray(0, Math.max(2, z.length - cut));
      }),
    );
    fc.assert(
      fc.property(gz, fc.integer({ min: 1, max: 4096 }), (buf, limit) => {
        const r = typedOnly(() => gunzipBounded(buf, limit, 'g'));
        if (!(r instanceof NetbackError)) expect(r.length).toBeLessThanOrEqual(limit);
        else expect(['too-large', 'unreadable']).toContain(r.code);
      }),
      params(),
    );
  });
});
