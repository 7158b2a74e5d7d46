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
static unsigned int nvifs;
struct cpumask harness_online, harness_cpu_masks[NR_CPUS];
struct cpumask harness_irq_affinity[NR_IRQS];

/* Sets where a queue's threads may run and where its interrupts go. */
static void pin(struct xenvif_queue *q, unsigned long long to)
{
	q->task->mask.bits = to;
	q->dealloc_task->mask.bits = to;
	harness_irq_affinity[q->tx_irq].bits = to;
	harness_irq_affinity[q->rx_irq].bits = to;
}

/* What the kernel does to a mask left with no online CPU: it widens it. */
static void widen(struct cpumask *m)
{
	if (!(m->bits & harness_online.bits))
		m->bits = harness_online.bits;
}

/* Calls a hotplug callback for every connected queue, as the core does. */
static int each(int (*cb)(unsigned int, struct hlist_node *), unsigned int cpu)
{
	unsigned int v, q;

	for (v = 0; v < nvifs; v++)
		for (q = 0; q < vifs[v].num_queues; q++)
			if (queues[v][q].cpuhp_added &&
			    cb(cpu, &queues[v][q].cpuhp_node))
				return 1;
	return 0;
}

/* What connect() does once the queue is up: it joins the hotplug state. */
static void add(unsigned int v)
{
	unsigned int q;

	for (q = 0; q < vifs[v].num_queues; q++)
		xenvif_online_add(&queues[v][q]);
}

