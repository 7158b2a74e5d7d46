/*
 * What the placement must do, checked on what a program printed, without the model: only online
 * CPUs; a vif's queues on distinct CPUs while it has no more queues than there are online CPUs;
 * round-robin: the queues per online CPU within one of even; least-loaded: every vif starts on
 * an online CPU that had the fewest queues. Each returns the violations found ([] when none).
 */
import type { Step } from './mq-driver.js';
import type { Rule } from './model.js';

export function violations(rule: Rule, steps: Step[], placed: number[][]): string[] {
  const out: string[] = [];
  const load = new Map<number, number>();
  const of = new Map<number, number[]>();
  let online: number[] = [];
  let next = 0;
  let shrunk = false;
  for (const s of steps) {
    if ('online' in s) {
      shrunk ||= online.length > 0;
      online = s.online;
      continue;
    }
    if ('disconnect' in s) {
      for (const c of of.get(s.disconnect) ?? []) load.set(c, load.get(c)! - 1);
      of.delete(s.disconnect);
      continue;
    }
    const cpus = placed[next++] ?? [];
    if (cpus.length !== s.queues) out.push(`vif ${s.connect}: ${cpus.length} queues placed, ${s.queues} asked`);
    for (const c of cpus) if (!online.includes(c)) out.push(`vif ${s.connect}: CPU ${c} is not online`);
    if (s.queues <= online.length && new Set(cpus).size !== cpus.length)
      out.push(`vif ${s.connect}: queues share CPUs (${cpus.join(',')})`);
    if (rule === 'least-loaded' && cpus.length) {
      const fewest = Math.min(...online.map((c) => load.get(c) ?? 0));
      if ((load.get(cpus[0]!) ?? 0) > fewest)
        out.push(`vif ${s.connect}: starts on CPU ${cpus[0]} with ${load.get(cpus[0]!)} queues, fewest is ${fewest}`);
    }
    for (const c of cpus) load.set(c, (load.get(c) ?? 0) + 1);
    of.set(s.connect, cpus);
  }
  const disconnects = steps.some((s) => 'disconnect' in s);
  if (rule === 'round-robin' && !shrunk && !disconnects && online.length) {
    const per = online.map((c) => load.get(c) ?? 0);
    if (Math.max(...per) - Math.min(...per) > 1) out.push(`queues per CPU not within one of even: ${per.join(',')}`);
  }
  return out;
}
