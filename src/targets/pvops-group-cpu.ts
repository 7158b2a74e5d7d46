/*
 * Each group's CPU on the pvops driver (docs/cpu-model.md): netbk_group_cpu() maps group g to the
 * g-th online CPU, netback_init() calls it once per group and stores the result in the group
 * (`netbk->cpu`), and both the thread binding and the IRQ code use that stored CPU, so they never
 * disagree. The first change that needs a group's CPU sets this up; unbinding removes it again
 * when nothing else reads it.
 */
import type { KernelTree, Workspace } from '../patch/tree.js';
import { cText, indentAt, type CText } from '../patch/c-text.js';
import type { Edit } from '../patch/edit.js';
import {
  findFileStatement,
  findFunction,
  findStatement,
  findStatements,
  findStruct,
  normalized,
  withLeadingComment,
  type Block,
  type Span,
} from '../patch/locate.js';
import { includeAfter } from './upstream-edit.js';
import { PVOPS } from './pvops-files.js';
import { T, editFile, groupLoop, hasGroupCpuHelper } from './pvops-edits.js';

const DECL = /^struct xen_netbk \*(\w+) = &xen_netbk\[(\w+)\];$/;
const STORED = /^\w+->cpu = netbk_group_cpu\(\w+\);$/;
const BIND = /^kthread_bind\s*\(\s*([^,]+?)\s*,\s*(\w+)\s*\)\s*;$/;
const WAKE = /^wake_up_process\s*\(\s*([^)]+?)\s*\)\s*;$/;
const MAX = 80; // this era's checkpatch

function columns(line: string): number {
  let col = 0;
  for (const ch of line) col = ch === '\t' ? (col + 8) & ~7 : col + 1;
  return col;
}

/** Who uses the stored group CPU in this series: the thread binding, the IRQ code, or both. */
export interface GroupCpuUsers {
  bind: boolean;
  irq: boolean;
}

/** The paragraph on the stored group CPU, for the change that sets it up ('' when the tree has it). */
export function groupCpuMessage(nb: CText, tree: KernelTree, users: GroupCpuUsers): string {
  const common = tree.read(PVOPS.common);
  if (
    common !== undefined &&
    hasGroupCpuHelper(cText(PVOPS.common, common)) &&
    findStatements(nb, groupLoop(nb).loop, STORED).length
  )
    return '';
  return T('group-cpu.msg.hbs', { bind: users.bind, both: users.bind && users.irq }).trimEnd();
}

/** The group's variable (`netbk`) and counter (`group`) in netback_init()'s loop. */
export function loopNames(src: CText, loop: Block): { netbk: string; group: string; decl: Span } {
  const decl = findStatement(src, loop, DECL, 'struct xen_netbk *netbk = &xen_netbk[group];');
  const [, netbk, group] = DECL.exec(normalized(src, decl))!;
  return { netbk: netbk!, group: group!, decl };
}

/**
 * `task` bound to the stored CPU and woken, under the hotplug lock so that the CPU cannot go
 * away between the check and the wake-up (a CPU gone since netback_init() chose it is skipped).
 */
export function bindStored(indent: string, task: string, netbk: string): string {
  let bind = `${indent}\tkthread_bind(${task}, ${netbk}->cpu);`;
  if (columns(bind) > MAX) bind = `${indent}\tkthread_bind(${task},\n${indent}\t\t     ${netbk}->cpu);`;
  return [
    `${indent}get_online_cpus();`,
    `${indent}if (cpu_online(${netbk}->cpu))`,
    bind,
    `${indent}wake_up_process(${task});`,
    `${indent}put_online_cpus();`,
    '',
  ].join('\n');
}

/** Edits binding the loop's thread to the stored CPU: the bind by group number, or none yet. */
export function bindEdits(src: CText, loop: Block, netbk: string): Edit[] {
  const stmts = findStatements(src, loop, /[\s\S]/);
  const wakeAt = stmts.findIndex((s) => WAKE.test(normalized(src, s)));
  if (wakeAt < 0) findStatement(src, loop, WAKE, 'wake_up_process(task);');
  const wake = stmts[wakeAt]!;
  const task = WAKE.exec(normalized(src, wake))![1]!;
  const before = stmts[wakeAt - 1];
  const bind = before && BIND.exec(normalized(src, before));
  const start = bind ? withLeadingComment(src, before.start) : wake.start;
  return [{ start, end: wake.end, text: bindStored(indentAt(src.text, wake.start), task, netbk) }];
}

