/* How much parallelism the host offers netback: dom0's online CPUs and mq's max_queues. */
import { showPath } from '../host.js';
import { formatCpuList } from '../../lint/irq/cpu-list.js';
import type { Check, Diagnosis } from '../diagnosis.js';
import { hostConfigFix } from '../role.js';

export const resourcesCheck: Check = (ctx) => {
  const f = ctx.facts;
  const out: Diagnosis[] = [];
  const cpus = f.onlineCpus?.length;
  if (cpus) ctx.checked.push(`dom0 online CPUs: ${cpus}`);
  const q = f.netbackParams.get('max_queues');
  if (q !== undefined) ctx.checked.push(`netback max_queues: ${q}`);
  if (cpus === 1) {
    out.push({
      id: 'dom0-one-cpu',
      severity: 'warning',
      score: 70,
      title: 'dom0 has one online vCPU: netback has nowhere to spread its work',
      evidence: [`${showPath(f.root, '/sys/devices/system/cpu/online')}: ${formatCpuList(f.onlineCpus!)}`],
      fix: ["give dom0 more vCPUs: dom0_max_vcpus=<n> on Xen's command line (and check none are offline)"],
    });
  }
  const mq = f.netbackParams.get('max_queues');
  if (ctx.era === 'upstream-mq' && mq !== undefined && cpus && cpus > 1) {
    const n = Number(mq);
    const want = Math.min(8, cpus);
    if (Number.isInteger(n) && n < want) {
      out.push({
        id: 'netback-max-queues',
        severity: 'warning',
        score: n <= 1 ? 50 : 30,
        title:
          `netback allows ${n} queue${n === 1 ? '' : 's'} per VIF on a dom0 with ${cpus} CPUs ` +
          `(default would be ${want})`,
        evidence: [`${showPath(f.root, '/sys/module/xen_netback/parameters/max_queues')}: ${mq}`],
        fix: [
          `echo ${want} > /sys/module/xen_netback/parameters/max_queues ` +
            `(applies to VIFs that connect afterwards), or xen_netback.max_queues=${want} on the dom0 command line`,
          `kept across reboots with the queues placed on CPUs, ${hostConfigFix(f)}`,
        ],
      });
    }
  }
  return out;
};
