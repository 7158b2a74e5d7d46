import { NetbackError } from '../../core/errors.js';

/**
 * The kernel's cpulist syntax (`0-3,8,10-11`), as in /sys/devices/system/cpu/online and
 * smp_affinity_list. `what` names the source in errors (a flag or a file).
 */
export function parseCpuList(text: string, what: string, line?: number): number[] {
  const out = new Set<number>();
  const t = text.trim();
  if (!t) throw new NetbackError('bad-cpu-list', 'empty CPU list', { file: what, line, hint: 'e.g. 0-3,8' });
  for (const part of t.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m || (m[2] !== undefined && Number(m[2]) < Number(m[1]))) {
      throw new NetbackError('bad-cpu-list', `bad CPU list '${t}'`, { file: what, line, hint: 'e.g. 0-3,8' });
    }
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi - lo > 65536) throw new NetbackError('bad-cpu-list', `CPU range too large in '${t}'`, { file: what, line });
    for (let c = lo; c <= hi; c++) out.add(c);
  }
  return [...out].sort((a, b) => a - b);
}
