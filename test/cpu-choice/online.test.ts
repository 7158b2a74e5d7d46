/*
 * The CPU-online callback of the multi-queue series (issue 20 point 2), compiled and run: queues
 * are placed as connect() places them, their threads and interrupts pinned to queue->cpu; a CPU
 * goes offline (its queues' threads widen to every online CPU, their interrupts move to the first
 * one, as the kernel does); it comes back and the callback is called for every connected queue,
 * as the hotplug core calls a multi-instance state's. Afterwards every queue must be on its CPU
 * again and no other queue moved; copies of the callback with plausible bugs must fail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../../src/dsl/policy.js';
import { UPSTREAM } from '../../src/targets/upstream-files.js';
import { linuxTree } from '../support/linux-tree.js';
import { seededRandom } from '../support/seeded-random.js';
import { spawnSync } from 'node:child_process';
import { compile, extract, maskOf } from './harness.js';
import { patchedInterface } from './mq-driver.js';

const MAIN = `
#define MAX_VIFS 256
static struct xenvif vifs[MAX_VIFS];
static struct xenvif_queue queues[MAX_VIFS][8];
static struct task_struct tasks[MAX_VIFS][8][2];
struct cpumask harness_online, harness_cpu_masks[NR_CPUS];
unsigned long long harness_irq_affinity[NR_IRQS];

/* Where a queue's threads may run and its interrupts go, as the kernel leaves them. */
static void pin(struct xenvif_queue *q, unsigned long long to)
{
	q->task->allowed = to;
	q->dealloc_task->allowed = to;
	harness_irq_affinity[q->tx_irq] = to;
	harness_irq_affinity[q->rx_irq] = to;
}

int main(void)
{
	char cmd[16];
	unsigned int v, w, n, q, cpu, nvifs = 0;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		harness_cpu_masks[cpu].bits = 1ULL << cpu;
	while (scanf("%15s", cmd) == 1) {
		if (!strcmp(cmd, "online")) {
			if (scanf("%llx", &harness_online.bits) != 1)
				return 2;
		} else if (!strcmp(cmd, "connect")) {
			/* connect VIF QUEUES SPLIT: SPLIT 1 gives tx and rx their own IRQ */
			if (scanf("%u %u %u", &v, &n, &w) != 3 || v >= MAX_VIFS || n > 8)
				return 2;
			vifs[v].num_queues = n;
			for (q = 0; q < n; q++) {
				struct xenvif_queue *qu = &queues[v][q];

				qu->id = q;
				qu->vif = &vifs[v];
				qu->task = &tasks[v][q][0];
				qu->dealloc_task = &tasks[v][q][1];
				qu->tx_irq = 1 + 16 * v + 2 * q;
				qu->rx_irq = w ? qu->tx_irq + 1 : qu->tx_irq;
				xenvif_place_queue(qu);
				pin(qu, 1ULL << qu->cpu);
			}
			if (v >= nvifs)
				nvifs = v + 1;
		} else if (!strcmp(cmd, "offline")) {
			/* offline CPU: the scheduler and the IRQ code move what was on it */
			if (scanf("%u", &cpu) != 1 || cpu >= NR_CPUS)
				return 2;
			harness_online.bits &= ~(1ULL << cpu);
			for (v = 0; v < nvifs; v++)
				for (q = 0; q < vifs[v].num_queues; q++)
					if (queues[v][q].cpu == cpu)
						pin(&queues[v][q], harness_online.bits);
		} else if (!strcmp(cmd, "back")) {
			/* back CPU: it is online again; the callback runs for every queue */
			if (scanf("%u", &cpu) != 1 || cpu >= NR_CPUS)
				return 2;
			harness_online.bits |= 1ULL << cpu;
			for (v = 0; v < nvifs; v++)
				for (q = 0; q < vifs[v].num_queues; q++)
					if (xenvif_cpu_online(cpu, &queues[v][q].cpuhp_node))
						return 3;
		} else {
			return 2;
		}
	}
	/* VIF QUEUE CPU TASK-MASK DEALLOC-MASK TX-IRQ-MASK RX-IRQ-MASK */
	for (v = 0; v < nvifs; v++)
		for (q = 0; q < vifs[v].num_queues; q++) {
			struct xenvif_queue *qu = &queues[v][q];

			printf("%u %u %u %llu %llu %llu %llu\\n", v, q, qu->cpu,
			       qu->task->allowed, qu->dealloc_task->allowed,
			       harness_irq_affinity[qu->tx_irq],
			       harness_irq_affinity[qu->rx_irq]);
		}
	return 0;
}
`;

/** The placement helpers and the online callback, cut out of a patched interface.c. */
function onlineC(interfaceC: string): string {
  return extract(
    UPSTREAM.interface,
    interfaceC,
    ['xenvif_nth_online_cpu', 'xenvif_cpu_start', 'xenvif_place_queue', 'xenvif_cpu_online'],
    /^static\b.*\bxenvif_cpu_(lock|cursor|queues)\b/,
  );
}

function program(c: string): string {
  return compile(`#include "online-stubs.h"
