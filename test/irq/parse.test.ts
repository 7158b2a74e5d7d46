import { describe, it, expect } from 'vitest';
import { parseInterrupts } from '../../src/lint/irq/parse.js';
import { parseVifIrqName } from '../../src/lint/irq/vif-names.js';
import { formatCpuList, parseCpuList } from '../../src/lint/irq/cpu-list.js';
import { cpuMaskHex } from '../../src/lint/irq/analyze.js';
import { NetbackError } from '../../src/core/errors.js';

const HDR = '           CPU0       CPU1       \n';

describe('parseInterrupts', () => {
  it('reads the header, numbered rows, and short arch rows', () => {
    const pi = parseInterrupts(
      HDR +
        ' 93:       1200         34  xen-dyn-lateeoi    -event     vif1.0-q0-tx\n' +
        ' 18:          5          0  xen-pirq-ioapic-level  ehci_hcd:usb1, uhci_hcd:usb5\n' +
        'NMI:          0          0   Non-maskable interrupts\n' +
        'ERR:          7\n',
      'x',
    );
    expect(pi.cpus).toEqual([0, 1]);
    expect(pi.rows.map((r) => [r.irq, r.numeric, r.line, r.counts])).toEqual([
      ['93', true, 2, [1200, 34]],
      ['18', true, 3, [5, 0]],
      ['NMI', false, 4, [0, 0]],
      ['ERR', false, 5, [7, 0]],
    ]);
    expect(pi.rows[0]!.chip).toBe('xen-dyn-lateeoi');
    expect(pi.rows[0]!.actions).toEqual(['vif1.0-q0-tx']);
    expect(pi.rows[1]!.actions).toEqual(['ehci_hcd:usb1', 'uhci_hcd:usb5']);
  });

  it('keeps sparse CPU ids from the header (offline CPUs are not printed)', () => {
    expect(parseInterrupts('  CPU0 CPU2 CPU5\n 1: 1 2 3 xen-dyn-event vif1.0\n', 'x').cpus).toEqual([0, 2, 5]);
  });

  it('accepts CRLF-free trailing blank lines and leading blank lines', () => {
    expect(parseInterrupts('\n\n' + HDR + ' 1: 1 2 x\n\n\n', 'x').rows).toHaveLength(1);
  });

  // Malformed input: a one-line error naming file and line.
  const bad: Array<[string, string, number | undefined, RegExp]> = [
    ['empty', '', undefined, /empty input/],
    ['blank only', '\n \n', undefined, /empty input/],
    ['no header', ' 1: 5 6 xen-dyn vif1.0\n', 1, /header of CPU columns/],
    ['config file', 'CONFIG_XEN=y\n', 1, /header of CPU columns.*CONFIG_XEN=y/],
    ['too few counts', HDR + ' 1: 5 xen-dyn vif1.0\n', 2, /1 counts for 2 CPU columns/],
    ['truncated row', HDR + ' 1: 5 6 xen\n 2:\n', 3, /0 counts for 2/],
    ['no colon', HDR + 'garbage line here\n', 2, /expected '<irq>: <counts/],
    ['duplicate irq', HDR + ' 1: 5 6 a\n 1: 5 6 b\n', 3, /appears twice/],
    ['odd id', HDR + '1x: 5 6 a\n', 2, /neither an IRQ number/],
    ['duplicate CPU column', '  CPU0 CPU1 CPU1\n 1: 5 6 7 a\n', 1, /column CPU1 appears twice in the header/],
    ['CPU id out of range', '  CPU0 CPU999999999\n 1: 5 6 a\n', 1, /CPU id above 65535 in the header/],
    ['truncated header', '  CPU0 CPU1\n 1: 5 6 7 8 xen-dyn-event vif1.0\n', 2, /more counts than the 2 CPU columns/],
  ];
  it.each(bad)('%s is an error at the right line', (_name, text, line, msg) => {
    let err: unknown;
    try {
      parseInterrupts(text, 'saved.txt');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NetbackError);
    expect((err as NetbackError).file).toBe('saved.txt');
    expect((err as NetbackError).line).toBe(line);
    expect((err as NetbackError).message).toMatch(msg);
  });
});

describe('VIF IRQ names across eras', () => {
  const cases: Array<[string, ReturnType<typeof parseVifIrqName>]> = [
    ['vif3.0', { vif: 'vif3.0', domid: 3, handle: 0, queue: undefined, dir: 'both' }],
    ['vif12.1-tx', { vif: 'vif12.1', domid: 12, handle: 1, queue: undefined, dir: 'tx' }],
    ['vif3.0-q1', { vif: 'vif3.0', domid: 3, handle: 0, queue: 1, dir: 'both' }],
    ['vif3.0-q7-rx', { vif: 'vif3.0', domid: 3, handle: 0, queue: 7, dir: 'rx' }],
    ['vif3.0-emu', undefined],
    ['xen-netback', undefined],
    ['blkif-backend', undefined],
    ['vif3', undefined],
    ['eth0-TxRx-1', undefined],
  ];
  it.each(cases)('%s', (name, want) => expect(parseVifIrqName(name)).toEqual(want));
});

describe('cpu lists and masks', () => {
  it.each([
    ['0-3', [0, 1, 2, 3]],
    ['0,2-3,7', [0, 2, 3, 7]],
    [' 5 ', [5]],
  ] as const)('parses %s', (s, want) => expect(parseCpuList(s, 'x')).toEqual(want));
  it.each(['', '3-1', 'a', '1,,2', '-1', '0-999999999', '65536', '0-65535,99999999999999999999'])('rejects %j', (s) =>
    expect(() => parseCpuList(s, 'x')).toThrow(NetbackError),
  );
  it("accepts the largest id and prints lists back in the kernel's shortest form", () => {
    expect(parseCpuList('65535', 'x')).toEqual([65535]);
    expect(formatCpuList(parseCpuList('7,0-3,2,9-10', 'x'))).toBe('0-3,7,9-10');
    expect(formatCpuList([])).toBe('');
  });
  it.each([
    [0, '1'],
    [3, '8'],
    [31, '80000000'],
    [32, '1,00000000'],
    [63, '80000000,00000000'],
    [64, '1,00000000,00000000'],
  ] as const)('CPU%i as a hex mask is %s', (cpu, want) => expect(cpuMaskHex(cpu)).toBe(want));
});
