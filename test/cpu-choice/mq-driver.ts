/*
 * The multi-queue harness: the placement that a generated upstream-mq series adds to
 * interface.c, compiled into a program that connects and disconnects vifs as told on stdin
 * (`online HEXMASK`, `connect VIF QUEUES`, `disconnect VIF`) and prints `VIF QUEUE CPU` for every
 * queue it places. Scenarios are played on it and on the model alike.
 */
import type { Policy } from '../../src/dsl/policy.js';
import { KernelTree, Workspace } from '../../src/patch/tree.js';
import { upstreamMq } from '../../src/targets/upstream-mq.js';
import { UPSTREAM } from '../../src/targets/upstream-files.js';
import { compile, extract, maskOf, run } from './harness.js';
import { QueueModel, type Rule } from './model.js';

/** interface.c after every patch of the series for `policy` on `root`. */
export function patchedInterface(root: string, policy: Policy): string {
  const tree = new KernelTree(root);
  const plan = upstreamMq.plan(policy, tree);
  if (plan.refusals.length) throw new Error(plan.refusals.map((r) => r.message).join('\n'));
  const ws = new Workspace(tree);
  for (const c of plan.changes) c.apply(ws);
  return ws.read(UPSTREAM.interface);
}

/** The placement helpers cut out of interface.c. */
export function placementC(interfaceC: string): string {
  return extract(
    UPSTREAM.interface,
    interfaceC,
    ['xenvif_nth_online_cpu', 'xenvif_cpu_start', 'xenvif_place_queue'],
    /^static\b.*\bxenvif_cpu_(lock|cursor|queues)\b/,
    ['xenvif_unplace_queue'],
  );
}

const MAIN = `
#define MAX_VIFS 1024
static struct xenvif vifs[MAX_VIFS];
static struct xenvif_queue queues[MAX_VIFS][8];

int main(void)
{
	char cmd[16];
	unsigned int v, n, q;

	while (scanf("%15s", cmd) == 1) {
		if (!strcmp(cmd, "online")) {
			if (scanf("%llx", &harness_online.bits) != 1)
				return 2;
		} else if (!strcmp(cmd, "connect")) {
			if (scanf("%u %u", &v, &n) != 2 || v >= MAX_VIFS || n > 8)
				return 2;
			vifs[v].num_queues = n;
			for (q = 0; q < n; q++) {
				queues[v][q].id = q;
				queues[v][q].vif = &vifs[v];
				xenvif_place_queue(&queues[v][q]);
				printf("%u %u %u\\n", v, q, queues[v][q].cpu);
			}
		} else if (!strcmp(cmd, "disconnect")) {
			if (scanf("%u", &v) != 1 || v >= MAX_VIFS)
				return 2;
			for (q = 0; q < vifs[v].num_queues; q++)
				UNPLACE(&queues[v][q]);
		} else {
			return 2;
		}
	}
	return 0;
}
`;

/** A compiled program around the placement helpers `c`. */
export function mqProgram(c: string): string {
  const unplace = /\bxenvif_unplace_queue\s*\(/.test(c) ? 'xenvif_unplace_queue' : '(void)';
  return compile(`#include "cpu-choice-stubs.h"
#include <stdio.h>
#include <string.h>

struct cpumask harness_online;

struct xenvif {
	unsigned int num_queues;
	unsigned int cpu_start;
};

struct xenvif_queue {
	unsigned int id;
	struct xenvif *vif;
	unsigned int cpu;
	bool cpu_counted;
};

${c}

#define UNPLACE ${unplace}
${MAIN}`);
}

/** One step of a scenario. */
export type Step = { online: number[] } | { connect: number; queues: number } | { disconnect: number };

/** What the program placed: per connect step, the CPUs of the vif's queues. */
export function play(bin: string, steps: Step[]): number[][] {
  const input = steps
    .map((s) =>
      'online' in s
        ? `online ${maskOf(s.online)}`
        : 'connect' in s
          ? `connect ${s.connect} ${s.queues}`
          : `disconnect ${s.disconnect}`,
    )
    .join('\n');
  const out = run(bin, `${input}\n`);
  const byVif: number[][] = [];
  let prev = -1;
  for (const [v, q, cpu] of out) {
    if (q === 0 || v !== prev) byVif.push([]);
    byVif[byVif.length - 1]!.push(cpu!);
    prev = v!;
  }
  return byVif;
}

/** The same scenario on the model; also checks least-loaded's choice against the loads. */
export function model(rule: Rule, steps: Step[]): { placed: number[][]; load: Map<number, number> } {
  const m = new QueueModel(rule);
  const placed: number[][] = [];
  const of = new Map<number, number[]>();
  let online: number[] = [];
  for (const s of steps) {
    if ('online' in s) online = [...s.online].sort((a, b) => a - b);
    else if ('connect' in s) {
      const cpus = m.place(online, s.queues);
      placed.push(cpus);
      of.set(s.connect, cpus);
    } else {
      m.remove(of.get(s.disconnect) ?? []);
      of.delete(s.disconnect);
    }
  }
  return { placed, load: m.load };
}
