/*
 * The files of a run-time configuration, laid out as they install (etc/..., usr/local/...), and a
 * HOWTO saying for each how to install, verify and undo it. The text lives in templates/host/.
 */
import { render } from '../patch/templates.js';
import type { HostDecision, Route } from './decide.js';

/** Where the programs install. */
export const LIB = '/usr/local/lib/netback-policy';
export const HOWTO = 'HOWTO.md';

export interface RenderInput {
  decision: HostDecision;
  policyName: string;
  policyFile: string;
  hostShown: string;
  release: string;
  eraLabel: string;
  notDom0: string[];
  builtIn: boolean;
}

const HOW: Record<Route, string> = {
  'module-parameter': 'module parameter',
  placement: 'placement program',
  already: 'already so',
  'needs-patch': '**needs a kernel patch: `generate-patch`**',
  'not-available': 'not available on this kernel',
  'not-applicable': 'does not apply on this kernel',
};

/** The module parameters: a modprobe.d fragment, or the command line when netback is built in. */
function paramFiles(d: HostDecision, input: RenderInput, files: Map<string, string>) {
  const assigns = d.params.map(([k, v]) => `${k}=${v}`);
  const cmdline = input.builtIn && assigns.length ? assigns.map((a) => `xen_netback.${a}`).join(' ') : '';
  const modprobe = !input.builtIn && assigns.length ? `options xen-netback ${assigns.join(' ')}` : '';
  if (cmdline) files.set('kernel-cmdline.txt', `${cmdline}\n`);
  if (modprobe) {
    files.set(
      'etc/modprobe.d/netback-policy.conf',
      render('host/modprobe.conf.hbs', { policyName: input.policyName, modprobe }),
    );
  }
  const kthread = d.params.find(([k]) => k === 'netback_kthread')?.[1];
  return {
    cmdline,
    modprobe,
    kthread: kthread === '1',
    tasklets: kthread === '0',
    maxQueues: d.params.find(([k]) => k === 'max_queues')?.[1] ?? '',
  };
}

export function renderHostConfig(input: RenderInput): Map<string, string> {
  const d = input.decision;
  const files = new Map<string, string>();
  const ctx = {
    policyName: input.policyName,
    era: d.era,
    assignment: d.assignment,
    placeIrqs: d.placeIrqs ? 1 : 0,
    pinThreads: d.pinThreads ? 1 : 0,
    lib: LIB,
  };
  const placement = d.placeIrqs || d.pinThreads;
  if (placement) {
    files.set('usr/local/lib/netback-policy/place', render('host/place.sh.hbs', ctx));
    files.set('etc/xen/scripts/vif-post.d/netback-policy.hook', render('host/hook.sh.hbs', ctx));
    files.set('etc/systemd/system/netback-policy-place.service', render('host/place.service.hbs', ctx));
    files.set('etc/systemd/system/netback-policy-place.timer', render('host/place.timer.hbs', ctx));
  }
  const ban = placement && d.irqbalance === 'ban';
  if (ban) {
    files.set('usr/local/lib/netback-policy/irqbalance-policy', render('host/irqbalance-policy.sh.hbs', ctx));
    files.set('etc/systemd/system/irqbalance.service.d/netback-policy.conf', render('host/irqbalance.conf.hbs', ctx));
  }
  const what = [d.placeIrqs && "each VIF queue's IRQs' affinity", d.pinThreads && "each queue's kernel threads"];
  files.set(
    HOWTO,
    render('host/HOWTO.md.hbs', {
      ...ctx,
      ...paramFiles(d, input, files),
      eraLabel: input.eraLabel,
      policyFile: input.policyFile,
      hostShown: input.hostShown,
      release: input.release,
      cpus: d.cpus.join(','),
      notDom0: input.notDom0.join('; '),
      rows: d.rows.map((r) => ({ ...r, how: HOW[r.route] })),
      patchKnobs: d.rows
        .filter((r) => r.route === 'needs-patch')
        .map((r) => `\`${r.knob}\``)
        .join(', '),
      placement,
      placeWhat: what.filter(Boolean).join(' and '),
      ban,
      balance: d.irqbalance === 'balance',
    }),
  );
  return files;
}
