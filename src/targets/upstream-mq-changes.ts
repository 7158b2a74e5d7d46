/*
 * The patches of the multi-queue era (Debian's 6.1 is the reference tree), one per knob. Each
 * change re-finds its anchors by name in the working copy, which already holds the earlier
 * patches of the series, so any prefix of the series is a tree that builds.
 */
import { NetbackError } from '../core/errors.js';
import { indentAt } from '../patch/c-text.js';
import { type Edit, applyEdits, insertAt, replaceSpan } from '../patch/edit.js';
import { findFunction, findStatement, findStatements, hasFunction } from '../patch/locate.js';
import type { Workspace } from '../patch/tree.js';
import type { GroupsSpec } from './upstream-common.js';
import type { KernelApis } from './upstream-apis.js';
import { beforeFunction, includeAfter, shiftContinuation } from './upstream-edit.js';
import { UPSTREAM } from './upstream-files.js';
import { render } from './upstream-render.js';
import type { Change } from './target.js';

const SUBSYSTEM = 'xen-netback';

/** The define line `#define MAX_QUEUES_DEFAULT <n>` and its value, or null. */
export function maxQueuesDefine(text: string): { start: number; end: number; value: number } | null {
  const m = /^#define[ \t]+MAX_QUEUES_DEFAULT[ \t]+(\d+)[ \t]*\n/m.exec(text);
  return m ? { start: m.index, end: m.index + m[0].length, value: Number(m[1]) } : null;
}

/** threading.groups: the default of max_queues, set in netback_init(). */
export function maxQueuesChange(spec: GroupsSpec): Change {
  const ctx =
    spec.kind === 'online' ? { online: true } : spec.kind === 'divided' ? { divided: spec.n } : { fixed: spec.n };
  return {
    knob: 'threading.groups',
    slug: 'xen-netback-default-max-queues-from-policy',
    subsystem: SUBSYSTEM,
    summary:
      spec.kind === 'online'
        ? 'default max_queues to the number of online CPUs'
        : spec.kind === 'divided'
          ? `default max_queues to one queue per ${spec.n} online CPUs`
          : `default max_queues to at most ${spec.n} queues`,
    body: render('mq/max-queues.msg', ctx),
    apply(ws: Workspace): void {
      const src = ws.c(UPSTREAM.netback, 'threading.groups');
      const init = findFunction(src, 'netback_init');
      const stmt = findStatement(src, init, /^if \( ?xenvif_max_queues == 0 ?\) xenvif_max_queues =/, 'if (xenvif_max_queues == 0) xenvif_max_queues = ...');
      // Replace the statement together with the comment right above it, which states the default.
      let start = stmt.start;
      const above = /\t\/\*(?:[^*]|\*(?!\/))*\*\/[ \t]*\n$/.exec(src.text.slice(init.open, start));
      if (above) start = init.open + above.index;
      const edits: Edit[] = [replaceSpan({ start, end: stmt.end }, render('mq/max-queues.c', ctx))];
      const def = maxQueuesDefine(src.text);
      if (spec.kind === 'fixed') {
        if (!def) throw anchorError('#define MAX_QUEUES_DEFAULT');
        edits.push(replaceSpan(def, `#define MAX_QUEUES_DEFAULT ${spec.n}\n`));
      } else if (def) {
        edits.push(replaceSpan(def, '')); // no longer used
      }
      ws.write(UPSTREAM.netback, applyEdits(src.text, edits, UPSTREAM.netback));
    },
  };
}

function anchorError(what: string): NetbackError {
  return new NetbackError('anchor-missing', `anchor '${what}' not found`, { file: UPSTREAM.netback });
}

/**
 * The includes the change needs, and xenvif_queue_cpu() above xenvif_connect_data() unless an
 * earlier patch of the series added it.
 */
function queueCpuEdits(ws: Workspace, apis: KernelApis, headers: string[]): Edit[] {
  const src = ws.c(UPSTREAM.interface);
  const edits: Edit[] = [];
  for (const h of headers) {
    const inc = includeAfter(src, 'linux/kthread.h', h);
    if (inc) edits.push(insertAt(inc.at, inc.text));
  }
  if (!hasFunction(src, 'xenvif_queue_cpu')) {
    const at = beforeFunction(src, findFunction(src, 'xenvif_connect_data'));
    edits.push(insertAt(at, render('mq/queue-cpu.c', { lock: apis.hotplugLock, localSpread: apis.localSpread })));
  }
  return edits;
}

