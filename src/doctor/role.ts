/*
 * Is this host a Xen dom0 running netback at all? The doctor says so at the top when it is not,
 * and generate-host-config warns, instead of either giving a clean bill of health.
 */
import { showPath, type HostFacts } from './host.js';

/** Why this host is not a netback dom0; empty when nothing says it is not. */
export function notDom0Reasons(f: HostFacts): string[] {
  const out: string[] = [];
  const caps = showPath(f.root, '/proc/xen/capabilities');
  if (f.dom0 === undefined) out.push(`${caps} is missing: not running on Xen (or xenfs is not mounted)`);
  else if (!f.dom0) out.push(`${caps} does not say control_d: a Xen guest, not dom0`);
  const cfg = f.config?.text;
  if (cfg !== undefined && !/^CONFIG_XEN=y$/m.test(cfg)) {
    out.push(`CONFIG_XEN is not set in the running config (${f.config!.shown})`);
  }
  const backend = cfg !== undefined && /^CONFIG_XEN_NETDEV_BACKEND=[ym]$/m.test(cfg);
  if (!f.netbackLoaded && !backend) {
    const also = cfg !== undefined ? ' and the config has no CONFIG_XEN_NETDEV_BACKEND' : '';
    out.push(`no xen_netback: ${showPath(f.root, '/sys/module/xen_netback')} is missing${also}`);
  }
  return out;
}

/** netback is compiled into the running kernel (module parameters then go on the command line). */
export function netbackBuiltIn(f: HostFacts): boolean {
  return /^CONFIG_XEN_NETDEV_BACKEND=y$/m.test(f.config?.text ?? '');
}

/** The doctor's pointer to the run-time route, for the diagnoses it can fix without a rebuild. */
export function hostConfigFix(f: HostFacts): string {
  const root = f.root === '/' ? '' : ` --root ${f.root}`;
  const cmd = `netback-policy init policy.ts && netback-policy generate-host-config policy.ts${root} --out host-config`;
  return `at run time, no kernel rebuild: ${cmd} (then follow host-config/HOWTO.md)`;
}
