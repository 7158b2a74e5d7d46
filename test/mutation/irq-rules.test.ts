/*
 * The irq rules at their boundaries, on small /proc/interrupts texts built here: the share and
 * count thresholds are inclusive (80% of 1000 interrupts fires, 79.95% or 999 does not), the
 * finding points at the right line, and its text and data are exact. Written to kill the mutants
 * of rules/irq (bench/mutation.md); in-process, so Stryker's mutated copy is the one under test.
 */
import { describe, expect, it } from 'vitest';
import { lintIrqText } from '../../src/linters/irq.js';
import { vifIrqSingleCpu } from '../../rules/irq/vif-irq-single-cpu.js';
import { vifQueuesOneCpu } from '../../rules/irq/vif-queues-one-cpu.js';

type Row = [name: string, counts: number[]];

/** A /proc/interrupts text: the header (line 1), then one xen-dyn-lateeoi row per VIF IRQ from IRQ 100. */
function proc(cpus: number, rows: Row[]): string {
  const head = Array.from({ length: cpus }, (_, i) => `CPU${i}`.padStart(11)).join('');
  const body = rows.map(
    ([name, counts], i) =>
      `${String(100 + i).padStart(4)}:${counts.map((n) => String(n).padStart(11)).join('')}  xen-dyn-lateeoi    -event     ${name}`,
  );
  return [head, ...body].join('\n') + '\n';
}

const ids = (text: string, opts = {}) => lintIrqText(text, 'pi', opts).findings.map((f) => f.ruleId);

describe('vif-irq-single-cpu: when it fires', () => {
  const S = 'vif-irq-single-cpu';
  const Q = 'vif-queues-one-cpu';
  // name, CPUs, rows, rules found
  const table: Array<[string, number, Row[], string[]]> = [
    [
      '80% on CPU0 exactly (the threshold is inclusive)',
      2,
      [
        ['vif1.0', [800, 200]],
        ['vif2.0', [800, 200]],
      ],
      [S],
    ],
    [
      '79.95% on CPU0',
      2,
      [
        ['vif1.0', [799, 201]],
        ['vif2.0', [800, 200]],
      ],
      [],
    ],
    [
      '1000 interrupts exactly (--min-interrupts is inclusive)',
      2,
      [
        ['vif1.0', [500, 0]],
        ['vif2.0', [500, 0]],
      ],
      [S],
    ],
    [
      '999 interrupts',
      2,
      [
        ['vif1.0', [499, 0]],
        ['vif2.0', [500, 0]],
      ],
      [],
    ],
    [
      'one online CPU',
      1,
      [
        ['vif1.0', [5000]],
        ['vif2.0', [5000]],
      ],
      [],
    ],
    ['one VIF IRQ', 2, [['vif1.0', [5000, 0]]], []],
    [
      'no interrupt at all',
      2,
      [
        ['vif1.0', [0, 0]],
        ['vif2.0', [0, 0]],
      ],
      [],
    ],
    // Most interrupts on CPU0 but not most IRQs: one guest's hot queue, not IRQ placement.
    [
      '3 of 4 IRQs on the hot CPU (< 80% of IRQs)',
      2,
      [
        ['vif1.0', [9000, 0]],
        ['vif2.0', [10, 0]],
        ['vif3.0', [10, 0]],
        ['vif4.0', [0, 10]],
      ],
      [],
    ],
    [
      '4 of 5 IRQs on the hot CPU (80% of IRQs)',
      2,
      [
        ['vif1.0', [9000, 0]],
        ['vif2.0', [10, 0]],
        ['vif3.0', [10, 0]],
        ['vif4.0', [10, 0]],
        ['vif5.0', [0, 10]],
      ],
      [S],
    ],
    // IRQs that never fired do not count: 4 active ones, all on CPU1, 2 silent (whose busiest is CPU0).
    [
      'silent IRQs ignored',
      2,
      [
        ['vif1.0', [0, 0]],
        ['vif2.0', [0, 0]],
        ['vif3.0', [0, 900]],
        ['vif4.0', [0, 900]],
        ['vif5.0', [0, 900]],
        ['vif6.0', [0, 900]],
      ],
      [S],
    ],
    // Multi-queue VIFs spread over CPUs, but each VIF's queues together on one CPU.
    [
      'queues together, VIFs apart',
      4,
      [
        ['vif1.0-q0', [900, 0, 0, 0]],
        ['vif1.0-q1', [900, 0, 0, 0]],
        ['vif2.0-q0', [0, 0, 900, 0]],
        ['vif2.0-q1', [0, 0, 900, 0]],
      ],
      [Q, Q],
    ],
  ];
  it.each(table)('%s', (_name, cpus, rows, want) => {
    expect(ids(proc(cpus, rows))).toEqual(want);
  });

  it('--threshold and --min-interrupts move the boundaries', () => {
    const t = proc(2, [
      ['vif1.0', [600, 400]],
      ['vif2.0', [600, 400]],
    ]);
    expect(ids(t)).toEqual([]);
    expect(ids(t, { threshold: 0.6 })).toEqual([S]);
    expect(ids(t, { threshold: 0.61 })).toEqual([]);
    expect(ids(t, { threshold: 0.6, minInterrupts: 2000 })).toEqual([S]);
    expect(ids(t, { threshold: 0.6, minInterrupts: 2001 })).toEqual([]);
  });
});

