/*
 * threading.model 'kthread' with keepTaskletOption: false: remove the tasklet mode from the pvops
 * driver. The netback_kthread parameter stays, deprecated and ignored (an unknown parameter fails
 * the load on 2.6.32), the tasklet/kthread union in struct xen_netbk
 * becomes the kthread struct alone (members keep their names, so code that uses them is
 * untouched), xen_netbk_bh_handler() only wakes the thread, and every `if (MODPARM_netback_kthread)`
 * keeps its kthread branch. Anything tasklet-shaped left over is an error, not a silent patch.
 */
import type { KernelTree, Workspace } from '../patch/tree.js';
import { cText, lineEnd, lineStart, matchBracket, type CText } from '../patch/c-text.js';
import {
  findFileStatement,
  findFileStatements,
  findFunction,
  findModuleParam,
  findStatements,
  findStruct,
  normalized,
  paramNames,
  withLeadingComment,
  type Span,
} from '../patch/locate.js';
import { NetbackError } from '../core/errors.js';
import type { Edit } from '../patch/edit.js';
import type { Plan } from './target.js';
import { PVOPS } from './pvops-files.js';
import { T, editFile } from './pvops-edits.js';
import { pvopsPatch } from './pvops-patches.js';
import { foldConstant } from './pvops-unwrap.js';

