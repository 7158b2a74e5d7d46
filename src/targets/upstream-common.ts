/*
 * Knobs whose meaning is the same on every upstream era: the threading model (upstream runs
 * netback in kthreads only, so tasklets are refused and kthreads are already satisfied), and the
 * group count read into a checked shape before it reaches any C text.
 */
import { NetbackError } from '../core/errors.js';
import type { GroupCount, Policy } from '../dsl/policy.js';
import type { Plan } from './target.js';

export type GroupsSpec = { kind: 'fixed'; n: number } | { kind: 'online' } | { kind: 'divided'; n: number };

function integer(v: unknown, lo: number, hi: number, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    // The DSL validates this already; a target never prints an unchecked value into C.
    throw new NetbackError('policy-invalid', `${what} must be an integer ${lo}..${hi}, got ${String(v)}`);
  }
  return v;
}

export function groupsSpec(g: GroupCount): GroupsSpec {
  if (g === 'online-cpus') return { kind: 'online' };
  if (typeof g === 'number') return { kind: 'fixed', n: integer(g, 1, 4096, 'threading.groups') };
  const n = integer(g.onlineCpusDividedBy, 1, 64, 'threading.groups.onlineCpusDividedBy');
  return n === 1 ? { kind: 'online' } : { kind: 'divided', n };
}

/** threading.model / keepTaskletOption on an upstream era: a refusal or a note, never a patch. */
export function threadingModel(policy: Policy, targetId: string, plan: Plan): void {
  const t = policy.threading;
  if (t?.model === 'tasklet') {
    plan.refusals.push({
      knob: 'threading.model',
      message: `upstream removed tasklets; use 'kthread' (target ${targetId})`,
      hint: "set threading.model: 'kthread' (xen-netback has run its work in kernel threads since 2.6.39)",
    });
  } else if (t?.model === 'kthread') {
    plan.notes.push("threading.model 'kthread': already satisfied (upstream xen-netback runs in kernel threads)");
  }
  if (t?.keepTaskletOption !== undefined) {
    plan.notes.push('threading.keepTaskletOption: ignored (upstream has no tasklet path to keep or remove)');
  }
}

/**
 * locks.idxRelease on an upstream era, where no global release lock is left: 'per-group' is
 * already satisfied and 'global' refused, each for the era's own reason.
 */
export function idxReleaseLocks(
  policy: Policy,
  targetId: string,
  why: { perGroup: string; noGlobal: string },
  plan: Plan,
): void {
  const want = policy.locks?.idxRelease;
  if (want === 'per-group') plan.notes.push(`locks.idxRelease 'per-group': already satisfied (${why.perGroup})`);
  else if (want === 'global')
    plan.refusals.push({
      knob: 'locks.idxRelease',
      message: `locks.idxRelease 'global' cannot be honoured on ${targetId}: ${why.noGlobal}`,
      hint: "use 'per-group' (already satisfied) or remove the knob",
    });
}

/** strictBinding and queueCap on a groups era: notes saying why they change nothing there. */
export function multiQueueOnlyNotes(policy: Policy, plan: Plan): void {
  if (policy.threading?.strictBinding !== undefined) {
    plan.notes.push(
      'threading.strictBinding: ignored (this era binds group threads with kthread_bind(), as its tree does)',
    );
  }
  if (policy.threading?.queueCap !== undefined)
    plan.notes.push('threading.queueCap: ignored (this era has groups, not queues)');
}

/** The empty plan every upstream target starts from. */
export function emptyPlan(): Plan {
  return { changes: [], notes: [], refusals: [] };
}
