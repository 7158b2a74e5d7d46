/*
 * Which of a policy's knobs a running dom0 can take without a kernel rebuild, era by era: a
 * module parameter, the placement program (IRQ affinity, thread pinning), already the kernel's
 * behaviour, or a kernel patch (generate-patch). Every knob the policy sets gets exactly one row.
 */
import type { Policy, GroupCount } from '../dsl/policy.js';
import type { HostFacts } from '../doctor/host.js';
import type { Era } from '../doctor/diagnosis.js';

export type Route = 'module-parameter' | 'placement' | 'already' | 'needs-patch' | 'not-available' | 'not-applicable';

export interface KnobRow {
  knob: string;
  value: string;
  route: Route;
  /** Why, in one sentence. */
  why: string;
}

export interface HostDecision {
  era: Exclude<Era, 'unknown'>;
  cpus: number[];
  rows: KnobRow[];
  /** xen_netback parameters to set at module load (or on the command line when built in). */
  params: Array<[string, string]>;
  /** What the placement program does. */
  placeIrqs: boolean;
  pinThreads: boolean;
  assignment: 'round-robin' | 'least-loaded';
  /** ban: irqbalance must leave VIF IRQs alone; balance: the policy leaves them to irqbalance. */
  irqbalance: 'ban' | 'balance' | 'untouched';
}

const GROUPED = new Set<Era>(['pvops-2.6.32', 'upstream-groups']);

function show(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
}

function queuesFor(g: GroupCount, cpus: number): number {
  if (g === 'online-cpus') return cpus;
  if (typeof g === 'number') return g;
  return Math.ceil(cpus / g.onlineCpusDividedBy);
}

type Verdict = [Route, string];
interface Ctx {
  era: HostDecision['era'];
  facts: HostFacts;
  params: HostDecision['params'];
  grouped: boolean;
}
const PATCH = ': generate-patch';

function model(m: 'kthread' | 'tasklet', c: Ctx): Verdict {
  if (c.era === 'pvops-2.6.32') {
    c.params.push(['netback_kthread', m === 'kthread' ? '1' : '0']);
    const why = "pvops netback's netback_kthread switch (default 0, tasklets); ";
    return ['module-parameter', `${why}if modinfo -p xen-netback does not list it, the kernel needs a patch${PATCH}`];
  }
  return m === 'kthread'
    ? ['already', 'this era runs netback in kernel threads only']
    : ['not-available', 'this era has no tasklet path (generate-patch refuses it too)'];
}

function keepTasklets(keep: boolean, c: Ctx): Verdict {
  if (c.era !== 'pvops-2.6.32') return ['not-applicable', 'no tasklet path on this era'];
  return keep
    ? ['already', 'netback_kthread stays a module parameter']
    : ['needs-patch', `removing the tasklet code path is a source change${PATCH}`];
}

function groups(g: GroupCount, c: Ctx): Verdict {
  if (c.grouped) {
    return g === 'online-cpus'
      ? ['already', 'netback makes one group per online CPU at load']
      : ['needs-patch', `the group count is num_online_cpus() in the code, not a parameter${PATCH}`];
  }
  if (c.era === 'upstream-1to1') return ['not-applicable', 'one thread per VIF, no groups or queues'];
  const want = String(queuesFor(g, c.facts.onlineCpus?.length ?? 1));
  const now = c.facts.netbackParams.get('max_queues');
  if (now === want) return ['already', `max_queues is ${want} already`];
  c.params.push(['max_queues', want]);
  const why = `max_queues=${want} (now ${now ?? 'unknown'})`;
  return ['module-parameter', `${why}; writable at run time for VIFs that connect later`];
}

function bind(on: boolean, c: Ctx): Verdict {
  if (!c.grouped) {
    return on
      ? ['placement', "the placement program pins each queue's threads to its CPU (sched_setaffinity, via taskset)"]
      : ['already', 'queue threads are not bound'];
  }
  if (!on) return ['needs-patch', 'the kernel kthread_bind()s netback/N to CPU id N; sched_setaffinity cannot undo it'];
  return (c.facts.onlineCpus ?? []).every((cpu, i) => cpu === i)
    ? ['already', 'netback/N is kthread_bind()-bound to CPU id N = online[N] here (ids 0..n-1); placement checks it']
    : [
        'needs-patch',
        'CPU ids are sparse here: kthread_bind() puts netback/N on CPU id N, not online[N], ' +
          `and the kernel refuses to move it${PATCH}`,
      ];
}

function assignment(a: 'least-loaded' | 'round-robin', c: Ctx): Verdict {
  if (!c.grouped) return ['placement', "the placement program picks each VIF's starting CPU by it"];
  return a === 'least-loaded'
    ? ['already', 'the kernel gives a new VIF the group with the fewest VIFs']
    : ['needs-patch', `the kernel picks a VIF's group at connect time (least-loaded)${PATCH}`];
}

function lock(l: 'per-group' | 'global', c: Ctx): Verdict {
  if (c.era === 'pvops-2.6.32') {
    return l === 'per-group'
      ? ['needs-patch', `netif_idx_release()'s function-static _lock is code${PATCH}`]
      : ['already', 'one function-static lock today'];
  }
  return l === 'per-group'
    ? ['already', 'no lock shared between groups or queues on this era']
    : ['not-available', 'no shared lock on this era (generate-patch refuses it too)'];
}

function spread(s: 'none' | 'group-cpu'): Verdict {
  return s === 'group-cpu'
    ? ['placement', "the placement program writes each VIF queue IRQ's affinity; irqbalance is told to leave them"]
    : ['already', 'VIF IRQs are left to irqbalance (kept running, nothing banned)'];
}

export function decide(p: Policy, era: HostDecision['era'], facts: HostFacts): HostDecision {
  const c: Ctx = { era, facts, params: [], grouped: GROUPED.has(era) };
  const t = p.threading ?? {};
  const rows: KnobRow[] = [];
  const add = (knob: string, value: unknown, [route, why]: Verdict) => {
    rows.push({ knob, value: show(value), route, why });
  };
  if (t.model) add('threading.model', t.model, model(t.model, c));
  const keep = t.keepTaskletOption;
  if (keep !== undefined) add('threading.keepTaskletOption', keep, keepTasklets(keep, c));
  if (t.groups !== undefined) add('threading.groups', t.groups, groups(t.groups, c));
  if (t.bindToCpu !== undefined) add('threading.bindToCpu', t.bindToCpu, bind(t.bindToCpu, c));
  if (p.assignment) add('assignment', p.assignment, assignment(p.assignment, c));
  if (p.locks?.idxRelease) add('locks.idxRelease', p.locks.idxRelease, lock(p.locks.idxRelease, c));
  const s = p.irq?.spread;
  if (s) add('irq.spread', s, spread(s));
  return {
    era,
    cpus: facts.onlineCpus ?? [],
    rows,
    params: c.params,
    placeIrqs: s === 'group-cpu',
    pinThreads: t.bindToCpu === true,
    // Groups eras: the kernel chooses the group (least-loaded); the IRQ must follow that choice.
    assignment: c.grouped ? 'least-loaded' : (p.assignment ?? 'round-robin'),
    irqbalance: s === 'group-cpu' ? 'ban' : s === 'none' ? 'balance' : 'untouched',
  };
}
