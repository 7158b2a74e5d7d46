/*
 * The patches of the upstream groups era (2.6.39 to 3.11): `struct xen_netbk` groups inside
 * netback.c, one kthread each, created and bound in netback_init(); vifs join a group in
 * xen_netbk_add_xenvif(). One change per knob; each re-finds its anchors by name in the working
 * copy, so any prefix of the series builds.
 */
import { indentAt } from '../patch/c-text.js';
import { type Edit, applyEdits, deleteSpan, insertAt, replaceSpan } from '../patch/edit.js';
import { findFunction, findStatement, findStatements, findStruct, hasFunction } from '../patch/locate.js';
import type { Workspace } from '../patch/tree.js';
import type { KernelApis } from './upstream-apis.js';
import type { GroupsSpec } from './upstream-common.js';
import { beforeFunction, includeAfter } from './upstream-edit.js';
import { UPSTREAM } from './upstream-files.js';
import { render } from './upstream-render.js';
import type { Change } from './target.js';

const SUBSYSTEM = 'xen-netback';
const FILE = UPSTREAM.netback;
const GROUP_NR = /^xen_netbk_group_nr = num_online_cpus\(\);$/;
const BIND = /^kthread_bind\(netbk->task, group\);$/;

/**
 * The stored group CPU (docs/cpu-model.md) unless an earlier patch added it: xen_netbk_group_cpu()
 * above xen_netbk_add_xenvif(), a cpu member in struct xen_netbk, set once per group in
 * netback_init(), and <linux/cpu.h> for the hotplug lock. `rebind`: a thread bound by group number
 * moves to the stored CPU too (when no binding patch of the series does it).
 */
function groupCpuEdits(ws: Workspace, apis: KernelApis, rebind: boolean): Edit[] {
  const src = ws.c(FILE);
  if (hasFunction(src, 'xen_netbk_group_cpu')) return [];
  const edits: Edit[] = [];
  const inc = includeAfter(src, 'linux/kthread.h', 'linux/cpu.h');
  if (inc) edits.push(insertAt(inc.at, inc.text));
  const s = findStruct(src, 'xen_netbk');
  edits.push(
    insertAt(
      s.close,
      '\n\t/* Its CPU, chosen once by netback_init(): thread and IRQs use it. */\n\tunsigned int cpu;\n',
    ),
  );
  edits.push(
    insertAt(
      beforeFunction(src, findFunction(src, 'xen_netbk_add_xenvif')),
      render('groups/group-cpu.c', { lock: apis.hotplugLock, unlock: apis.hotplugUnlock }),
    ),
  );
  const init = findFunction(src, 'netback_init');
  const decl = findStatement(
    src,
    init,
    /^struct xen_netbk \*netbk = &xen_netbk\[group\];$/,
    'struct xen_netbk *netbk = &xen_netbk[group];',
  );
  edits.push(insertAt(decl.end, `\n${indentAt(src.text, decl.start)}netbk->cpu = xen_netbk_group_cpu(group);\n`));
  const bind = rebind ? findStatements(src, init, BIND)[0] : undefined;
  if (bind)
    edits.push(
      replaceSpan(
        bind,
        render('groups/bind.c', {
          indent: indentAt(src.text, bind.start),
          lock: apis.hotplugLock,
          unlock: apis.hotplugUnlock,
        }),
      ),
    );
  return edits;
}

