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
  const cpuH = tree.read('include/linux/cpu.h');
  const irqH = tree.read('include/linux/interrupt.h');
  const hotplugH = tree.read('include/linux/cpuhotplug.h');
  const schedH = tree.read('include/linux/sched.h');
  // The groups eras never use hotplug states, so only the multi-queue era misses their header.
  const headers = [['cpu.h', cpuH], ['interrupt.h', irqH], ...(newest ? [['cpuhotplug.h', hotplugH]] : [])];
  for (const [h, t] of headers) if (t === undefined) assumed.push(`include/linux/${h}`);
  const modernLock = cpuH === undefined ? newest : has(cpuH, 'cpus_read_lock');
  const splitHint = irqH === undefined ? newest : has(irqH, 'irq_set_affinity_and_hint');
  return {
    hotplugLock: modernLock ? 'cpus_read_lock' : 'get_online_cpus',
    hotplugUnlock: modernLock ? 'cpus_read_unlock' : 'put_online_cpus',
    hintSet: splitHint ? 'irq_set_affinity_and_hint' : 'irq_set_affinity_hint',
    hintClear: splitHint ? 'irq_update_affinity_hint' : 'irq_set_affinity_hint',
    onlineStates: hotplugH === undefined ? newest : has(hotplugH, 'cpuhp_setup_state_multi'),
    irqMove: irqH === undefined ? newest : /\bextern int irq_set_affinity\(/.test(irqH),
    taskCpus: (schedH === undefined ? newest : /\bcpus_ptr;/.test(schedH)) ? 'cpus_ptr' : 'cpus_allowed',
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
 * When the plan pins threads or points interrupts and headers were missing, a note naming what
 * was assumed.
 */
export function apisNote(apis: KernelApis, plan: Plan): void {
  if (!apis.assumed.length || !plan.changes.some((c) => c.knob === 'threading.bindToCpu' || c.knob === 'irq.spread'))
    return;
  const online = apis.assumed.includes('include/linux/cpuhotplug.h') ? ', cpuhp_setup_state_multi()' : '';
  plan.notes.push(
    `${apis.assumed.join(', ')} not in the tree: assumed ${apis.hotplugLock}(), ${apis.hintSet}()${online}`,
  );
}
