/*
 * The CPU-choice model (docs/cpu-model.md), written here from the document and not from the
 * generated C, as the tests' oracle: online CPUs in ascending id order, a starting index per vif
 * (round-robin cursor advanced by the vif's queues, or the least-loaded online CPU, ties to the
 * lowest), queue q on online[(s + q) mod n]; groups: group g on online[g mod n].
 */
export type Rule = 'round-robin' | 'least-loaded';

export class QueueModel {
  private cursor = 0;
  /** Queues placed per CPU id. */
  readonly load = new Map<number, number>();

  constructor(private readonly rule: Rule) {}

  /** The CPUs of a vif's queues, placed with `online` (ascending ids) as the online CPUs. */
  place(online: number[], queues: number): number[] {
    const n = online.length;
    let s: number;
    if (this.rule === 'round-robin') {
      s = this.cursor % n;
      this.cursor += queues;
    } else {
      s = 0;
      online.forEach((cpu, i) => {
        if ((this.load.get(cpu) ?? 0) < (this.load.get(online[s]!) ?? 0)) s = i;
      });
    }
    const cpus: number[] = [];
    for (let q = 0; q < queues; q++) {
      // Queue q is placed when it connects; least-loaded counts it at once.
      const cpu = online[(s + q) % n]!;
      cpus.push(cpu);
      this.load.set(cpu, (this.load.get(cpu) ?? 0) + 1);
    }
    return cpus;
  }

  remove(cpus: number[]): void {
    for (const c of cpus) this.load.set(c, (this.load.get(c) ?? 0) - 1);
  }
}

/** Group g's CPU on the groups eras. */
export function groupCpu(online: number[], g: number): number {
  return online[g % online.length]!;
}