/** The paragraph on the stored group CPU, for the change that adds it ('' when the tree has it). */
export function groupCpuMessage(netback: string, users: { bind: boolean; irq: boolean }): string {
  if (/\bxen_netbk_group_cpu\s*\(/.test(netback)) return '';
  return render('groups/group-cpu.msg', { bind: users.bind, both: users.bind && users.irq }).trimEnd();
}

/** threading.groups (not 'online-cpus', which is what the era does). */
export function groupsChange(spec: Exclude<GroupsSpec, { kind: 'online' }>): Change {
  const ctx = spec.kind === 'divided' ? { divided: spec.n } : { fixed: spec.n };
  return {
    knob: 'threading.groups',
    slug: 'xen-netback-set-group-count-from-policy',
    subsystem: SUBSYSTEM,
    summary: spec.kind === 'divided' ? `create one group per ${spec.n} online CPUs` : `create at most ${spec.n} groups`,
    body: render('groups/groups.msg', spec.kind === 'divided' ? { ...ctx, onFour: Math.ceil(4 / spec.n) } : ctx),
    apply(ws: Workspace): void {
      const src = ws.c(FILE, 'threading.groups');
      const stmt = findStatement(
        src,
        findFunction(src, 'netback_init'),
        GROUP_NR,
        'xen_netbk_group_nr = num_online_cpus();',
      );
      ws.write(FILE, applyEdits(src.text, [replaceSpan(stmt, render('groups/groups.c', ctx))], FILE));
    },
  };
}

/** threading.bindToCpu true: bind group N to the N-th online CPU; false: do not bind. */
export function bindChange(apis: KernelApis, bind: boolean, groupCpu = ''): Change {
  return {
    knob: 'threading.bindToCpu',
    slug: bind ? 'xen-netback-bind-groups-to-online-cpus' : 'xen-netback-stop-binding-group-threads',
    subsystem: SUBSYSTEM,
    summary: bind ? 'bind group threads to online CPUs' : 'leave group threads unbound',
    body: render(bind ? 'groups/bind.msg' : 'groups/unbind.msg', { groupCpu }),
    apply(ws: Workspace): void {
      const src = ws.c(FILE, 'threading.bindToCpu');
      const init = findFunction(src, 'netback_init');
      const edits: Edit[] = [];
      if (!bind && !findStatements(src, init, BIND).length) {
        // The stored-CPU binding: hotplug lock, checked bind, unlock, and the blank line after.
        const lock = findStatement(src, init, new RegExp(`^${apis.hotplugLock}\\(\\);$`), `${apis.hotplugLock}();`);
        const unlock = findStatements(src, init, new RegExp(`^${apis.hotplugUnlock}\\(\\);$`)).find(
          (u) => u.start > lock.start,
        );
        if (!unlock) findStatement(src, init, /^$/, `${apis.hotplugUnlock}();`);
        const blank = src.text.startsWith('\n', unlock!.end) ? 1 : 0;
        ws.write(FILE, applyEdits(src.text, [deleteSpan({ start: lock.start, end: unlock!.end + blank })], FILE));
        return;
      }
      const stmt = findStatement(src, init, BIND, 'kthread_bind(netbk->task, group);');
      if (bind) {
        edits.push(...groupCpuEdits(ws, apis, false));
        const indent = indentAt(src.text, stmt.start);
        edits.push(
          replaceSpan(stmt, render('groups/bind.c', { indent, lock: apis.hotplugLock, unlock: apis.hotplugUnlock })),
        );
      } else {
        // The statement and the blank line that separates it from the next one.
        const blank = src.text.startsWith('\n', stmt.end) ? 1 : 0;
        edits.push(deleteSpan({ start: stmt.start, end: stmt.end + blank }));
      }
      ws.write(FILE, applyEdits(src.text, edits, FILE));
    },
  };
}

/** assignment 'round-robin': xen_netbk_add_xenvif() hands out groups in turn. */
export function roundRobinChange(): Change {
  return {
    knob: 'assignment',
    slug: 'xen-netback-assign-vifs-to-groups-round-robin',
    subsystem: SUBSYSTEM,
    summary: 'assign vifs to groups in turn',
    body: render('groups/round-robin.msg'),
    apply(ws: Workspace): void {
      const src = ws.c(FILE, 'assignment');
      const fn = findFunction(src, 'xen_netbk_add_xenvif');
      ws.write(
        FILE,
        applyEdits(src.text, [replaceSpan({ start: fn.start, end: fn.end }, render('groups/round-robin.c'))], FILE),
      );
    },
  };
}

/** irq.spread 'group-cpu': hint each vif's IRQ(s) at its group's CPU while it is in the group. */
export function irqAffinityChange(
  apis: KernelApis,
  irqs: string[],
  opts: { groupCpu: string; rebind: boolean },
): Change {
  return {
    knob: 'irq.spread',
    slug: 'xen-netback-hint-vif-interrupts-at-group-cpu',
    subsystem: SUBSYSTEM,
    summary: "hint each vif's interrupt at its group's CPU",
    body: render('groups/irq-affinity.msg', opts),
    apply(ws: Workspace): void {
      const src = ws.c(FILE, 'irq.spread');
      const add = findFunction(src, 'xen_netbk_add_xenvif');
      const remove = findFunction(src, 'xen_netbk_remove_xenvif');
      const edits = groupCpuEdits(ws, apis, opts.rebind);
      edits.push(insertAt(beforeFunction(src, add), render('groups/irq-affinity.c', { set: apis.hintSet, irqs })));
      const joined = findStatement(src, add, /^vif->netbk = netbk;$/, 'vif->netbk = netbk;');
      const ind = indentAt(src.text, joined.start);
      edits.push(insertAt(joined.end, `${ind}xen_netbk_set_irq_affinity(vif, netbk);\n`));
      const left = findStatement(src, remove, /^vif->netbk = NULL;$/, 'vif->netbk = NULL;');
      edits.push(insertAt(left.start, irqs.map((irq) => `${ind}${apis.hintClear}(vif->${irq}, NULL);\n`).join('')));
      ws.write(FILE, applyEdits(src.text, edits, FILE));
    },
  };
}
