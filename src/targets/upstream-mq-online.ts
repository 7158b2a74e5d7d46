/*
 * Re-placement on CPU online for the multi-queue era (4.10+: multi-instance CPU hotplug states).
 * When a queue's CPU goes offline its threads and interrupts are moved elsewhere, and nothing
 * brings them back: this patch adds an online callback, with each connected queue an instance of
 * the state, that puts the queue's threads and interrupts back on queue->cpu.
 */
import { NetbackError } from '../core/errors.js';
import { cText, indentAt, lineStart } from '../patch/c-text.js';
import { type Edit, applyEdits, insertAt } from '../patch/edit.js';
import { findFunction, findStatement, findStatements, findStruct, hasFunction } from '../patch/locate.js';
import type { Workspace } from '../patch/tree.js';
import type { KernelApis } from './upstream-apis.js';
import { beforeFunction, includeAfter } from './upstream-edit.js';
import { UPSTREAM } from './upstream-files.js';
import { render } from './upstream-render.js';
import type { Change } from './target.js';

/** What the callback puts back: the queue's threads (pinned how) and/or its interrupts. */
export interface OnlineUses {
  threads: boolean;
  strict: boolean;
  irqs: boolean;
}

/** The text of the tree's online callback, xenvif_cpu_online(), or null when it has none. */
export function onlineCallback(interfaceC: string): string | null {
  const src = cText(UPSTREAM.interface, interfaceC);
  if (!hasFunction(src, 'xenvif_cpu_online')) return null;
  const fn = findFunction(src, 'xenvif_cpu_online');
  return interfaceC.slice(fn.start, fn.end);
}

function missing(what: string, file: string): NetbackError {
  return new NetbackError('anchor-missing', `anchor '${what}' not found`, { file });
}

/** struct xenvif_queue gets its hotplug node; common.h declares the module hooks. */
function commonEdits(ws: Workspace, uses: OnlineUses): void {
  const h = ws.c(UPSTREAM.common);
  const queue = findStruct(h, 'xenvif_queue');
  const cpu = /\n\tunsigned int cpu; [^\n]*\n/.exec(h.text.slice(queue.open, queue.close));
  if (!cpu) throw missing('struct xenvif_queue { unsigned int cpu; }', UPSTREAM.common);
  const fini = /^void xenvif_xenbus_fini\(void\);\n/m.exec(h.text);
  if (!fini) throw missing('void xenvif_xenbus_fini(void);', UPSTREAM.common);
  const edits: Edit[] = [
    insertAt(
      queue.open + cpu.index + cpu[0].length,
      '\tstruct hlist_node cpuhp_node; /* instance of xenvif_online_state */\n\tbool cpuhp_added;\n' +
        (uses.threads ? '\tbool threads_moved; /* off cpu by hotplug */\n' : '') +
        (uses.irqs ? '\tbool irqs_moved; /* off cpu by hotplug */\n' : ''),
    ),
    insertAt(fini.index + fini[0].length, '\nvoid xenvif_online_init(void);\nvoid xenvif_online_exit(void);\n'),
  ];
  ws.write(UPSTREAM.common, applyEdits(h.text, edits, UPSTREAM.common));
}

/** netback_init() sets the state up before the backends register; the exit paths remove it. */
function netbackEdits(ws: Workspace): void {
  const src = ws.c(UPSTREAM.netback);
  const init = findFunction(src, 'netback_init');
  const reg = findStatement(src, init, /^rc = xenvif_xenbus_init\(\);$/, 'rc = xenvif_xenbus_init();');
  // The failure return, usually after a label (which the statement's text then starts with).
  const fails = findStatements(src, init, /(?:^|: )return rc;$/);
  if (!fails.length) throw missing('return rc; in netback_init()', UPSTREAM.netback);
  const fail = lineStart(src.text, src.masked.lastIndexOf('return rc;', fails[fails.length - 1]!.end));
  const fini = findFunction(src, 'netback_fini');
  const unreg = findStatement(src, fini, /^xenvif_xenbus_fini\(\);$/, 'xenvif_xenbus_fini();');
  const indent = indentAt(src.text, reg.start);
  const edits: Edit[] = [
    insertAt(reg.start, `${indent}xenvif_online_init();\n\n`),
    insertAt(fail, `${indentAt(src.text, fail)}xenvif_online_exit();\n`),
    insertAt(unreg.end, `${indentAt(src.text, unreg.start)}xenvif_online_exit();\n`),
  ];
  ws.write(UPSTREAM.netback, applyEdits(src.text, edits, UPSTREAM.netback));
}

/** interface.c: the callback and hooks, a queue joins on connect and leaves first on disconnect. */
function interfaceEdits(ws: Workspace, apis: KernelApis, uses: OnlineUses): void {
  const src = ws.c(UPSTREAM.interface);
  const connect = findFunction(src, 'xenvif_connect_data');
  const disconnect = findFunction(src, 'xenvif_disconnect_queue');
  const ret = findStatements(src, connect, /^return 0;$/);
  if (!ret.length) findStatement(src, connect, /^return 0;$/, 'return 0;');
  const edits: Edit[] = [];
  for (const h of ['linux/cpuhotplug.h', ...(uses.irqs ? ['linux/irq.h'] : [])]) {
    const inc = includeAfter(src, 'linux/cpu.h', h);
    if (inc) edits.push(insertAt(inc.at, inc.text));
  }
  edits.push(
    insertAt(beforeFunction(src, disconnect), render('mq/online.c', onlineContext(apis, uses))),
    insertAt(ret[0]!.start, `${indentAt(src.text, ret[0]!.start)}xenvif_online_add(queue);\n\n`),
    insertAt(disconnect.open + 2, '\txenvif_online_del(queue);\n\n'),
  );
  ws.write(UPSTREAM.interface, applyEdits(src.text, edits, UPSTREAM.interface));
}

/** What the templates need: the moving calls this era has and how a task's CPUs are read. */
function onlineContext(apis: KernelApis, uses: OnlineUses): object {
  const cpus = (task: string) => (apis.taskCpus === 'cpus_ptr' ? `${task}->cpus_ptr` : `&${task}->cpus_allowed`);
  return {
    ...uses,
    what: uses.threads && uses.irqs ? 'threads and interrupts' : uses.threads ? 'threads' : 'interrupts',
    both: uses.threads && uses.irqs,
    move: apis.irqMove ? 'irq_set_affinity' : apis.hintSet,
    moveChecked: apis.irqMove,
    lock: apis.hotplugLock,
    unlock: apis.hotplugUnlock,
    taskMask: cpus('queue->task'),
    deallocMask: cpus('queue->dealloc_task'),
  };
}

/** The patch: after the series pins threads and/or points interrupts, keep them there. */
export function onlineChange(apis: KernelApis, uses: OnlineUses): Change {
  return {
    knob: uses.irqs ? 'irq.spread' : 'threading.bindToCpu',
    slug: 'xen-netback-put-queues-back-on-their-cpu-when-it-comes-online',
    subsystem: 'xen-netback',
    summary: 'put queues back on their CPU when it comes online',
    body: render('mq/online.msg', onlineContext(apis, uses)),
    apply(ws: Workspace): void {
      commonEdits(ws, uses);
      netbackEdits(ws);
      interfaceEdits(ws, apis, uses);
    },
  };
}