describe('vif-irq-single-cpu: the finding', () => {
  it("is an error on the first hot IRQ's line, with the per-CPU shares, the plan size and its data", () => {
    // Line 2 is vif1.0 on CPU1; the first IRQ on the hot CPU0 is vif2.0 on line 3.
    const text = proc(3, [
      ['vif1.0', [0, 100, 0]],
      ['vif2.0-q0', [4000, 0, 0]],
      ['vif2.0-q1', [3000, 0, 0]],
      ['vif3.0', [1800, 0, 0]],
      ['vif4.0', [900, 0, 100]],
      ['vif5.0', [100, 0, 0]],
    ]);
    const r = lintIrqText(text, 'pi');
    expect(r.findings).toEqual([
      {
        ruleId: 'vif-irq-single-cpu',
        severity: 'error',
        file: 'pi',
        line: 3,
        column: 1,
        message: '98.0% of VIF interrupts (6 IRQs of 5 VIFs) land on CPU0 of 3 online CPUs',
        notes: [
          'VIF interrupts per CPU: CPU0 98.0%, CPU1 1.0%, CPU2 1.0%',
          'the VIF work these interrupts raise runs on the same CPU, so it is the bottleneck for every guest',
          'spread over 3 CPUs: 6 writes to /proc/irq/<irq>/smp_affinity_list (below)',
        ],
        fix: "run irqbalance, apply the affinity writes below, or generate a patch with irq: { spread: 'group-cpu' }",
        data: {
          hotCpu: 0,
          hotShare: 0.98,
          cpus: 3,
          vifIrqs: 6,
          vifs: 5,
          plan: r.plan.map((m) => ({ irq: m.irq, name: m.name, cpu: m.cpu })),
        },
      },
    ]);
    expect(r.plan).toHaveLength(6);
  });

  it('says "VIF" for one VIF, and smp_affinity on a pre-3.0 kernel', () => {
    const legacy = proc(2, [
      ['vif1.0-tx', [900, 0]],
      ['vif1.0-rx', [900, 0]],
    ]).replaceAll('xen-dyn-lateeoi    -event', 'xen-dyn-event');
    const f = lintIrqText(legacy, 'pi').findings[0]!;
    expect(f.message).toBe('100.0% of VIF interrupts (2 IRQs of 1 VIF) land on CPU0 of 2 online CPUs');
    expect(f.notes![0]).toBe('VIF interrupts per CPU: CPU0 100.0%');
    expect(f.notes![2]).toBe('spread over 2 CPUs: 2 writes to /proc/irq/<irq>/smp_affinity (below)');
  });

  it('says nothing without interrupts, even at a zero threshold and minimum', () => {
    const spread = lintIrqText(
      proc(2, [
        ['vif1.0', [0, 0]],
        ['vif2.0', [0, 0]],
      ]),
      'pi',
    ).spread;
    expect(spread.hotCpu).toBeUndefined();
    expect(vifIrqSingleCpu.check({ spread, plan: [], opts: { threshold: 0, minInterrupts: 0 } })).toEqual([]);
  });

  it("falls back to the first IRQ's line when no IRQ's busiest CPU is the hot one", () => {
    // Called directly: a spread where the hot CPU is nobody's busiest cannot come from a real table.
    const spread = lintIrqText(
      proc(2, [
        ['vif1.0', [900, 0]],
        ['vif2.0', [900, 0]],
      ]),
      'pi',
    ).spread;
    const odd = { ...spread, irqs: spread.irqs.map((q) => ({ ...q, busiestCpu: 1 })), hotCpu: 0 };
    expect(vifIrqSingleCpu.check({ spread: odd, plan: [], opts: { threshold: 0, minInterrupts: 0 } })[0]!.line).toBe(2);
  });
});