#include <string.h>

struct xenvif {
	unsigned int num_queues;
	unsigned int cpu_start;
	struct net_device *dev;
};

struct xenvif_queue {
	unsigned int id;
	char name[16];
	struct xenvif *vif;
	unsigned int cpu;
	bool cpu_counted;
	struct hlist_node cpuhp_node;
	struct task_struct *task, *dealloc_task;
	unsigned int tx_irq, rx_irq;
};

${c}
${MAIN}`);
}

interface Queue {
  vif: number;
  queue: number;
  cpu: number;
  /** Allowed masks of the two threads, affinity masks of the two interrupts. */
  masks: [bigint, bigint, bigint, bigint];
}

/** Runs the program on `steps` (lines of its commands); the state of every queue at the end. */
function play(bin: string, steps: string[]): Queue[] {
  const r = spawnSync(bin, [], { input: `${steps.join('\n')}\n`, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${bin} exited ${r.status}: ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .map(([vif, queue, cpu, ...masks]) => ({
      vif: Number(vif),
      queue: Number(queue),
      cpu: Number(cpu),
      masks: masks.map((m) => BigInt(m)) as Queue['masks'],
    }));
}

const bit = (cpu: number): bigint => 1n << BigInt(cpu);

/**
 * What the masks must be after `steps`, given where the program placed each queue: pinned on
 * connect, widened to the online CPUs when the queue's CPU goes offline, and back on its CPU when
 * it comes online, for what the callback covers (threads: masks 0-1, interrupts: masks 2-3).
 */
function expected(steps: string[], placed: Queue[], uses: { threads: boolean; irqs: boolean }): Queue[] {
  const state = new Map<string, Queue>();
  let online = 0n;
  for (const step of steps) {
    const [cmd, a, b] = step.split(' ');
    if (cmd === 'online') online = BigInt(`0x${a}`);
    else if (cmd === 'connect') {
      for (const p of placed.filter((q) => q.vif === Number(a)))
        state.set(`${p.vif}/${p.queue}`, { ...p, masks: [bit(p.cpu), bit(p.cpu), bit(p.cpu), bit(p.cpu)] });
      void b;
    } else if (cmd === 'offline') {
      online &= ~bit(Number(a));
      for (const q of state.values()) if (q.cpu === Number(a)) q.masks = [online, online, online, online];
    } else if (cmd === 'back') {
      online |= bit(Number(a));
      for (const q of state.values()) {
        if (q.cpu !== Number(a)) continue;
        if (uses.threads) q.masks[0] = q.masks[1] = bit(q.cpu);
        if (uses.irqs) q.masks[2] = q.masks[3] = bit(q.cpu);
      }
    }
  }
  return [...state.values()].sort((x, y) => x.vif - y.vif || x.queue - y.queue);
}

/** Scenarios: CPUs going offline and coming back between connects, one or several at a time. */
function scenarios(): Array<[string, string[]]> {
  const rnd = seededRandom(2026);
  const out: Array<[string, string[]]> = [];
  for (const cpus of [2, 4, 8, 33, 64]) {
    for (const vifs of [1, 10, 57]) {
      const all = Array.from({ length: cpus }, (_, i) => i);
      const steps = [`online ${maskOf(all)}`];
      const down: number[] = [];
      for (let v = 0; v < vifs; v++) {
        steps.push(`connect ${v} ${1 + rnd(8)} ${rnd(2)}`);
        if (v % 4 === 3 && cpus > 1 && down.length < cpus - 1) {
          const up = all.filter((c) => !down.includes(c));
          const cpu = up[rnd(up.length)]!;
          down.push(cpu);
          steps.push(`offline ${cpu}`);
        }
        if (v % 6 === 5 && down.length) steps.push(`back ${down.splice(rnd(down.length), 1)[0]}`);
      }
      // Leave one CPU down at the end when there is one: its queues must stay where they went.
      for (const cpu of down.slice(1)) steps.push(`back ${cpu}`);
      out.push([`${cpus} CPUs, ${vifs} vifs`, steps]);
    }
  }
  return out;
}

const POLICIES: Array<[string, Policy, { threads: boolean; irqs: boolean }]> = [
  [
    'threads and interrupts',
    { threading: { bindToCpu: true }, irq: { spread: 'group-cpu' } },
    { threads: true, irqs: true },
  ],
  [
    'threads only (strict binding)',
    { threading: { bindToCpu: true, strictBinding: true } },
    { threads: true, irqs: false },
  ],
  [
    'interrupts only, least-loaded',
    { irq: { spread: 'group-cpu' }, assignment: 'least-loaded' },
    { threads: false, irqs: true },
  ],
];

const C = new Map<string, string>();
const BIN = new Map<string, string>();
beforeAll(() => {
  for (const [name, policy] of POLICIES) {
    const c = onlineC(patchedInterface(linuxTree(), policy));
    C.set(name, c);
    BIN.set(name, program(c));
  }
});

describe.each(POLICIES)('the CPU-online callback (%s), compiled and run', (name, _policy, uses) => {
  it.each(scenarios())('%s: every queue is back on its CPU, no other queue moved', (_s, steps) => {
    const placed = play(BIN.get(name)!, steps);
    expect(placed).toEqual(expected(steps, placed, uses));
  });

  it('the scenarios move queues off and back: some end off their CPU (one CPU left down), most on it', () => {
    const ends = scenarios().flatMap(([, steps]) => play(BIN.get(name)!, steps));
    const home = ends.filter((q) => q.masks.every((m) => m === bit(q.cpu)));
    expect(home.length).toBeGreaterThan(ends.length / 2);
    expect(home.length).toBeLessThan(ends.length);
  });
});

// Plausible bugs in the callback; each copy must fail the scenarios.
const MUTANTS: Array<[string, (c: string) => string]> = [
  [
    'moves every queue to the CPU that came online',
    (c) => c.replace(/\tif \(queue->cpu != cpu\)\n\t\treturn 0;\n/, ''),
  ],
  ['moves nothing', (c) => c.replace(/(\tif \(queue->cpu != cpu\))/, '\tif (queue)\n\t\treturn 0;\n$1')],
  ['moves the first interrupt only', (c) => c.replace(/queue->rx_irq != queue->tx_irq &&/, '0 &&')],
  ['moves the guest-rx thread only', (c) => c.replace(/set_cpus_allowed_ptr\(queue->dealloc_task, mask\)/, '0')],
];

describe('mutants of the callback are caught', () => {
  it.each(MUTANTS)('%s', (_name, mutate) => {
    const caught = POLICIES.filter(([name, , uses]) => {
      const c = C.get(name)!;
      const mutated = mutate(c);
      if (mutated === c) return false;
      const bin = program(mutated);
      return scenarios().some(([, steps]) => {
        const placed = play(bin, steps);
        return !equal(placed, expected(steps, placed, uses));
      });
    });
    expect(caught.length).toBeGreaterThan(0);
  });
});

function equal(a: Queue[], b: Queue[]): boolean {
  return (
    a.length === b.length && a.every((q, i) => q.cpu === b[i]!.cpu && q.masks.every((m, j) => m === b[i]!.masks[j]))
  );
}