/** Whether netback_init() binds a group's thread by group number (CPU id N). */
export function bindsById(nb: CText): boolean {
  const { loop } = groupLoop(nb);
  const { group } = loopNames(nb, loop);
  return findStatements(nb, loop, BIND).some((b) => BIND.exec(normalized(nb, b))![2] === group);
}

/** Sets up the stored group CPU unless the working copy has it; a bind by number moves to it. */
export function ensureGroupCpu(ws: Workspace): void {
  if (!hasGroupCpuHelper(ws.c(PVOPS.common))) {
    editFile(ws, PVOPS.common, (src) => {
      const at = findFileStatement(src, /^extern int xen_netbk_group_nr\s*;/, 'extern int xen_netbk_group_nr;');
      const s = findStruct(src, 'xen_netbk');
      const inc = includeAfter(src, 'linux/kthread.h', 'linux/cpu.h');
      return [
        ...(inc ? [{ start: inc.at, end: inc.at, text: inc.text }] : []),
        { start: s.close, end: s.close, text: `${T('group-cpu-member.c.hbs')}` },
        { start: at.end, end: at.end, text: T('group-cpu-helper.c.hbs') },
      ];
    });
  }
  const nb = ws.c(PVOPS.netback);
  const { loop } = groupLoop(nb);
  if (findStatements(nb, loop, STORED).length) return;
  editFile(ws, PVOPS.netback, (src) => {
    const { loop: l } = groupLoop(src);
    const { netbk, group, decl } = loopNames(src, l);
    const edits: Edit[] = [
      {
        start: decl.end,
        end: decl.end,
        text: `\n${indentAt(src.text, decl.start)}${netbk}->cpu = netbk_group_cpu(${group});\n`,
      },
    ];
    if (bindsById(src)) edits.push(...bindEdits(src, l, netbk));
    return edits;
  });
}

/** After unbinding: the stored CPU, its helper and member go when no IRQ code reads them. */
export function dropGroupCpuIfUnused(ws: Workspace): void {
  if (ws.has(PVOPS.interface) && /\.cpu\b|netbk_group_cpu\s*\(/.test(ws.c(PVOPS.interface).masked)) return;
  const nb = ws.c(PVOPS.netback);
  const stored = findStatements(nb, groupLoop(nb).loop, STORED);
  if (stored.length) {
    editFile(ws, PVOPS.netback, (src) => {
      const st = findStatements(src, groupLoop(src).loop, STORED)[0]!;
      const blank = src.text.slice(st.start - 2, st.start) === '\n\n' ? 1 : 0;
      return [{ start: st.start - blank, end: st.end, text: '' }];
    });
  }
  if (!hasGroupCpuHelper(ws.c(PVOPS.common))) return;
  editFile(ws, PVOPS.common, (c) => {
    const fn = findFunction(c, 'netbk_group_cpu');
    const start = withLeadingComment(c, fn.start);
    const blankBefore = start > 1 && c.text.slice(start - 2, start) === '\n\n';
    const edits: Edit[] = [{ start: blankBefore ? start - 1 : start, end: fn.end, text: '' }];
    const s = findStruct(c, 'xen_netbk');
    const member = /\n(\t\/\*[^\n]*\*\/\n)?\tunsigned int cpu;\n/.exec(c.text.slice(s.open, s.close));
    if (member) edits.push({ start: s.open + member.index, end: s.open + member.index + member[0].length, text: '' });
    const inc = /^#include <linux\/cpu\.h>\n/m.exec(c.text);
    if (inc && !/\b(get|put)_online_cpus\s*\(/.test(c.masked.slice(0, fn.start) + c.masked.slice(fn.end))) {
      edits.push({ start: inc.index, end: inc.index + inc[0].length, text: '' });
    }
    return edits;
  });
}
