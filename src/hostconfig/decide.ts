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

/** Rows for `threading.*` on one era; pushes module parameters into `params`. */
function threading(p: Policy, era: HostDecision['era'], facts: HostFacts, params: HostDecision['params']): KnobRow[] {
  const t = p.threading;
  if (!t) return [];
  const rows: KnobRow[] = [];
  const cpus = facts.onlineCpus?.length ?? 1;
  const row = (knob: string, value: unknown, route: Route, why: string) => rows.push({ knob: `threading.${knob}`, value: show(value), route, why });
  if (t.model) {
    if (era === 'pvops-2.6.32') {
      params.push(['netback_kthread', t.model === 'kthread' ? '1' : '0']);
      row('model', t.model, 'module-parameter', `pvops netback's netback_kthread switch (default 0, tasklets); if modinfo -p xen-netback does not list it, this kernel needs a kernel patch: generate-patch`);
    } else if (t.model === 'kthread') row('model', t.model, 'already', 'this era runs netback in kernel threads only');
    else row('model', t.model, 'not-available', 'this era has no tasklet path (generate-patch refuses it too)');
  }
  if (t.keepTaskletOption !== undefined) {
    if (era !== 'pvops-2.6.32') row('keepTaskletOption', t.keepTaskletOption, 'not-applicable', 'no tasklet path on this era');
    else if (t.keepTaskletOption) row('keepTaskletOption', true, 'already', 'netback_kthread stays a module parameter');
    else row('keepTaskletOption', false, 'needs-patch', 'removing the tasklet code path is a source change: generate-patch');
  }
  if (t.groups !== undefined) {
    if (GROUPED.has(era)) {
      if (t.groups === 'online-cpus') row('groups', t.groups, 'already', 'netback makes one group per online CPU at load');
      else row('groups', t.groups, 'needs-patch', 'the group count is num_online_cpus() in the code, not a parameter: generate-patch');
    } else if (era === 'upstream-1to1') row('groups', t.groups, 'not-applicable', 'one thread per VIF, no groups or queues');
    else {
      const want = queuesFor(t.groups, cpus);
      const now = facts.netbackParams.get('max_queues');
      if (now === String(want)) row('groups', t.groups, 'already', `max_queues is ${want} already`);
      else {
        params.push(['max_queues', String(want)]);
        row('groups', t.groups, 'module-parameter', `max_queues=${want} (now ${now ?? 'unknown'}); writable at run time for VIFs that connect later`);
      }
    }
  }
  if (t.bindToCpu !== undefined) {
    if (GROUPED.has(era)) {
      const dense = (facts.onlineCpus ?? []).every((c, i) => c === i);
      if (!t.bindToCpu) row('bindToCpu', false, 'needs-patch', 'the kernel kthread_bind()s netback/N to CPU id N, which sched_setaffinity cannot undo');
      else if (dense) row('bindToCpu', true, 'already', 'netback/N is kthread_bind()-bound to CPU id N, which is online[N] here (ids 0..n-1); placement verifies it');
      else row('bindToCpu', true, 'needs-patch', 'CPU ids are sparse here: kthread_bind() puts netback/N on CPU id N, not online[N], and the kernel refuses to move it: generate-patch');
    } else if (t.bindToCpu) row('bindToCpu', true, 'placement', 'the placement program pins each queue thread to its queue\'s CPU (sched_setaffinity via taskset)');
    else row('bindToCpu', false, 'already', 'queue threads are not bound');
  }
  return rows;
}

export function decide(p: Policy, era: HostDecision['era'], facts: HostFacts): HostDecision {
  const params: HostDecision['params'] = [];
  const rows = threading(p, era, facts, params);
  const grouped = GROUPED.has(era);
  if (p.assignment) {
    if (!grouped) rows.push({ knob: 'assignment', value: show(p.assignment), route: 'placement', why: 'the placement program picks each VIF\'s starting CPU by it' });
    else if (p.assignment === 'least-loaded') rows.push({ knob: 'assignment', value: show(p.assignment), route: 'already', why: 'the kernel gives a new VIF the group with the fewest VIFs' });
    else rows.push({ knob: 'assignment', value: show(p.assignment), route: 'needs-patch', why: 'the kernel picks a VIF\'s group at connect time (least-loaded): generate-patch' });
  }
  const lock = p.locks?.idxRelease;
  if (lock) {
    const [route, why]: [Route, string] =
      era === 'pvops-2.6.32'
        ? lock === 'per-group' ? ['needs-patch', "netif_idx_release()'s function-static _lock is code: generate-patch"] : ['already', 'one function-static lock today']
        : lock === 'per-group' ? ['already', 'no lock shared between groups or queues on this era'] : ['not-available', 'no shared lock on this era (generate-patch refuses it too)'];
    rows.push({ knob: 'locks.idxRelease', value: show(lock), route, why });
  }
  const spread = p.irq?.spread;
  if (spread) {
    rows.push(
      spread === 'group-cpu'
        ? { knob: 'irq.spread', value: show(spread), route: 'placement', why: 'the placement program writes each VIF queue IRQ\'s affinity; irqbalance is told to leave them' }
        : { knob: 'irq.spread', value: show(spread), route: 'already', why: 'VIF IRQs are left to irqbalance (kept running, nothing banned)' },
    );
  }
  const bind = p.threading?.bindToCpu === true;
  return {
    era,
    cpus: facts.onlineCpus ?? [],
    rows,
    params,
    placeIrqs: spread === 'group-cpu',
    pinThreads: bind,
    // Groups eras: the kernel chooses the group (least-loaded); the IRQ must follow that choice.
    assignment: grouped ? 'least-loaded' : (p.assignment ?? 'round-robin'),
    irqbalance: spread === 'group-cpu' ? 'ban' : spread === 'none' ? 'balance' : 'untouched',
  };
}
