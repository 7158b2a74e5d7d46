/*
 * The groups-era harness (pvops 2.6.32 and upstream 2.6.39-3.11): the generated group-CPU helper,
 * the vif-to-group assignment and the IRQ code, cut out of a patched sample tree and compiled into
 * a program that sets up groups as netback_init() does (each group's CPU stored once), then brings
 * vifs up and down as told on stdin (`online HEXMASK`, `groups G`, `up VIF`, `down VIF`). For
 * every vif it brings up it prints `VIF GROUP GROUPCPU IRQCPU` (IRQCPU -1: no affinity set).
 */
import type { Policy } from '../../src/dsl/policy.js';
import { KernelTree, Workspace } from '../../src/patch/tree.js';
import type { Target } from '../../src/targets/target.js';
import { compile, extract, maskOf, run } from './harness.js';

/** The working copy after every patch of the series for `policy` on `root`. */
export function patched(target: Target, root: string, policy: Policy): Workspace {
  const tree = new KernelTree(root);
  const plan = target.plan(policy, tree);
  if (plan.refusals.length) throw new Error(plan.refusals.map((r) => r.message).join('\n'));
  const ws = new Workspace(tree);
  for (const c of plan.changes) c.apply(ws);
  return ws;
}

const PVOPS = 'drivers/xen/netback';
const UP = 'drivers/net/xen-netback';

/** The pvops pieces: netbk_group_cpu() from common.h; assignment and __netif_up() from interface.c. */
export function pvopsC(ws: Workspace): string {
  const helper = extract(`${PVOPS}/common.h`, ws.read(`${PVOPS}/common.h`), ['netbk_group_cpu'], /^$/);
  const iface = extract(
    `${PVOPS}/interface.c`,
    ws.read(`${PVOPS}/interface.c`),
    ['netbk_add_netif', 'netbk_remove_netif', '__netif_up'],
    /^static atomic_t netbk_next_group\b/,
  );
  return `${helper}\n\n${iface}`;
}

/** The upstream groups-era pieces, all in netback.c. */
export function upstreamGroupsC(ws: Workspace): string {
  const f = `${UP}/netback.c`;
  return extract(
    f,
    ws.read(f),
    ['xen_netbk_group_cpu', 'xen_netbk_add_xenvif', 'xen_netbk_remove_xenvif'],
    /^static atomic_t xen_netbk_next_group\b/,
    ['xen_netbk_set_irq_affinity'],
  );
}

const COMMON = `#include "cpu-choice-stubs.h"
#include <stdio.h>
#include <string.h>

struct cpumask harness_online;
static struct cpumask single[NR_CPUS];
static int irq_cpu[1024];

static inline const struct cpumask *cpumask_of(unsigned int cpu)
{
	single[cpu].bits = 1ULL << cpu;
	return &single[cpu];
}

static inline int record(unsigned int irq, const struct cpumask *m)
{
	irq_cpu[irq] = m ? (int)cpumask_first(m) : -1;
	return 0;
}

#define irq_set_affinity(irq, m) record(irq, m)
#define irq_set_affinity_hint(irq, m) record(irq, m)
#define ASSERT_RTNL() do { } while (0)
#define enable_irq(irq) do { (void)(irq); } while (0)
#define netif_schedule_work(n) do { (void)(n); } while (0)

struct xen_netbk {
	atomic_t netfront_count;
	unsigned int cpu;
};

static struct xen_netbk groups[NR_CPUS * 2];
`;

function program(kind: 'pvops' | 'groups', c: string): string {
  const vif =
    kind === 'pvops'
      ? 'struct xen_netif {\n\tint group;\n\tunsigned int irq;\n};\n\nstruct xen_netbk *xen_netbk;\nint xen_netbk_group_nr;\n'
      : 'struct xenvif {\n\tstruct xen_netbk *netbk;\n\tunsigned int irq;\n};\n\nstatic struct xen_netbk *xen_netbk = groups;\nstatic int xen_netbk_group_nr;\n';
  const up =
    kind === 'pvops'
      ? '__netif_up(&vifs[v]);\n\t\t\tg = vifs[v].group;'
      : 'xen_netbk_add_xenvif(&vifs[v]);\n\t\t\tg = vifs[v].netbk - xen_netbk;';
  const down = kind === 'pvops' ? 'netbk_remove_netif(xen_netbk, &vifs[v]);' : 'xen_netbk_remove_xenvif(&vifs[v]);';
  const helper = kind === 'pvops' ? 'netbk_group_cpu' : 'xen_netbk_group_cpu';
  return `${COMMON}
${vif}
${c.replace(/^static (struct xen_netbk \*xen_netbk|int xen_netbk_group_nr);$/gm, '')}

#define MAX_VIFS 1024
${kind === 'pvops' ? 'static struct xen_netif' : 'static struct xenvif'} vifs[MAX_VIFS];

int main(void)
{
	char cmd[16];
	unsigned int v;
	int g;

${kind === 'pvops' ? '\txen_netbk = groups;\n' : ''}	while (scanf("%15s", cmd) == 1) {
		if (!strcmp(cmd, "online")) {
			if (scanf("%llx", &harness_online.bits) != 1)
				return 2;
		} else if (!strcmp(cmd, "groups")) {
			/* netback_init(): each group's CPU, computed once. */
			if (scanf("%d", &xen_netbk_group_nr) != 1)
				return 2;
			for (g = 0; g < xen_netbk_group_nr; g++)
				groups[g].cpu = ${helper}(g);
		} else if (!strcmp(cmd, "up")) {
			if (scanf("%u", &v) != 1 || v >= MAX_VIFS)
				return 2;
			vifs[v].irq = v + 1;
			irq_cpu[v + 1] = -1;
			${up}
			printf("%u %d %u %d\\n", v, g, groups[g].cpu, irq_cpu[v + 1]);
		} else if (!strcmp(cmd, "down")) {
			if (scanf("%u", &v) != 1 || v >= MAX_VIFS)
				return 2;
			${down}
		} else {
			return 2;
		}
	}
	return 0;
}
`;
}

export function groupsProgram(kind: 'pvops' | 'groups', c: string): string {
  return compile(program(kind, c));
}

export type GroupStep = { online: number[] } | { groups: number } | { up: number } | { down: number };

/** What the program printed per `up`: [vif, group, group's CPU, IRQ's CPU or -1]. */
export function playGroups(bin: string, steps: GroupStep[]): number[][] {
  const input = steps
    .map((s) =>
      'online' in s
        ? `online ${maskOf(s.online)}`
        : 'groups' in s
          ? `groups ${s.groups}`
          : 'up' in s
            ? `up ${s.up}`
            : `down ${s.down}`,
    )
    .join('\n');
  return run(bin, `${input}\n`);
}
