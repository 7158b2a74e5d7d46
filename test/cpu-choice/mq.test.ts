/*
 * The multi-queue placement as generated for Debian's linux-6.1 (issue 20 point 5, issue 21
 * point 2): compiled with gcc against userspace stubs and run for 1-64 CPUs, sparse and shrinking
 * online masks, 1-200 vifs of 1-8 queues, for both assignments. The program must place exactly as
 * the model does and keep the properties; copies of it with the known bugs (every queue on CPU 0;
 * every vif's queue 0 on the first CPU, the old per-queue-index rule) must fail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { linuxTree } from '../support/linux-tree.js';
import { seededRandom } from '../support/seeded-random.js';
import { mqProgram, model, patchedInterface, placementC, play, type Step } from './mq-driver.js';
import type { Rule } from './model.js';
import { violations } from './properties.js';

const RULES: Rule[] = ['round-robin', 'least-loaded'];
const C = new Map<Rule, string>();
const BIN = new Map<Rule, string>();

beforeAll(() => {
  for (const rule of RULES) {
    const c = placementC(
      patchedInterface(linuxTree(), { threading: { bindToCpu: true }, irq: { spread: 'group-cpu' }, assignment: rule }),
    );
    C.set(rule, c);
    BIN.set(rule, mqProgram(c));
  }
});

const range = (n: number, f: (i: number) => number = (i) => i): number[] => Array.from({ length: n }, (_, i) => f(i));

/** Scenarios: [name, steps]. CPU sets are ascending ids, some sparse. */
function scenarios(): Array<[string, Step[]]> {
  const rnd = seededRandom(20);
  const out: Array<[string, Step[]]> = [];
  for (const cpus of [1, 2, 3, 4, 7, 8, 16, 33, 63, 64]) {
    for (const vifs of [1, 10, 57, 200]) {
      const dense = range(cpus);
      const sparse = range(64)
        .filter(() => rnd(64) < cpus)
        .slice(0, cpus);
      const q = 1 + rnd(8);
      out.push([
        `${cpus} CPUs, ${vifs} vifs of ${q} queues`,
        [{ online: dense }, ...range(vifs).map((v) => ({ connect: v, queues: q }))],
      ]);
      const set = sparse.length ? sparse : [5];
      out.push([
        `${set.length} sparse CPUs, ${vifs} vifs of 1-8 queues`,
        [{ online: set }, ...range(vifs).map((v) => ({ connect: v, queues: 1 + rnd(8) }))],
      ]);
    }
  }
  // Shrinking online masks and vifs going away between connects.
  for (const cpus of [4, 16, 64]) {
    const steps: Step[] = [{ online: range(cpus) }];
    let mask = range(cpus);
    for (let v = 0; v < 120; v++) {
      if (v % 30 === 29 && mask.length > 1) {
        mask = mask.filter((_, i) => i !== rnd(mask.length));
        steps.push({ online: mask });
      }
      if (v % 7 === 6) steps.push({ disconnect: v - 3 });
      steps.push({ connect: v, queues: 1 + rnd(8) });
    }
    out.push([`${cpus} CPUs shrinking, vifs leaving`, steps]);
  }
  return out;
}

describe.each(RULES)('upstream-mq placement, %s, compiled and run', (rule) => {
  it.each(scenarios())('%s: places as the model does, and keeps the properties', (_name, steps) => {
    const placed = play(BIN.get(rule)!, steps);
    expect(placed).toEqual(model(rule, steps).placed);
    expect(violations(rule, steps, placed)).toEqual([]);
  });
});

// The mutations of issue 21: each copy must break the properties on the scenarios.
const MUTANTS: Array<[string, (c: string) => string]> = [
  [
    'every queue on CPU 0 (xenvif_nth_online_cpu returns 0)',
    (c) => c.replace(/(xenvif_nth_online_cpu\(unsigned int n\)\n\{\n)/, '$1\treturn 0;\n'),
  ],
  [
    'every vif starts on the first CPU (the old per-queue-index rule)',
    (c) => c.replace(/(xenvif_cpu_start\(const struct xenvif \*vif\)\n\{\n)/, '$1\tif (vif)\n\t\treturn 0;\n'),
  ],
];

describe('the seed: 10 two-queue vifs on a 4-CPU dom0', () => {
  const steps: Step[] = [{ online: [0, 1, 2, 3] }, ...range(10).map((v) => ({ connect: v, queues: 2 }))];
  const perCpu = (placed: number[][]): number[] => [0, 1, 2, 3].map((c) => placed.flat().filter((x) => x === c).length);

  it('round-robin: vif i starts on CPU 2i mod 4, five queues on each CPU', () => {
    const placed = play(BIN.get('round-robin')!, steps);
    expect(placed).toEqual(range(10, (v) => v).map((v) => [(2 * v) % 4, (2 * v + 1) % 4]));
    expect(perCpu(placed)).toEqual([5, 5, 5, 5]);
  });

  it('least-loaded: the same five queues on each CPU', () => {
    expect(perCpu(play(BIN.get('least-loaded')!, steps))).toEqual([5, 5, 5, 5]);
  });

  it("before: the queue index alone (the old series' rule) puts every vif on CPUs 0 and 1", () => {
    const old = mqProgram(MUTANTS[1]![1](C.get('round-robin')!));
    expect(play(old, steps)).toEqual(range(10, () => 0).map(() => [0, 1]));
    expect(perCpu(play(old, steps))).toEqual([10, 10, 0, 0]);
  });
});

describe.each(RULES)('mutants of the %s placement are caught', (rule) => {
  it.each(MUTANTS)('%s', (_name, mutate) => {
    const c = C.get(rule)!;
    const mutated = mutate(c);
    expect(mutated).not.toBe(c);
    const bin = mqProgram(mutated);
    const found = scenarios().flatMap(([, steps]) => violations(rule, steps, play(bin, steps)));
    expect(found.length).toBeGreaterThan(0);
  });
});