int main(void)
{
	char cmd[16];
	unsigned int v, w, n, q, cpu;

	xenvif_online_state = CPUHP_AP_ONLINE_DYN;
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		harness_cpu_masks[cpu].bits = 1ULL << cpu;
	while (scanf("%15s", cmd) == 1) {
		if (!strcmp(cmd, "online")) {
			if (scanf("%llx", &harness_online.bits) != 1)
				return 2;
		} else if (!strcmp(cmd, "connect") || !strcmp(cmd, "pinned")) {
			/* connect VIF QUEUES SPLIT: SPLIT 1 gives tx and rx their own IRQ;
			 * pinned: the same, but the queues join the state only at "add VIF"
			 */
			if (scanf("%u %u %u", &v, &n, &w) != 3 || v >= MAX_VIFS || n > 8)
				return 2;
			vifs[v].num_queues = n;
			for (q = 0; q < n; q++) {
				struct xenvif_queue *qu = &queues[v][q];

				qu->id = q;
				qu->vif = &vifs[v];
				qu->task = &tasks[v][q][0];
				qu->dealloc_task = &tasks[v][q][1];
				qu->task->cpus_ptr = &qu->task->mask;
				qu->dealloc_task->cpus_ptr = &qu->dealloc_task->mask;
				qu->tx_irq = 1 + 16 * v + 2 * q;
				qu->rx_irq = w ? qu->tx_irq + 1 : qu->tx_irq;
				xenvif_place_queue(qu);
				pin(qu, 1ULL << qu->cpu);
			}
			if (v >= nvifs)
				nvifs = v + 1;
			if (!strcmp(cmd, "connect"))
				add(v);
		} else if (!strcmp(cmd, "add")) {
			if (scanf("%u", &v) != 1 || v >= nvifs)
				return 2;
			add(v);
		} else if (!strcmp(cmd, "admin")) {
			/* admin VIF QUEUE CPU: the administrator moves the queue */
			if (scanf("%u %u %u", &v, &q, &cpu) != 3 || v >= nvifs || cpu >= NR_CPUS)
				return 2;
			pin(&queues[v][q], 1ULL << cpu);
		} else if (!strcmp(cmd, "offline")) {
			/* offline CPU: teardown callbacks, then the kernel moves what was on it */
			if (scanf("%u", &cpu) != 1 || cpu >= NR_CPUS)
				return 2;
			if (each(xenvif_cpu_down_prep, cpu))
				return 3;
			harness_online.bits &= ~(1ULL << cpu);
			for (v = 0; v < nvifs; v++)
				for (q = 0; q < vifs[v].num_queues; q++) {
					struct xenvif_queue *qu = &queues[v][q];

					widen(&qu->task->mask);
					widen(&qu->dealloc_task->mask);
					widen(&harness_irq_affinity[qu->tx_irq]);
					widen(&harness_irq_affinity[qu->rx_irq]);
				}
		} else if (!strcmp(cmd, "back")) {
			/* back CPU: it is online again; the online callback runs */
			if (scanf("%u", &cpu) != 1 || cpu >= NR_CPUS)
				return 2;
			harness_online.bits |= 1ULL << cpu;
			if (each(xenvif_cpu_online, cpu))
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
			       qu->task->mask.bits, qu->dealloc_task->mask.bits,
			       harness_irq_affinity[qu->tx_irq].bits,
			       harness_irq_affinity[qu->rx_irq].bits);
		}
	return 0;
}
`;

/** The placement helpers and the online callback, cut out of a patched interface.c. */
function onlineC(interfaceC: string): string {
  return extract(
    UPSTREAM.interface,
    interfaceC,
    [
      'xenvif_nth_online_cpu',
      'xenvif_cpu_start',
      'xenvif_place_queue',
      'xenvif_cpu_down_prep',
      'xenvif_cpu_online',
      'xenvif_online_add',
    ],
    /^static\b.*\bxenvif_(cpu_(lock|cursor|queues)|online_state)\b/,
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
	bool cpuhp_added, threads_moved, irqs_moved;
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
 * What the masks must be after `steps`, given where the program placed each queue, written from
 * the kernel's behaviour and the patch's message: pinned on connect; the administrator may move a
 * queue; before a CPU goes offline the queues placed on it are noted if their threads are still
 * allowed there and their interrupts exactly there; then every mask left without an online CPU is
 * widened to the online ones; when the CPU returns, what was noted is put back on it, for what the
 * callbacks cover (threads: masks 0-1, interrupts: masks 2-3).
 */
function expected(steps: string[], placed: Queue[], uses: { threads: boolean; irqs: boolean }): Queue[] {
  const state = new Map<string, Queue & { threadsMoved: boolean; irqsMoved: boolean; added: boolean }>();
  let online = 0n;
  const putBack = (q: Queue & { threadsMoved: boolean; irqsMoved: boolean }) => {
    if (uses.threads && q.threadsMoved) q.masks[0] = q.masks[1] = bit(q.cpu);
    if (uses.irqs && q.irqsMoved) q.masks[2] = q.masks[3] = bit(q.cpu);
    q.threadsMoved = q.irqsMoved = false;
  };
  // Joining the state: pinned again at once if the CPU is online, else when it comes back.
  const join = (vif: number) => {
    for (const q of state.values()) {
      if (q.vif !== vif) continue;
      q.added = true;
      q.threadsMoved = q.irqsMoved = true;
      if (online & bit(q.cpu)) putBack(q);
    }
  };
  for (const step of steps) {
    const [cmd, a, b, c] = step.split(' ');
    const n = Number(a); // the step's vif or CPU
    if (cmd === 'online') online = BigInt(`0x${a}`);
    else if (cmd === 'connect' || cmd === 'pinned') {
      for (const p of placed.filter((q) => q.vif === n)) {
        const m = bit(p.cpu);
        const q = { ...p, masks: [m, m, m, m] as Queue['masks'], threadsMoved: false, irqsMoved: false, added: false };
        state.set(`${p.vif}/${p.queue}`, q);
      }
      if (cmd === 'connect') join(n);
    } else if (cmd === 'add') join(n);
    else if (cmd === 'admin') {
      const m = bit(Number(c));
      state.get(`${a}/${b}`)!.masks = [m, m, m, m];
    } else if (cmd === 'offline') {
      for (const q of state.values()) {
        if (q.cpu !== n || !q.added) continue;
        q.threadsMoved = (q.masks[0] & bit(n)) !== 0n && (q.masks[1] & bit(n)) !== 0n;
        q.irqsMoved = q.masks[2] === bit(n) && q.masks[3] === bit(n);
      }
      online &= ~bit(n);
      for (const q of state.values())
        q.masks = q.masks.map((m) => ((m & online) === 0n ? online : m)) as Queue['masks'];
    } else if (cmd === 'back') {
      online |= bit(n);
      for (const q of state.values()) if (q.cpu === n && q.added) putBack(q);
    }
  }
  return [...state.values()]
    .sort((x, y) => x.vif - y.vif || x.queue - y.queue)
    .map(({ vif, queue, cpu, masks }) => ({ vif, queue, cpu, masks }));
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
        const queues = 1 + rnd(8);
        const late = v % 9 === 4; // the queue's CPU may go offline between its pinning and joining
        steps.push(`${late ? 'pinned' : 'connect'} ${v} ${queues} ${rnd(2)}`);
        // Now and then the administrator moves a queue to another online CPU.
        if (v % 5 === 2) {
          const up = all.filter((c) => !down.includes(c));
          steps.push(`admin ${v} ${rnd(queues)} ${up[rnd(up.length)]}`);
        }
        if (v % 4 === 3 && cpus > 1 && down.length < cpus - 1) {
          const up = all.filter((c) => !down.includes(c));
          const cpu = up[rnd(up.length)]!;
          down.push(cpu);
          steps.push(`offline ${cpu}`);
        }
        if (v % 6 === 5 && down.length) steps.push(`back ${down.splice(rnd(down.length), 1)[0]}`);
        if (late) {
          const up = all.filter((c) => !down.includes(c));
          if (up.length > 1) {
            const cpu = up[rnd(up.length)]!;
            steps.push(`offline ${cpu}`);
            if (rnd(2)) steps.push(`back ${cpu}`);
            else down.push(cpu);
          }
          steps.push(`add ${v}`);
        }
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
    (c) => c.replace(/\tif \(queue->cpu != cpu\)\n\t\treturn 0;\n/g, ''),
  ],
  [
    'moves nothing',
    (c) =>
      c.replace(
        /(\tif \(queue->cpu != cpu\)\n\t\treturn 0;\n\tif \(queue->(threads|irqs)_moved)/g,
        '\tif (queue)\n\t\treturn 0;\n$1',
      ),
  ],
  ['notes nothing on the way down (never puts back)', (c) => c.replace(/(_moved = )(?!true)/g, '$1 0 && ')],
  ['pins nothing when a queue joins', (c) => c.replace(/(_moved = )true/g, '$1false')],
  [
    'puts back what the administrator moved (no note)',
    (c) => c.replace(/if \(queue->(threads|irqs)_moved\)/g, 'if (1)'),
  ],
  ['moves the first interrupt only', (c) => c.replace(/if \(queue->rx_irq != queue->tx_irq\)/, 'if (0)')],
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
