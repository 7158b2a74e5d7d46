/*
 * The groups eras' CPU choice as generated (issue 20 point 5, issue 21 point 2): on the pvops
 * 2.6.32 and upstream 3.0 sample trees, the series' group-CPU helper, assignment and IRQ code are
 * compiled with userspace stubs and run for 1-64 CPUs (dense, sparse, shrinking after load) and
 * up to 200 vifs. Each group's CPU is the model's online[g mod n], stored once, so groups sit on
 * distinct CPUs and a vif's interrupt is on its group's CPU; every group on CPU 0 must fail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Policy } from '../../src/dsl/policy.js';
import { pvops2632 } from '../../src/targets/pvops-2_6_32.js';
import { upstreamGroups } from '../../src/targets/upstream-groups.js';
import type { Target } from '../../src/targets/target.js';
import { REPO } from '../support/cli.js';
import { seededRandom } from '../support/seeded-random.js';
import { type GroupStep, groupsProgram, patched, playGroups, pvopsC, upstreamGroupsC } from './groups-driver.js';
import { groupCpu, type Rule } from './model.js';

type Kind = 'pvops' | 'groups';
const ERAS: Array<[Kind, Target, string, (ws: ReturnType<typeof patched>) => string]> = [
  ['pvops', pvops2632, join(REPO, 'samples/trees/pvops-2.6.32'), pvopsC],
  ['groups', upstreamGroups, join(REPO, 'samples/trees/upstream-groups-3.0'), upstreamGroupsC],
];
const RULES: Rule[] = ['round-robin', 'least-loaded'];
const policy = (rule: Rule): Policy => ({
  threading: { model: 'kthread', bindToCpu: true },
  assignment: rule,
  irq: { spread: 'group-cpu' },
});

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function scenarios(): Array<[string, GroupStep[]]> {
  const rnd = seededRandom(21);
  const out: Array<[string, GroupStep[]]> = [];
  for (const cpus of [1, 2, 3, 4, 8, 16, 33, 64]) {
    const sparse = range(64)
      .filter(() => rnd(64) < cpus)
      .slice(0, cpus);
    for (const [name, online] of [
      ['dense', range(cpus)],
      ['sparse', sparse.length ? sparse : [7]],
    ] as const) {
      for (const g of [...new Set([online.length, Math.ceil(online.length / 2), 1])]) {
        const vifs = 1 + rnd(200);
        const steps: GroupStep[] = [{ online: [...online] }, { groups: g }, ...range(vifs).map((v) => ({ up: v }))];
        out.push([`${online.length} ${name} CPUs, ${g} groups, ${vifs} vifs`, steps]);
      }
    }
  }
  // CPUs going offline after module load, vifs going down and up.
  const steps: GroupStep[] = [{ online: range(16) }, { groups: 16 }];
  for (let v = 0; v < 60; v++) {
    if (v === 20) steps.push({ online: range(16).filter((c) => c % 3 !== 1) });
    if (v % 5 === 4) steps.push({ down: v - 2 });
    steps.push({ up: v });
  }
  out.push(['16 CPUs, some offline after load, vifs leaving', steps]);
  return out;
}

/** What must hold, checked on the program's output: [] when all does. */
function violations(rule: Rule, steps: GroupStep[], printed: number[][]): string[] {
  const out: string[] = [];
  let online: number[] = [];
  let atLoad: number[] = [];
  let nr = 0;
  const count = new Map<number, number>();
  const groupOf = new Map<number, number>();
  let next = 0;
  for (const s of steps) {
    if ('online' in s) online = s.online;
    else if ('groups' in s) {
      nr = s.groups;
      atLoad = online;
    } else if ('down' in s) {
      const g = groupOf.get(s.down);
      if (g !== undefined) count.set(g, count.get(g)! - 1);
      groupOf.delete(s.down);
    } else {
      const [, g, cpu, irq] = printed[next++] ?? [];
      if (g === undefined || cpu === undefined || irq === undefined) {
        out.push(`vif ${s.up}: nothing printed`);
        continue;
      }
      if (cpu !== groupCpu(atLoad, g)) out.push(`group ${g} on CPU ${cpu}, the model says ${groupCpu(atLoad, g)}`);
      if (irq !== -1 && irq !== cpu) out.push(`vif ${s.up}: IRQ on CPU ${irq}, its group's thread on ${cpu}`);
      if (irq === -1 && online.includes(cpu)) out.push(`vif ${s.up}: no IRQ affinity although CPU ${cpu} is online`);
      const fewest = Math.min(...range(nr).map((x) => count.get(x) ?? 0));
      if (rule === 'least-loaded' && (count.get(g) ?? 0) > fewest)
        out.push(`vif ${s.up}: group ${g} has ${count.get(g)} vifs, fewest is ${fewest}`);
      count.set(g, (count.get(g) ?? 0) + 1);
      groupOf.set(s.up, g);
    }
  }
  // Distinct groups on distinct CPUs while there are no more groups than CPUs.
  const cpus = new Map<number, number>();
  for (const [, g, cpu] of printed) cpus.set(g!, cpu!);
  if (nr <= atLoad.length && new Set(cpus.values()).size !== cpus.size)
    out.push(`groups share CPUs: ${[...cpus].join(' ')}`);
  if (rule === 'round-robin' && !steps.some((s) => 'down' in s)) {
    const per = range(nr).map((x) => count.get(x) ?? 0);
    if (Math.max(...per) - Math.min(...per) > 1) out.push(`vifs per group not within one of even: ${per.join(',')}`);
  }
  return out;
}

