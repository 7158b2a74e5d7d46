/*
 * The files of a run-time configuration, laid out as they install (etc/..., usr/local/...), with
 * a HOWTO that says for each how to install, verify and undo it. Text lives in templates/host/.
 */
import { render } from '../patch/templates.js';
import type { HostDecision, KnobRow, Route } from './decide.js';

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

interface Section {
  path: string;
  what: string;
  install: string;
  verify: string;
  undo: string;
}

const HOW: Record<Route, string> = {
  'module-parameter': 'module parameter',
  placement: 'placement program',
  already: 'already so',
  'needs-patch': '**needs a kernel patch: `generate-patch`**',
  'not-available': 'not available on this kernel',
  'not-applicable': 'does not apply on this kernel',
};

const code = (s: string) => `\`${s}\``;

function paramSection(d: HostDecision, built: boolean, files: Map<string, string>, policyName: string): Section | undefined {
  if (!d.params.length) return undefined;
  const assigns = d.params.map(([k, v]) => `${k}=${v}`);
  const verify = d.params.map(([k, v]) =>
    k === 'netback_kthread'
      ? `${code('grep -l "^netback/" /proc/[0-9]*/comm')} lists ${v === '1' ? 'one netback/N thread per group' : 'nothing'} (pvops hides the parameter from /sys)`
      : `${code(`cat /sys/module/xen_netback/parameters/${k}`)} prints ${v}`,
  );
  const runtime = d.params.find(([k]) => k === 'max_queues');
  const now = runtime ? `; now, for VIFs that connect later: ${code(`echo ${runtime[1]} > /sys/module/xen_netback/parameters/max_queues`)}` : '';
  if (built) {
    files.set('kernel-cmdline.txt', assigns.map((a) => `xen_netback.${a}`).join(' ') + '\n');
    return {
      path: 'kernel-cmdline.txt',
      what: 'netback is built into this kernel, so its parameters go on the dom0 Linux command line.',
      install: `add the line to GRUB_CMDLINE_LINUX in /etc/default/grub (dom0's Linux line, not GRUB_CMDLINE_XEN), ${code('update-grub')}, reboot${now}`,
      verify: `${code('cat /proc/cmdline')} shows it; ${verify.join('; ')}`,
      undo: `remove it from /etc/default/grub, ${code('update-grub')}, reboot`,
    };
  }
  const path = 'etc/modprobe.d/netback-policy.conf';
  files.set(path, render('host/modprobe.conf.hbs', { policyName, params: assigns }));
  return {
    path,
    what: `xen-netback module parameters: ${assigns.join(' ')}.`,
    install: `${code(`install -m 644 ${path} /${path}`)}; applies when xen-netback loads (reboot, or with no guest running ${code('modprobe -r xen-netback && modprobe xen-netback')})${now}`,
    verify: verify.join('; '),
    undo: `${code(`rm /${path}`)}, then reboot`,
  };
}