describe('vif-queues-one-cpu', () => {
  const Q = 'vif-queues-one-cpu';
  // The host is spread (vif1.0 on CPU1, vif3.0 on CPU3); vif2.0's queues are the case.
  const host = (vif2: Row[]): Row[] => [['vif1.0-q0', [0, 5000, 0, 0]], ...vif2, ['vif3.0-q0', [0, 0, 0, 5000]]];
  const table: Array<[string, Row[], string[]]> = [
    [
      'two queues on CPU2',
      [
        ['vif2.0-q0', [0, 0, 600, 0]],
        ['vif2.0-q1', [0, 0, 400, 0]],
      ],
      [Q],
    ],
    [
      'exactly 1000 interrupts',
      [
        ['vif2.0-q0', [0, 0, 500, 0]],
        ['vif2.0-q1', [0, 0, 500, 0]],
      ],
      [Q],
    ],
    [
      '999 interrupts',
      [
        ['vif2.0-q0', [0, 0, 499, 0]],
        ['vif2.0-q1', [0, 0, 500, 0]],
      ],
      [],
    ],
    ['one queue', [['vif2.0-q0', [0, 0, 5000, 0]]], []],
    [
      'no queue numbers (one IRQ per direction)',
      [
        ['vif2.0-tx', [0, 0, 5000, 0]],
        ['vif2.0-rx', [0, 0, 5000, 0]],
      ],
      [],
    ],
    [
      'queues on two CPUs',
      [
        ['vif2.0-q0', [0, 0, 5000, 0]],
        ['vif2.0-q1', [0, 0, 0, 5000]],
      ],
      [],
    ],
    [
      'a silent queue does not count',
      [
        ['vif2.0-q0', [0, 0, 5000, 0]],
        ['vif2.0-q1', [0, 0, 5000, 0]],
        ['vif2.0-q2', [0, 0, 0, 0]],
      ],
      [Q],
    ],
    [
      'queues on two CPUs, 90% on one',
      [
        ['vif2.0-q0', [0, 0, 900, 0]],
        ['vif2.0-q1', [0, 0, 0, 100]],
      ],
      [],
    ],
    [
      'one numbered queue and an IRQ without a number',
      [
        ['vif2.0-q0', [0, 0, 5000, 0]],
        ['vif2.0-tx', [0, 0, 5000, 0]],
      ],
      [],
    ],
  ];
  it.each(table)('%s', (_name, vif2, want) => {
    expect(ids(proc(4, host(vif2)))).toEqual(want);
  });

  it('the share threshold is inclusive, and only the busiest CPU of every active queue counts', () => {
    // Both queues busiest on CPU2, the VIF at exactly 80% there.
    const at = [
      ['vif2.0-q0', [0, 0, 400, 100]],
      ['vif2.0-q1', [0, 0, 400, 100]],
    ] as Row[];
    expect(ids(proc(4, host(at)))).toEqual([Q]);
    const below = [
      ['vif2.0-q0', [0, 0, 400, 101]],
      ['vif2.0-q1', [0, 0, 400, 100]],
    ] as Row[];
    expect(ids(proc(4, host(below)))).toEqual([]);
    expect(ids(proc(4, host(below)), { threshold: 0.79 })).toEqual([Q]);
  });

  it("is a warning on the VIF's first IRQ line naming its queues and IRQs", () => {
    const r = lintIrqText(
      proc(
        4,
        host([
          ['vif2.0-q0-tx', [0, 0, 600, 0]],
          ['vif2.0-q0-rx', [0, 0, 300, 0]],
          ['vif2.0-q1', [0, 0, 100, 0]],
        ]),
      ),
      'pi',
    );
    expect(r.findings).toEqual([
      {
        ruleId: Q,
        severity: 'warning',
        file: 'pi',
        line: 3,
        column: 1,
        message: "vif2.0: 100.0% of its 2 queues' interrupts land on CPU2",
        notes: ['IRQs 101 (vif2.0-q0-tx), 102 (vif2.0-q0-rx), 103 (vif2.0-q1)'],
        fix: "spread vif2.0's queue IRQs over several CPUs",
        data: { vif: 'vif2.0', cpu: 2, share: 1, queues: 2 },
      },
    ]);
  });

  it("fires on two CPUs, one VIF's queues on each", () => {
    const two = proc(2, [
      ['vif1.0-q0', [900, 0]],
      ['vif1.0-q1', [900, 0]],
      ['vif2.0-q0', [0, 900]],
      ['vif2.0-q1', [0, 900]],
    ]);
    expect(ids(two)).toEqual([Q, Q]);
  });

  it('is silent when the host-wide rule fired, and on one CPU', () => {
    const allOnOne = proc(2, [
      ['vif1.0-q0', [900, 0]],
      ['vif1.0-q1', [900, 0]],
    ]);
    expect(ids(allOnOne)).toEqual(['vif-irq-single-cpu']);
    const spread = lintIrqText(
      proc(1, [
        ['vif1.0-q0', [900]],
        ['vif1.0-q1', [900]],
      ]),
      'pi',
    ).spread;
    expect(vifQueuesOneCpu.check({ spread, plan: [], opts: { threshold: 0, minInterrupts: 0 } })).toEqual([]);
  });
});