/** threading.bindToCpu: create the queue's threads unstarted, bind them, then start them. */
export function bindThreadsChange(apis: KernelApis): Change {
  return {
    knob: 'threading.bindToCpu',
    slug: 'xen-netback-bind-queue-threads-to-cpus',
    subsystem: SUBSYSTEM,
    summary: "bind each queue's kthreads to the queue's CPU",
    body: render('mq/bind-threads.msg'),
    apply(ws: Workspace): void {
      const src = ws.c(UPSTREAM.interface, 'threading.bindToCpu');
      const fn = findFunction(src, 'xenvif_connect_data');
      const edits = queueCpuEdits(ws, apis, ['linux/cpu.h']);
      for (const thread of ['xenvif_kthread_guest_rx', 'xenvif_dealloc_kthread']) {
        const span = findStatement(src, fn, new RegExp(`^task = kthread_run\\(${thread},`), `task = kthread_run(${thread}, ...)`);
        const old = src.text.slice(span.start, span.end);
        const delta = 'kthread_create'.length - 'kthread_run'.length;
        edits.push(replaceSpan(span, shiftContinuation(old.replace('kthread_run(', 'kthread_create('), delta)));
      }
      const last = findStatement(src, fn, /^queue->dealloc_task = task;$/, 'queue->dealloc_task = task;');
      const indent = indentAt(src.text, last.start);
      edits.push(insertAt(last.end, `\n${indent}xenvif_start_queue_threads(queue);\n`));
      edits.push(insertAt(beforeFunction(src, fn), render('mq/start-threads.c', { lock: apis.hotplugLock, unlock: apis.hotplugUnlock })));
      ws.write(UPSTREAM.interface, applyEdits(src.text, edits, UPSTREAM.interface));
    },
  };
}

/** irq.spread 'group-cpu': set each queue's IRQ affinity (and hint) on connect, clear on disconnect. */
export function irqAffinityChange(apis: KernelApis): Change {
  return {
    knob: 'irq.spread',
    slug: 'xen-netback-spread-queue-interrupts-over-cpus',
    subsystem: SUBSYSTEM,
    summary: "point each queue's interrupts at the queue's CPU",
    body: render('mq/irq-affinity.msg'),
    apply(ws: Workspace): void {
      const src = ws.c(UPSTREAM.interface, 'irq.spread');
      const connect = findFunction(src, 'xenvif_connect_data');
      const disconnect = findFunction(src, 'xenvif_disconnect_queue');
      const edits = queueCpuEdits(ws, apis, ['linux/cpu.h', 'linux/interrupt.h']);
      // The success return of xenvif_connect_data(): every IRQ is bound by then.
      const ret = findStatements(src, connect, /^return 0;$/);
      if (!ret.length) findStatement(src, connect, /^return 0;$/, 'return 0;');
      const indent = indentAt(src.text, ret[0]!.start);
      edits.push(insertAt(ret[0]!.start, `${indent}xenvif_set_queue_irq_affinity(queue);\n\n`));
      const unbinds = findStatements(src, disconnect, /^unbind_from_irqhandler\(queue->(tx|rx)_irq, queue\);$/);
      if (unbinds.length !== 2) {
        findStatement(src, disconnect, /^unbind_from_irqhandler\(queue->rx_irq/, 'unbind_from_irqhandler(queue->rx_irq, queue)');
        findStatement(src, disconnect, /^unbind_from_irqhandler\(queue->tx_irq/, 'unbind_from_irqhandler(queue->tx_irq, queue)');
      }
      for (const u of unbinds) {
        const irq = /queue->(tx|rx)_irq/.exec(src.masked.slice(u.start, u.end))![0];
        edits.push(insertAt(u.start, `${indentAt(src.text, u.start)}${apis.hintClear}(${irq}, NULL);\n`));
      }
      edits.push(
        insertAt(
          beforeFunction(src, connect),
          render('mq/irq-affinity.c', { lock: apis.hotplugLock, unlock: apis.hotplugUnlock, set: apis.hintSet }),
        ),
      );
      ws.write(UPSTREAM.interface, applyEdits(src.text, edits, UPSTREAM.interface));
    },
  };
}
