/*
 * The patches the pvops series can hold, in series order: the knob each serves, its file slug
 * and its subject. A patch's name is also the stem of its commit-message template
 * (templates/pvops-2.6.32/<name>.msg.hbs) unless `msg` names another.
 */
import type { Workspace } from '../patch/tree.js';
import type { Change, Knob } from './target.js';
import { T } from './pvops-edits.js';

interface PatchWords {
  knob: Knob;
  slug: string;
  summary: string;
  /** The subject's prefix when not `xen/netback`. */
  subsystem?: string;
  /** The message template's stem when not the patch's name. */
  msg?: string;
}

const PATCHES = {
  'irq-export': {
    knob: 'irq.export',
    slug: 'genirq-export-irq-set-affinity',
    summary: 'Export irq_set_affinity() to modules',
    subsystem: 'genirq',
  },
  'idx-release': {
    knob: 'locks.idxRelease',
    slug: 'xen-netback-make-the-idx-release-lock-per-group',
    summary: 'Make the netif_idx_release() lock per group',
  },
  'wake-order': {
    knob: 'threading.model',
    slug: 'xen-netback-set-up-a-group-before-waking-its-thread',
    summary: 'Set up each group before waking its thread',
  },
  groups: {
    knob: 'threading.groups',
    slug: 'xen-netback-set-the-number-of-groups',
    summary: 'Create fewer groups than online CPUs',
  },
  'groups-per-cpu': {
    knob: 'threading.groups',
    slug: 'xen-netback-set-the-number-of-groups',
    summary: 'Create one group per online CPU',
    msg: 'groups',
  },
  bind: {
    knob: 'threading.bindToCpu',
    slug: 'xen-netback-bind-group-threads-to-online-cpus',
    summary: 'Bind group threads to online CPUs',
  },
  'bind-unbound': {
    knob: 'threading.bindToCpu',
    slug: 'xen-netback-bind-group-threads-to-online-cpus',
    summary: 'Bind each group thread to an online CPU',
  },
  unbind: {
    knob: 'threading.bindToCpu',
    slug: 'xen-netback-let-the-scheduler-place-group-threads',
    summary: 'Do not bind group threads to CPUs',
  },
  kthread: {
    knob: 'threading.model',
    slug: 'xen-netback-use-kernel-threads-by-default',
    summary: 'Use kernel threads by default',
  },
  tasklet: {
    knob: 'threading.model',
    slug: 'xen-netback-use-tasklets-by-default',
    summary: 'Use tasklets by default',
  },
  'kthread-only': {
    knob: 'threading.model',
    slug: 'xen-netback-remove-the-tasklet-mode',
    summary: 'Remove the tasklet mode, deprecate netback_kthread',
  },
  'assign-round-robin': {
    knob: 'assignment',
    slug: 'xen-netback-assign-vifs-to-groups-round-robin',
    summary: 'Assign VIFs to groups round-robin',
  },
  'assign-least-loaded': {
    knob: 'assignment',
    slug: 'xen-netback-assert-rtnl-in-least-loaded-assignment',
    summary: 'Assert RTNL around least-loaded group selection',
  },
  'irq-spread': {
    knob: 'irq.spread',
    slug: 'xen-netback-point-vif-irqs-at-their-group-cpu',
    summary: "Point each VIF's IRQ at its group's CPU",
  },
} satisfies Record<string, PatchWords>;

export type PatchName = keyof typeof PATCHES;

/** Patch `name` of the series: its words from the table, its message rendered with `ctx`, its edits. */
export function pvopsPatch(name: PatchName, apply: (ws: Workspace) => void, ctx: object = {}): Change {
  const p: PatchWords = PATCHES[name];
  return {
    knob: p.knob,
    slug: p.slug,
    subsystem: p.subsystem ?? 'xen/netback',
    summary: p.summary,
    body: T(`${p.msg ?? name}.msg.hbs`, ctx),
    apply,
  };
}