function placementSections(d: HostDecision, files: Map<string, string>, ctx: object): Section[] {
  if (!d.placeIrqs && !d.pinThreads) return [];
  const place = `usr/local/lib/netback-policy/place`;
  const hook = 'etc/xen/scripts/vif-post.d/netback-policy.hook';
  const unit = 'etc/systemd/system/netback-policy-place';
  files.set(place, render('host/place.sh.hbs', ctx));
  files.set(hook, render('host/hook.sh.hbs', ctx));
  files.set(`${unit}.service`, render('host/place.service.hbs', ctx));
  files.set(`${unit}.timer`, render('host/place.timer.hbs', ctx));
  const what = [d.placeIrqs && "each VIF queue's IRQs' affinity", d.pinThreads && "each queue's kernel threads"].filter(Boolean).join(' and ');
  const out: Section[] = [
    {
      path: place,
      what: `The placement program: sets ${what} to the policy's CPU (assignment ${d.assignment}), reports each change.`,
      install: code(`install -D -m 755 ${place} /${place}`),
      verify: `${code(`/${place}`)} then ${code(`/${place} --dry-run`)}: the second says "0 to change"`,
      undo: `${code(`rm /${place}`)}; IRQs and threads keep their placement until the VIF reconnects (or irqbalance, once no longer banned, moves the IRQs)`,
    },
    {
      path: hook,
      what:
        "Starts a placement for a VIF that comes up, once its frontend has connected (see below why it waits). vif-bridge, vif-route and vif-nat source it; vif-openvswitch and Xen tools without vif-post.d do not: there the timer's pass places new VIFs within a minute.",
      install: `${code(`install -D -m 755 ${hook} /${hook}`)} (Xen's call_hooks sources only executable *.hook files)`,
      verify: `start a guest, then ${code('journalctl -u netback-policy-place-vif<domid>.<n>')}`,
      undo: code(`rm /${hook}`),
    },
    {
      path: `${unit}.service, ${unit}.timer`,
      what: 'A placement pass at boot (after xendomains starts the guests), and every minute for reconnected VIFs.',
      install: `${code(`install -m 644 ${unit}.service ${unit}.timer /etc/systemd/system/`)}; ${code('systemctl daemon-reload && systemctl enable --now netback-policy-place.service netback-policy-place.timer')}`,
      verify: `${code('systemctl list-timers netback-policy-place.timer')}; ${code('journalctl -u netback-policy-place')}`,
      undo: `${code('systemctl disable --now netback-policy-place.timer netback-policy-place.service')}; remove both files; ${code('systemctl daemon-reload')}`,
    },
  ];
  if (d.irqbalance === 'ban') {
    const script = 'usr/local/lib/netback-policy/irqbalance-policy';
    const dropin = 'etc/systemd/system/irqbalance.service.d/netback-policy.conf';
    files.set(script, render('host/irqbalance-policy.sh.hbs', ctx));
    files.set(dropin, render('host/irqbalance.conf.hbs', ctx));
    out.push({
      path: `${script}, ${dropin}`,
      what:
        "Keeps irqbalance off the VIF queue IRQs: VIF IRQ numbers change at every connection, so --banirq cannot name them; irqbalance's --policyscript asks about each IRQ it discovers and the script answers ban=true for a VIF queue's. Needs irqbalance 1.0 or later (1.9.2 checked); older ones lack --policyscript: stop irqbalance instead.",
      install: `${code(`install -D -m 755 ${script} /${script}`)}; ${code(`install -D -m 644 ${dropin} /${dropin}`)}; ${code('systemctl daemon-reload && systemctl restart irqbalance')}`,
      verify: `${code('systemctl show -p ExecStart irqbalance')} shows --policyscript; ${code(`/${script} /sys x <a VIF IRQ>`)} prints ban=true`,
      undo: `remove both files; ${code('systemctl daemon-reload && systemctl restart irqbalance')}`,
    });
  }
  return out;
}

export function renderHostConfig(input: RenderInput): Map<string, string> {
  const d = input.decision;
  const files = new Map<string, string>();
  const ctx = {
    policyName: input.policyName,
    eraLabel: input.eraLabel,
    era: d.era,
    assignment: d.assignment,
    placeIrqs: d.placeIrqs ? 1 : 0,
    pinThreads: d.pinThreads ? 1 : 0,
    lib: LIB,
  };
  const sections = [paramSection(d, input.builtIn, files, input.policyName), ...placementSections(d, files, ctx)].filter(
    (s): s is Section => s !== undefined,
  );
  if (d.irqbalance === 'balance') {
    sections.push({
      path: '(irqbalance)',
      what: "The policy leaves VIF IRQs to irqbalance (irq.spread 'none'): no file, keep it running.",
      install: code('systemctl enable --now irqbalance'),
      verify: `${code('pgrep -x irqbalance')}; VIF rows of /proc/interrupts grow on several CPUs`,
      undo: code('systemctl disable --now irqbalance'),
    });
  }
  const patch = d.rows.filter((r: KnobRow) => r.route === 'needs-patch').map((r) => code(r.knob));
  files.set(
    HOWTO,
    render('host/HOWTO.md.hbs', {
      ...ctx,
      policyFile: input.policyFile,
      hostShown: input.hostShown,
      release: input.release,
      cpus: d.cpus.join(','),
      notDom0: input.notDom0.join('; '),
      rows: d.rows.map((r) => ({ ...r, how: HOW[r.route] })),
      patchKnobs: patch.join(', '),
      sections,
      placement: d.placeIrqs || d.pinThreads,
    }),
  );
  return files;
}
