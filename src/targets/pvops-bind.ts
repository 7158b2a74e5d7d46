/*
 * threading.bindToCpu on the pvops driver. true: bind group n's thread to the n-th online CPU
 * (2.6.32 binds it to CPU id n, wrong when CPU ids have holes). false: do not bind at all and
 * let the scheduler place the threads, as upstream netback does from 3.12 on. Each direction
 * undoes the other, so a tree can be moved between the two by policy.
 */
import type { Policy } from '../dsl/policy.js';
import type { KernelTree, Workspace } from '../patch/tree.js';
import { cText, type CText } from '../patch/c-text.js';
import { findCall, findFunction, findStatements, normalized, withLeadingComment, type Block } from '../patch/locate.js';
import { NetbackError } from '../core/errors.js';
import type { Plan } from './target.js';
import { PVOPS } from './pvops-files.js';
import { T, editFile, ensureGroupCpuHelper, groupLoop } from './pvops-edits.js';

const BIND = /^kthread_bind\s*\(/;
const WAKE = /^wake_up_process\s*\(\s*([^)]+?)\s*\)\s*;$/;

export function planBind(policy: Policy, tree: KernelTree, plan: Plan): void {
  const bind = policy.threading?.bindToCpu;
  if (bind === undefined) return;
  if (!bind && policy.threading?.model === 'tasklet') {
    plan.notes.push('threading.bindToCpu: tasklets run on the CPU that scheduled them and are never bound; no patch');
    return;
  }
  const nb = cText(PVOPS.netback, tree.require(PVOPS.netback, 'threading.bindToCpu'));
  const { loop } = groupLoop(nb);
  const binds = findStatements(nb, loop, BIND);
  if (!bind) {
    if (!binds.length) {
      plan.notes.push('threading.bindToCpu: group threads are not bound; the scheduler places them; no patch');
      return;
    }
    plan.changes.push({
      knob: 'threading.bindToCpu',
      slug: 'xen-netback-let-the-scheduler-place-group-threads',
      subsystem: 'xen/netback',
      summary: 'Do not bind group threads to CPUs',
      body: T('unbind.msg.hbs'),
      apply: (ws) => unbind(ws),
    });
    return;
  }
  if (binds.length && /\bnetbk_group_cpu\s*\(/.test(normalized(nb, binds[0]!))) {
    plan.notes.push('threading.bindToCpu: group threads are already bound to the n-th online CPU; no patch');
    return;
  }
  plan.changes.push({
    knob: 'threading.bindToCpu',
    slug: 'xen-netback-bind-group-threads-to-online-cpus',
    subsystem: 'xen/netback',
    summary: binds.length ? 'Bind group threads to online CPUs' : 'Bind each group thread to an online CPU',
    body: T(binds.length ? 'bind.msg.hbs' : 'bind-unbound.msg.hbs'),
    apply(ws) {
      ensureGroupCpuHelper(ws);
      editFile(ws, PVOPS.netback, (src) => {
        const { loop: l } = groupLoop(src);
        const b = findStatements(src, l, BIND)[0];
        if (!b) return [insertBind(src, l)];
        const old = src.text.slice(b.start, b.end);
        const next = old.replace(/kthread_bind\s*\(([^,]+),\s*(\w+)\s*\)/, 'kthread_bind($1, netbk_group_cpu($2))');
        if (next === old) throw new NetbackError('anchor-missing', "kthread_bind() in netback_init() is not 'kthread_bind(task, group)'", { file: src.path });
        return [{ start: b.start, end: b.end, text: next }];
      });
    },
  });
}

/** `kthread_bind(task, netbk_group_cpu(group));` just before the loop's `wake_up_process(task);`. */
function insertBind(src: CText, loop: Block) {
  const wake = findStatements(src, loop, WAKE)[0];
  if (!wake) findCall(src, loop, 'wake_up_process'); // throws the documented anchor error
  const task = WAKE.exec(normalized(src, wake!))![1]!;
  const group = /^\s*(?:int\s+)?(\w+)\s*=/.exec(src.masked.slice(src.masked.lastIndexOf('(', loop.open) + 1))?.[1] ?? 'group';
  const indent = /^[ \t]*/.exec(src.text.slice(wake!.start))![0];
  return { start: wake!.start, end: wake!.start, text: `${indent}kthread_bind(${task}, netbk_group_cpu(${group}));\n` };
}

function unbind(ws: Workspace): void {
  editFile(ws, PVOPS.netback, (src) => {
    const b = findStatements(src, groupLoop(src).loop, BIND)[0]!;
    return [{ start: withLeadingComment(src, b.start), end: b.end, text: '' }];
  });
  // netbk_group_cpu() may now have no user left; an unused helper is dead code in review.
  const users = [PVOPS.netback, PVOPS.interface].some((f) => ws.has(f) && /\bnetbk_group_cpu\s*\(/.test(ws.c(f).masked));
  const h = ws.c(PVOPS.common);
  if (users || !/\bnetbk_group_cpu\s*\(/.test(h.masked)) return;
  editFile(ws, PVOPS.common, (c) => {
    const fn = findFunction(c, 'netbk_group_cpu');
    const start = withLeadingComment(c, fn.start);
    const blankBefore = start > 1 && c.text.slice(start - 2, start) === '\n\n';
    return [{ start: blankBefore ? start - 1 : start, end: fn.end, text: '' }];
  });
}
