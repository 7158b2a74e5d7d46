import { NetbackError } from '../../core/errors.js';

/**
 * Highest CPU id accepted. Linux's NR_CPUS is at most 8192 (x86 MAXSMP); the margin keeps real
 * hosts working while a hostile `0-999999999` is refused before anything is allocated.
 */
export const MAX_CPU_ID = 65535;

/**
 * The kernel's cpulist syntax (`0-3,8,10-11`), as in /sys/devices/system/cpu/online and
 * smp_affinity_list. `what` names the source in errors (a flag or a file). Ids above MAX_CPU_ID
 * are an error, so the list never holds more than MAX_CPU_ID + 1 CPUs.
 */
export function parseCpuList(text: string, what: string, line?: number): number[] {
  const ranges: Array<[number, number]> = [];
  const t = text.trim();
  const shown = t.length > 40 ? `${t.slice(0, 37)}...` : t;
  const bad = (why: string) =>
    new NetbackError('bad-cpu-list', `${why} '${shown}'`, { file: what, line, hint: 'e.g. 0-3,8' });
  if (!t) throw new NetbackError('bad-cpu-list', 'empty CPU list', { file: what, line, hint: 'e.g. 0-3,8' });
  for (const part of t.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw bad('bad CPU list');
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) throw bad('bad CPU list');
    if (hi > MAX_CPU_ID) throw bad(`CPU id above ${MAX_CPU_ID} in`);
    ranges.push([lo, hi]);
  }
  // Merged before they are expanded: `0-65535` repeated a million times is still 65536 CPUs.
  ranges.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  let next = 0;
  for (const [lo, hi] of ranges) for (let c = Math.max(lo, next); c <= hi; c++, next = c) out.push(c);
  return out;
}

/** The shortest cpulist text for a set of ids (`[0,1,2,3,8]` → `0-3,8`): parseCpuList's inverse. */
export function formatCpuList(cpus: Iterable<number>): string {
  const ids = [...new Set(cpus)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < ids.length;) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j]! + 1) j++;
    out.push(j === i ? `${ids[i]}` : `${ids[i]}-${ids[j]}`);
    i = j + 1;
  }
  return out.join(',');
}
