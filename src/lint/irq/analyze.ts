/*
 * From parsed /proc/interrupts to the spread of netback's interrupts: per VIF IRQ, per VIF and per
 * CPU. Counts are cumulative since boot, so "where an IRQ's interrupts went" is where its affinity
 * pointed for most of the uptime — exactly what matters for where netback's work ran, because
 * its tasklets (2.6.32) and NAPI polls (3.x+) run on the CPU that took the event.
 */
import type { ProcInterrupts } from './parse.js';
import { parseVifIrqName, isEventChannelChip, type VifIrqName } from './vif-names.js';

export interface VifIrq extends VifIrqName {
  irq: number;
  /** The action name as printed (`vif1.0-q0-tx`). */
  name: string;
  line: number;
  chip: string;
  eventChannel: boolean;
  /** Per header column. */
  counts: number[];
  total: number;
  /** CPU id (not column) that took most of this IRQ's interrupts. */
  busiestCpu: number;
}

export interface VifSpread {
  vif: string;
  irqs: VifIrq[];
  total: number;
  /** Per header column. */
  perCpu: number[];
  busiestCpu: number;
  /** Share of this VIF's interrupts on its busiest CPU, 0..1 (0 when it had none). */
  busiestShare: number;
}

export interface IrqSpread {
  file: string;
  /** Online CPU ids, the header's columns. */
  cpus: number[];
  irqs: VifIrq[];
  vifs: VifSpread[];
  /** VIF interrupts per header column. */
  perCpu: number[];
  total: number;
  /** CPU id that took most VIF interrupts (undefined when there were none). */
  hotCpu: number | undefined;
  hotShare: number;
  /** CPUs that took at least 1% of the VIF interrupts. */
  cpusUsed: number;
  /**
   * True when the rows may come from a kernel without /proc/irq/<n>/smp_affinity_list (added in
   * 3.0, "bitmap, irq: add smp_affinity_list interface to /proc/irq"): chip and handler name
   * printed joined (`xen-dyn-event`, as 2.6.32 through at least 4.4 print them) or classic
   * XenLinux's `Dynamic-irq`. Fixes then write the hex mask to smp_affinity, which every kernel has.
   */
  legacy: boolean;
}

export function analyzeSpread(pi: ProcInterrupts): IrqSpread {
  const irqs: VifIrq[] = [];
  for (const row of pi.rows) {
    if (!row.numeric) continue;
    // Search every word of the row, not just the parsed action list: robust to odd spacing.
    const hit = row.desc
      .split(/[\s,]+/)
      .map((w) => ({ w, v: parseVifIrqName(w) }))
      .find((x) => x.v);
    if (!hit?.v) continue;
    const total = sum(row.counts);
    irqs.push({
      ...hit.v,
      irq: Number(row.irq),
      name: hit.w,
      line: row.line,
      chip: row.chip,
      eventChannel: isEventChannelChip(row.chip),
      counts: row.counts,
      total,
      busiestCpu: pi.cpus[argmax(row.counts)]!,
    });
  }
  const byVif = new Map<string, VifIrq[]>();
  for (const q of irqs) {
    const list = byVif.get(q.vif);
    if (list) list.push(q);
    else byVif.set(q.vif, [q]);
  }
  const vifs = [...byVif.entries()]
    .sort(([, a], [, b]) => a[0]!.domid - b[0]!.domid || a[0]!.handle - b[0]!.handle)
    .map(([vif, list]) => {
      const { perCpu, total, busiest, share } = spreadOf(list, pi.cpus);
      return { vif, irqs: list, total, perCpu, busiestCpu: busiest, busiestShare: share };
    });
  const { perCpu, total, busiest, share } = spreadOf(irqs, pi.cpus);
  return {
    file: pi.file,
    cpus: pi.cpus,
    irqs,
    vifs,
    perCpu,
    total,
    hotCpu: total ? busiest : undefined,
    hotShare: share,
    cpusUsed: perCpu.filter((n) => total && n / total >= 0.01).length,
    legacy: irqs.some((q) => /-event$/.test(q.chip) || /^Dynamic-irq/i.test(q.chip)),
  };
}

export interface AffinityMove {
  irq: number;
  name: string;
  /** CPU id the IRQ should be pinned to. */
  cpu: number;
  /** Where most of its interrupts went so far. */
  from: number;
}

/**
 * Where each VIF IRQ should go: longest-processing-time greedy over the online CPUs (busiest IRQ
 * first onto the least-loaded CPU; ties by fewer IRQs, then lower id), so the expected load per
 * CPU is as even as the history allows and idle IRQs still spread round-robin. `cpus` defaults
 * to every online CPU; callers may exclude some (e.g. CPU0 kept for dom0 housekeeping).
 */
export function planSpread(s: IrqSpread, cpus: number[] = s.cpus): AffinityMove[] {
  if (!cpus.length) return [];
  const load = cpus.map(() => 0);
  const n = cpus.map(() => 0);
  const order = [...s.irqs].sort((a, b) => b.total - a.total || a.irq - b.irq);
  const moves: AffinityMove[] = [];
  for (const q of order) {
    let best = 0;
    for (let k = 1; k < cpus.length; k++) {
      if (load[k]! < load[best]! || (load[k] === load[best] && n[k]! < n[best]!)) best = k;
    }
    load[best]! += q.total;
    n[best]!++;
    moves.push({ irq: q.irq, name: q.name, cpu: cpus[best]!, from: q.busiestCpu });
  }
  return moves.sort((a, b) => a.irq - b.irq);
}

/**
 * The shell lines that apply a plan (root, takes effect at once, lost at reboot): the cpulist
 * file where the kernel has it, else the hex mask file.
 */
export function affinityCommands(moves: AffinityMove[], legacy = false): string[] {
  return moves.map((m) =>
    legacy
      ? `echo ${cpuMaskHex(m.cpu)} > /proc/irq/${m.irq}/smp_affinity   # ${m.name} -> CPU${m.cpu}`
      : `echo ${m.cpu} > /proc/irq/${m.irq}/smp_affinity_list   # ${m.name}`,
  );
}

/** One CPU as the kernel's cpumask syntax: hex in comma-separated 32-bit words (`8,00000000` = CPU35). */
export function cpuMaskHex(cpu: number): string {
  const word = Math.floor(cpu / 32);
  const head = (2 ** (cpu % 32)).toString(16);
  return [head, ...Array<string>(word).fill('00000000')].join(',');
}

/**
 * How some IRQs' interrupts fall on the CPUs: per header column, in all, and the CPU id that took
 * the most with its share of them (0 when there were none).
 */
function spreadOf(irqs: VifIrq[], cpus: number[]): { perCpu: number[]; total: number; busiest: number; share: number } {
  const perCpu = columnSums(
    irqs.map((q) => q.counts),
    cpus.length,
  );
  const total = sum(perCpu);
  const col = argmax(perCpu);
  return { perCpu, total, busiest: cpus[col]!, share: total ? perCpu[col]! / total : 0 };
}

function sum(a: number[]): number {
  let t = 0;
  for (const x of a) t += x;
  return t;
}

function argmax(a: number[]): number {
  let best = 0;
  for (let k = 1; k < a.length; k++) if (a[k]! > a[best]!) best = k;
  return best;
}

function columnSums(rows: number[][], n: number): number[] {
  const out = new Array<number>(n).fill(0);
  for (const r of rows) for (let k = 0; k < n; k++) out[k]! += r[k]!;
  return out;
}
