/*
 * pvops netback's execution model. Its `netback_kthread` parameter is registered with permission
 * 0 in the stock driver, so /sys usually does not show it; the mode is then read from what set it
 * (boot parameters, modprobe.d) or from what it leaves behind: kthread mode runs one `netback/<n>`
 * thread per group, tasklet mode (the default) none.
 */
import { parseCmdline, cmdlineBool } from '../../lint/config/cmdline.js';
import { showPath } from '../host.js';
import type { Check, Diagnosis, HostContext } from '../diagnosis.js';
import { hostConfigFix } from '../role.js';

type Mode = { mode: 'kthread' | 'tasklet'; evidence: string };

function threadingMode(ctx: HostContext): Mode | undefined {
  const f = ctx.facts;
  const param = f.netbackParams.get('netback_kthread');
  if (param !== undefined) {
    const on = cmdlineBool(param);
    if (on !== undefined) {
      return {
        mode: on ? 'kthread' : 'tasklet',
        evidence: `${showPath(f.root, '/sys/module/xen_netback/parameters/netback_kthread')}: ${param}`,
      };
    }
  }
  if (f.cmdline) {
    const p = parseCmdline(f.cmdline.text, f.cmdline.shown).params;
    for (const key of ['xen_netback.netback_kthread', 'netback.netback_kthread']) {
      const on = cmdlineBool(p.get(key));
      if (on !== undefined)
        return {
          mode: on ? 'kthread' : 'tasklet',
          evidence: `${f.cmdline.shown}: ${key.replace('_netback.', '-netback.')}=${String(p.get(key))}`,
        };
    }
  }
  for (const o of f.modprobeOptions) {
    const m = /\bnetback_kthread=(\S+)/.exec(o.text);
    const on = cmdlineBool(m?.[1]);
    if (on !== undefined) return { mode: on ? 'kthread' : 'tasklet', evidence: `${o.shown}:${o.line}: ${o.text}` };
  }
  if (!f.threads.length) return undefined;
  const workers = f.threads.filter((t) => /^netback\/\d+$/.test(t));
  if (workers.length) return { mode: 'kthread', evidence: `${workers.length} netback/<group> kernel threads running` };
  return {
    mode: 'tasklet',
    evidence:
      'no netback/<group> kernel threads in /proc/*/comm, ' +
      'and netback_kthread is set nowhere (boot parameters, modprobe.d): the default, tasklets',
  };
}

export const threadingCheck: Check = (ctx) => {
  if (ctx.era !== 'pvops-2.6.32') return [];
  const f = ctx.facts;
  const inUse = f.netbackLoaded || /^CONFIG_XEN_NETDEV_BACKEND=[ym]$/m.test(f.config?.text ?? '');
  if (!inUse) return [];
  const out: Diagnosis[] = [];
  const mode = threadingMode(ctx);
  const shown = mode
    ? `${mode.mode}s (${mode.evidence})`
    : 'unknown (no parameter, boot option, modprobe option or thread list)';
  ctx.checked.push(`pvops netback threading: ${shown}`);
  const hot = ctx.shared.irqSingleCpu;
  if (mode?.mode === 'tasklet') {
    out.push({
      id: 'netback-tasklets',
      severity: 'error',
      score: hot !== undefined ? 90 : 75,
      title:
        hot !== undefined
          ? `netback runs in tasklets, so all guest network work runs where the VIF interrupts land: CPU${hot}`
          : "netback runs in tasklets: each VIF's work runs in softirq context on the CPU that took its interrupt",
      evidence: [
        `kernel ${f.release}: ${'pvops netback'}, netback_kthread defaults to tasklets`,
        mode.evidence,
        ...(hot !== undefined ? [`every VIF interrupt lands on CPU${hot} (see the interrupts finding)`] : []),
      ],
      fix: [
        'switch to one kthread per group: options xen-netback netback_kthread=1 in /etc/modprobe.d/xen-netback.conf ' +
          '(or xen-netback.netback_kthread=1 on the dom0 kernel command line when built in), then reboot',
        `the module option and the VIF IRQ placement written for you, ${hostConfigFix(f)}`,
        "permanent, bound to CPUs: a policy with threading: { model: 'kthread', bindToCpu: true } " +
          '(netback-policy init policy.ts; netback-policy generate-patch policy.ts --tree <kernel tree>)',
      ],
    });
  }
  // The seed's lock: present in every pvops netback from the 2009 import to March 2011.
  out.push({
    id: 'netback-static-lock',
    severity: 'warning',
    score: mode?.mode === 'kthread' ? 55 : 35,
    title: "every netback group serialises on netif_idx_release()'s function-static _lock",
    evidence: [
      `kernel ${f.release}: pvops netback declares static DEFINE_SPINLOCK(_lock) in netif_idx_release(), ` +
        `shared by all ${f.onlineCpus?.length ?? 'per-CPU'} groups`,
      mode?.mode === 'kthread'
        ? 'kthread mode runs the groups in parallel, so they contend on it'
        : 'with tasklets the contention is hidden behind the CPU0 bottleneck; it appears once work is spread',
    ],
    fix: [
      'confirm in your tree: netback-policy lint-source <kernel tree>/drivers/xen/netback',
      "patch it: a policy with locks: { idxRelease: 'per-group' } " +
        '(netback-policy generate-patch policy.ts --tree <kernel tree>)',
    ],
  });
  return out;
};