const PARAM = 'MODPARM_netback_kthread';
const DECL = /^static (int|bool) MODPARM_netback_kthread\b/;
const DESC = /^MODULE_PARM_DESC\s*\(\s*netback_kthread\s*,/;
const TASKLET = /\btasklet_(init|schedule|kill|disable|enable)\s*\(|->\s*tasklet\s*\./;

/** Whether netback.c and common.h still carry any tasklet mode. */
export function hasTaskletMode(nb: CText, common: CText): boolean {
  return findFileStatements(nb, DECL).length > 0 || TASKLET.test(nb.masked) || /\}\s*tasklet\s*;/.test(common.masked);
}

/** Plans the removal; the caller has checked that the tree still has a tasklet mode. */
export function planKthreadOnly(tree: KernelTree, plan: Plan): void {
  const nb = cText(PVOPS.netback, tree.require(PVOPS.netback, 'threading.keepTaskletOption'));
  if (!findFileStatements(nb, DECL).length) {
    plan.refusals.push({
      knob: 'threading.model',
      message: `tasklet code is left in ${PVOPS.netback} but there is no ${PARAM} to tell the two modes apart`,
      hint: 'remove the tasklet leftovers by hand, or leave keepTaskletOption out',
    });
    return;
  }
  plan.changes.push(pvopsPatch('kthread-only', removeTaskletMode, { alert: hasWrongAlert(nb.text) }));
}

/** The removal's edits (see above); tasklet code it does not know is an error, not left behind. */
function removeTaskletMode(ws: Workspace): void {
  editFile(ws, PVOPS.common, (h) => [unionToKthread(h)]);
  editFile(ws, PVOPS.netback, (src) => [...dropParam(src), bhHandler(src)]);
  const folded = foldConstant(ws.c(PVOPS.netback), PARAM, true);
  const left = TASKLET.exec(cText(PVOPS.netback, folded).masked);
  if (left) {
    const line = folded.slice(0, left.index).split('\n').length;
    throw new NetbackError(
      'anchor-missing',
      `tasklet code outside the netback_kthread branches at line ${line}: ${left[0]}`,
      {
        file: PVOPS.netback,
        hint: 'this tree has tasklet code the removal does not know; remove it by hand or keep the tasklet option',
      },
    );
  }
  ws.write(PVOPS.netback, folded);
  editFile(ws, PVOPS.netback, (src) => [...keepDeprecatedParam(src), ...fixAlert(src)]);
}

/**
 * The parameter stays, ignored: on this kernel an unknown module parameter fails the load. Its
 * block goes above netback_init(), and netback_init() warns when it is set to 0.
 */
function keepDeprecatedParam(src: CText): Edit[] {
  const init = findFunction(src, 'netback_init');
  const stmts = findStatements(src, init, /[\s\S]/);
  const guard = stmts.find((st) => /^if \(!xen_\w+_domain\(\)\) return -ENODEV;$/.test(normalized(src, st)));
  const at = guard
    ? guard.end + (src.text[guard.end] === '\n' ? 1 : 0)
    : stmts.find((st) => !/^(int|unsigned|long|struct)\b/.test(normalized(src, st)))?.start;
  if (at === undefined)
    throw new NetbackError('anchor-missing', 'netback_init() has no statement to put the warning before', {
      file: src.path,
    });
  const block = withLeadingComment(src, init.start);
  return [
    { start: block, end: block, text: T('kthread-deprecated.c.hbs') },
    { start: at, end: at, text: T('kthread-deprecated-warn.c.hbs') },
  ];
}

/** The 2.6.32 failure message names kthread_run(), which this code never calls; reindented, it is fixed. */
const WRONG_ALERT = /printk\(KERN_ALERT\s*"kthread_run\(\) fails at netback\\n"\);/;

/** Whether the tree carries that message (the change's commit message then says it is fixed). */
export function hasWrongAlert(netback: string): boolean {
  return WRONG_ALERT.test(netback);
}

function fixAlert(src: CText): Edit[] {
  const m = WRONG_ALERT.exec(src.text);
  if (!m) return [];
  return [{ start: m.index, end: m.index + m[0].length, text: 'pr_alert("netback: kthread_create() failed\\n");' }];
}

/** `union { struct {...} tasklet; struct {...} kthread; };` → the kthread struct, one tab shallower. */
function unionToKthread(h: CText): Edit {
  const s = findStruct(h, 'xen_netbk');
  const body = h.masked.slice(s.open, s.close);
  const u = /\bunion\s*\{/.exec(body);
  const fail = (what: string): NetbackError =>
    new NetbackError('anchor-missing', `anchor union { tasklet; kthread; } in struct xen_netbk not found: ${what}`, {
      file: h.path,
    });
  if (!u) throw fail('no union');
  const uOpen = s.open + u.index + u[0].length - 1;
  const uClose = matchBracket(h.masked, uOpen);
  const k = /struct\s*\{[^{}]*\}\s*kthread\s*;/.exec(h.masked.slice(uOpen, uClose));
  if (!k || !/\}\s*tasklet\s*;/.test(h.masked.slice(uOpen, uClose)))
    throw fail('it has no tasklet and kthread members');
  const kStart = lineStart(h.masked, uOpen + k.index);
  const kEnd = lineEnd(h.masked, uOpen + k.index + k[0].length - 1);
  const kthread = h.text
    .slice(kStart, kEnd)
    .split('\n')
    .map((l) => l.replace(/^\t/, ''))
    .join('\n');
  const start = withLeadingComment(h, uOpen);
  const end = lineEnd(h.masked, h.masked.indexOf(';', uClose));
  return {
    start,
    end,
    text: T('kthread-only-member.c.hbs', { kthread: kthread.endsWith('\n') ? kthread : `${kthread}\n` }),
  };
}

/** The parameter's declaration, module_param and description, with their comment. */
function dropParam(src: CText): Edit[] {
  const spans: Span[] = [
    findFileStatement(src, DECL, `static int ${PARAM};`),
    findModuleParam(src, 'netback_kthread'),
    findFileStatement(src, DESC, 'MODULE_PARM_DESC(netback_kthread, ...);'),
  ].sort((a, b) => a.start - b.start);
  const edits = spans.map((sp) => ({ start: withLeadingComment(src, sp.start), end: sp.end, text: '' }));
  // When the three were a paragraph of their own, its separating blank line goes too.
  const last = edits.at(-1)!;
  const first = edits[0]!;
  const contiguous = edits.every((e, i) => i === 0 || e.start === edits[i - 1]!.end);
  const before = src.text.slice(lineStart(src.text, first.start - 1), first.start);
  if (contiguous && /^\s*$/.test(before) && src.text.slice(last.end, last.end + 1) === '\n') last.end += 1;
  return edits;
}

/** xen_netbk_bh_handler() keeps its signature (callers pass a direction) and only wakes the thread. */
function bhHandler(src: CText): Edit {
  const fn = findFunction(src, 'xen_netbk_bh_handler');
  const netbk = paramNames(src, fn)[0] ?? 'netbk';
  const header = src.text.slice(fn.start, fn.open);
  return { start: withLeadingComment(src, fn.start), end: fn.end, text: T('kthread-only-bh.c.hbs', { header, netbk }) };
}
