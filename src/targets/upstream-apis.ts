/*
 * Which kernel APIs the tree's era offers, read off its headers, so a patch only calls what exists
 * and is exported there: the CPU-hotplug read lock (cpus_read_lock() since 4.13, before that
 * get_online_cpus()) and the IRQ affinity hint (the split irq_set_affinity_and_hint() /
 * irq_update_affinity_hint() pair since 5.17, before that irq_set_affinity_hint(), which on older
 * kernels only records the hint), and multi-instance CPU hotplug states (4.10+), which let a driver
 * act per queue when a CPU comes online. A driver-only tree has no headers: the newest API is
 * assumed and a note says so.
 */
import type { KernelTree } from '../patch/tree.js';
import type { Plan } from './target.js';

export interface KernelApis {
  hotplugLock: string;
  hotplugUnlock: string;
  /** Sets the hint (and, with the split API, moves the IRQ). */
  hintSet: string;
  /** Clears the hint (called with NULL). */
  hintClear: string;
  /** cpuhp_setup_state_multi() exists: an online callback per queue (4.10+). */
  onlineStates: boolean;
  /** irq_set_affinity() is a real (exported) function whose result can be checked (5.12+). */
  irqMove: boolean;
  /** A task's allowed CPUs: `cpus_ptr` (5.3+) or the older `cpus_allowed` mask. */
  taskCpus: 'cpus_ptr' | 'cpus_allowed';
  /** Headers that were missing, so the choice above was assumed. */
  assumed: string[];
  /**
   * Where the event channel code puts a new interrupt: 'balanced' when select_target_cpu() gives it
   * the online CPU with the fewest channels (5.10+), 'first' when it stays on the first online CPU,
   * null when the tree has no events_base.c / events.c to tell.
   */
  evtchnCpu: 'balanced' | 'first' | null;
}

const has = (text: string | undefined, name: string): boolean =>
  text !== undefined && new RegExp(`\\b${name}\\s*\\(`).test(text);

export function kernelApis(tree: KernelTree, newest: boolean): KernelApis {
  const assumed: string[] = [];
  // A header's text, noted as assumed when the tree lacks it; then a header's answer, or the era's
  // newest (multi-queue) or oldest (groups) API without it.
  const header = (name: string): string | undefined => {
    const text = tree.read(`include/linux/${name}`);
    if (text === undefined) assumed.push(`include/linux/${name}`);
    return text;
  };
  const decide = (text: string | undefined, found: (t: string) => boolean): boolean =>
    text === undefined ? newest : found(text);
  const cpuH = header('cpu.h');
  const irqH = header('interrupt.h');
  const modernLock = decide(cpuH, (t) => has(t, 'cpus_read_lock'));
  const splitHint = decide(irqH, (t) => has(t, 'irq_set_affinity_and_hint'));
  const irqMove = decide(irqH, (t) => /\bextern int irq_set_affinity\(/.test(t));
  // Only the multi-queue era uses hotplug states and reads a task's CPUs.
  const onlineStates = newest && decide(header('cpuhotplug.h'), (t) => has(t, 'cpuhp_setup_state_multi'));
  const cpusPtr = newest && decide(header('sched.h'), (t) => /\bcpus_ptr;/.test(t));
  return {
    hotplugLock: modernLock ? 'cpus_read_lock' : 'get_online_cpus',
    hotplugUnlock: modernLock ? 'cpus_read_unlock' : 'put_online_cpus',
    hintSet: splitHint ? 'irq_set_affinity_and_hint' : 'irq_set_affinity_hint',
    hintClear: splitHint ? 'irq_update_affinity_hint' : 'irq_set_affinity_hint',
    onlineStates,
    irqMove,
    taskCpus: cpusPtr ? 'cpus_ptr' : 'cpus_allowed',
    assumed,
    evtchnCpu: evtchnCpu(tree),
  };
}

function evtchnCpu(tree: KernelTree): KernelApis['evtchnCpu'] {
  const events = tree.read('drivers/xen/events/events_base.c') ?? tree.read('drivers/xen/events.c');
  if (events === undefined) return null;
  return has(events, 'select_target_cpu') ? 'balanced' : 'first';
}

/**
 * When the plan pins threads or points interrupts and headers were missing, a note naming them:
 * the newest API of the era was assumed for each.
 */
export function apisNote(apis: KernelApis, plan: Plan): void {
  if (!apis.assumed.length || !plan.changes.some((c) => c.knob === 'threading.bindToCpu' || c.knob === 'irq.spread'))
    return;
  plan.notes.push(
    `${apis.assumed.join(', ')} not in the tree: assumed ${apis.hotplugLock}(), ${apis.hintSet}()` +
      (apis.onlineStates ? ', cpuhp_setup_state_multi()' : '') +
      (apis.taskCpus === 'cpus_ptr' ? ', task->cpus_ptr' : ''),
  );
}
