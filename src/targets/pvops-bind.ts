/*
 * threading.bindToCpu on the pvops driver. true: bind group n's thread to the n-th online CPU
 * (2.6.32 binds it to CPU id n, wrong when CPU ids have holes). false: do not bind at all and
 * let the scheduler place the threads, as upstream netback does from 3.12 on. Each direction
 * undoes the other, so a tree can be moved between the two by policy.
 */
import type { Policy } from '../dsl/policy.js';
import type { KernelTree, Workspace } from '../patch/tree.js';
import { cText } from '../patch/c-text.js';
import { findCall, findStatement, findStatements, withLeadingComment } from '../patch/locate.js';
import { NetbackError } from '../core/errors.js';
import type { Plan } from './target.js';
import { PVOPS } from './pvops-files.js';
import { editFile, groupLoop } from './pvops-edits.js';
import { pvopsPatch } from './pvops-patches.js';
import { bindEdits, dropGroupCpuIfUnused, ensureGroupCpu, groupCpuMessage, loopNames } from './pvops-group-cpu.js';

const BIND = /^kthread_bind\s*\(/;
/** A thread bound to its group's stored CPU (the checked bind ensureGroupCpu() writes). */
const STORED_BIND = /^if \(cpu_online\(\w+->cpu\)\) kthread_bind\([^,]+, \w+->cpu\);$/;
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
    if (!binds.length && !findStatements(nb, loop, STORED_BIND).length) {
      plan.notes.push('threading.bindToCpu: group threads are not bound; the scheduler places them; no patch');
      return;
    }
    plan.changes.push(pvopsPatch('unbind', unbind));
    return;
  }
  if (findStatements(nb, loop, STORED_BIND).length) {
    plan.notes.push('threading.bindToCpu: group threads are already bound to the n-th online CPU; no patch');
    return;
  }
  const groupCpu = groupCpuMessage(nb, tree, { bind: true, irq: policy.irq?.spread === 'group-cpu' });
  plan.changes.push(pvopsPatch(binds.length ? 'bind' : 'bind-unbound', bindToStoredCpu, { groupCpu }));
}

/** The binding's edits: the stored CPU (which moves a thread bound by group number to it), else a bind to it. */
function bindToStoredCpu(ws: Workspace): void {
  ensureGroupCpu(ws);
  const nbNow = ws.c(PVOPS.netback);
  if (findStatements(nbNow, groupLoop(nbNow).loop, STORED_BIND).length) return;
  editFile(ws, PVOPS.netback, (src) => {
    const { loop: l } = groupLoop(src);
    const b = findStatements(src, l, BIND)[0];
    if (b)
      throw new NetbackError('anchor-missing', "kthread_bind() in netback_init() is not 'kthread_bind(task, group)'", {
        file: src.path,
      });
    return bindEdits(src, l, loopNames(src, l).netbk);
  });
}

function unbind(ws: Workspace): void {
  editFile(ws, PVOPS.netback, (src) => {
    const { loop } = groupLoop(src);
    const b = findStatements(src, loop, BIND)[0];
    if (b) return [{ start: withLeadingComment(src, b.start), end: b.end, text: '' }];
    // The stored-CPU shape: lock, checked bind, wake, unlock → the wake alone.
    const lock = findStatement(src, loop, /^get_online_cpus\(\);$/, 'get_online_cpus();');
    const unlock = findStatements(src, loop, /^put_online_cpus\(\);$/).find((u) => u.start > lock.start)!;
    const wake = findStatements(src, loop, WAKE).find((w) => w.start > lock.start && w.end <= unlock.start);
    if (!wake) findCall(src, loop, 'wake_up_process');
    return [{ start: lock.start, end: unlock.end, text: src.text.slice(wake!.start, wake!.end) }];
  });
  // netbk_group_cpu() and the stored CPU may now have no user left: dead code in review.
  dropGroupCpuIfUnused(ws);
}