const C = new Map<string, string>();
const BIN = new Map<string, string>();
beforeAll(() => {
  for (const [kind, target, root, cut] of ERAS) {
    for (const rule of RULES) {
      const c = cut(patched(target, root, policy(rule)));
      C.set(`${kind} ${rule}`, c);
      BIN.set(`${kind} ${rule}`, groupsProgram(kind, c));
    }
  }
});

describe.each(ERAS.flatMap(([kind]) => RULES.map((rule) => [kind, rule] as const)))(
  '%s era, %s: compiled and run',
  (kind, rule) => {
    it.each(scenarios())('%s', (_name, steps) => {
      expect(violations(rule, steps, playGroups(BIN.get(`${kind} ${rule}`)!, steps))).toEqual([]);
    });
  },
);

describe.each(ERAS)('%s era: the group CPU is computed once and used by thread and IRQ code', (kind, target, root) => {
  it('netback_init() stores it; the binding and the IRQ code read the stored copy', () => {
    const ws = patched(target, root, policy('round-robin'));
    const [nb, irqFile] =
      kind === 'pvops'
        ? ['drivers/xen/netback/netback.c', 'drivers/xen/netback/interface.c']
        : ['drivers/net/xen-netback/netback.c', 'drivers/net/xen-netback/netback.c'];
    const text = ws.read(nb);
    expect(text).toMatch(/\n\t\tnetbk->cpu = (xen_)?netbk_group_cpu\(group\);\n/);
    expect(text).toMatch(/if \(cpu_online\(netbk->cpu\)\)\n\t+kthread_bind\([^,]+, netbk->cpu\);/);
    expect(text).not.toMatch(/kthread_bind\([^,]+, group\)/);
    expect(ws.read(irqFile)).toMatch(
      kind === 'pvops' ? /cpumask_of\(xen_netbk\[netif->group\]\.cpu\)/ : /cpumask_of\(netbk->cpu\)/,
    );
  });
});

// Issue 21's mutation: the helper puts every group on CPU 0.
describe.each(ERAS.flatMap(([kind]) => RULES.map((rule) => [kind, rule] as const)))(
  '%s era, %s: every group on CPU 0 is caught',
  (kind, rule) => {
    it('the properties fail', () => {
      const c = C.get(`${kind} ${rule}`)!;
      const mutated = c.replace(
        /(group_cpu\(unsigned int group\)\n\{\n\tunsigned int cpu, n;\n)/,
        '$1\n\tif (group < 1024)\n\t\treturn 0;\n',
      );
      expect(mutated).not.toBe(c);
      const bin = groupsProgram(kind, mutated);
      const found = scenarios().flatMap(([, steps]) => violations(rule, steps, playGroups(bin, steps)));
      expect(found.length).toBeGreaterThan(0);
    });
  },
);
