/*
 * The patches of the multi-queue era (Debian's 6.1 is the reference tree), one per knob. Each
 * change re-finds its anchors by name in the working copy, which already holds the earlier
 * patches of the series, so any prefix of the series is a tree that builds.
 */
import { NetbackError } from '../core/errors.js';
import { indentAt } from '../patch/c-text.js';
import { type Edit, applyEdits, insertAt, replaceSpan } from '../patch/edit.js';
import { findFunction, findStatement, findStatements } from '../patch/locate.js';
import type { Workspace } from '../patch/tree.js';
import type { Assignment } from '../dsl/policy.js';
import type { KernelApis } from './upstream-apis.js';
import { beforeFunction, shiftContinuation } from './upstream-edit.js';
import { placementEdits, placementMessage } from './upstream-mq-place.js';
import { UPSTREAM } from './upstream-files.js';
import { render } from './upstream-render.js';
import type { Change } from './target.js';

const SUBSYSTEM = 'xen-netback';
/** Upstream's MAX_QUEUES_DEFAULT, the cap queueCap keeps when omitted. */
export const UPSTREAM_CAP = 8;

/** The define line `#define MAX_QUEUES_DEFAULT <n>` and its value, or null. */
export function maxQueuesDefine(text: string): { start: number; end: number; value: number } | null {
  const m = /^#define[ \t]+MAX_QUEUES_DEFAULT[ \t]+(\d+)[ \t]*\n/m.exec(text);
  return m ? { start: m.index, end: m.index + m[0].length, value: Number(m[1]) } : null;
}

/** What max_queues defaults to: min(cap, online CPUs), or min(cap, online CPUs / n rounded up). */
export interface QueuesDefault {
  cap: number;
  divided?: number;
}

/** threading.groups / threading.queueCap: the default of max_queues, set in netback_init(). */
export function maxQueuesChange(want: QueuesDefault): Change {
  const capChanged = want.cap !== UPSTREAM_CAP;
  const ctx = {
    cap: want.cap,
    capChanged,
    mib: want.cap,
    threads: 2 * want.cap,
    evtchns: 2 * want.cap,
    ...(want.divided
      ? {
          divided: want.divided,
          upTo: want.divided * (want.cap - 1),
          onFour: Math.min(want.cap, Math.ceil(4 / want.divided)),
        }
      : {}),
  };
  return {
    knob: 'threading.groups',
    slug: 'xen-netback-default-max-queues-from-policy',
    subsystem: SUBSYSTEM,
    summary: want.divided
      ? `default max_queues to one queue per ${want.divided} online CPUs`
      : `cap the default max_queues at ${want.cap} queues`,
    body: render('mq/max-queues.msg', ctx),
    apply(ws: Workspace): void {
      const src = ws.c(UPSTREAM.netback, 'threading.groups');
      const init = findFunction(src, 'netback_init');
      const stmt = findStatement(
        src,
        init,
        /^if \( ?xenvif_max_queues == 0 ?\) xenvif_max_queues =/,
        'if (xenvif_max_queues == 0) xenvif_max_queues = ...',
      );
      // Replace the statement together with the comment right above it, which states the default.
      let start = stmt.start;
      const above = /\t\/\*(?:[^*]|\*(?!\/))*\*\/[ \t]*\n$/.exec(src.text.slice(init.open, start));
      if (above) start = init.open + above.index;
      const def = maxQueuesDefine(src.text);
      if (!def) throw anchorError('#define MAX_QUEUES_DEFAULT');
      const edits: Edit[] = [
        replaceSpan({ start, end: stmt.end }, render('mq/max-queues.c', want.divided ? { divided: want.divided } : {})),
        replaceSpan(def, `#define MAX_QUEUES_DEFAULT ${want.cap}\n`),
      ];
      ws.write(UPSTREAM.netback, applyEdits(src.text, edits, UPSTREAM.netback));
    },
  };
}

function anchorError(what: string): NetbackError {
  return new NetbackError('anchor-missing', `anchor '${what}' not found`, { file: UPSTREAM.netback });
}

/**
 * How the thread and IRQ changes place queues: the policy's assignment, whether they add it, and
 * what else of the series uses the queue's CPU, so that a message or comment claims only that.
 */
export interface Placing {
  assignment: Assignment;
  /** This change is the first to need a queue's CPU, so it adds the placement. */
  adds: boolean;
  /** The queue's threads are pinned to queue->cpu: in the tree already, or by an earlier patch. */
  threadsPinned: boolean;
  /** A later patch of this series points the queue's interrupts at queue->cpu. */
  irqLater: boolean;
  /** A later patch of this series puts the queue back on queue->cpu when it comes online. */
  onlineLater: boolean;
}

function placementBody(placing: Placing, byThreads: boolean): string {
  return placing.adds ? placementMessage(placing.assignment, { byThreads, irqLater: placing.irqLater }) : '';
}

/** threading.bindToCpu: create the queue's threads unstarted, pin or bind them, then start them. */
export function bindThreadsChange(apis: KernelApis, placing: Placing, strict: boolean): Change {
  return {
    knob: 'threading.bindToCpu',
    slug: strict ? 'xen-netback-bind-queue-threads-to-cpus' : 'xen-netback-pin-queue-threads-to-cpus',
    subsystem: SUBSYSTEM,
    summary: strict
      ? "bind each queue's kthreads to the queue's CPU"
      : "set each queue's kthreads' affinity to the queue's CPU",
    body: render('mq/bind-threads.msg', {
      strict,
      placed: placing.adds,
      placement: placementBody(placing, true),
      onlineLater: placing.onlineLater,
    }),
    apply(ws: Workspace): void {
      const src = ws.c(UPSTREAM.interface, 'threading.bindToCpu');
      const fn = findFunction(src, 'xenvif_connect_data');
      const edits = placementEdits(ws, apis, { assignment: placing.assignment, use: 'threads' }, []);
      for (const thread of ['xenvif_kthread_guest_rx', 'xenvif_dealloc_kthread']) {
        const span = findStatement(
          src,
          fn,
          new RegExp(`^task = kthread_run\\(${thread},`),
          `task = kthread_run(${thread}, ...)`,
        );
        const old = src.text.slice(span.start, span.end);
        const delta = 'kthread_create'.length - 'kthread_run'.length;
        edits.push(replaceSpan(span, shiftContinuation(old.replace('kthread_run(', 'kthread_create('), delta)));
      }
      const last = findStatement(src, fn, /^queue->dealloc_task = task;$/, 'queue->dealloc_task = task;');
      const indent = indentAt(src.text, last.start);
      edits.push(insertAt(last.end, `\n${indent}xenvif_start_queue_threads(queue);\n`));
      const ctx = { strict, lock: apis.hotplugLock, unlock: apis.hotplugUnlock };
      edits.push(insertAt(beforeFunction(src, fn), render('mq/start-threads.c', ctx)));
      ws.write(UPSTREAM.interface, applyEdits(src.text, edits, UPSTREAM.interface));
    },
  };
}

/** irq.spread 'group-cpu': set each queue's IRQ affinity (and hint) on connect, clear on disconnect. */
export function irqAffinityChange(apis: KernelApis, placing: Placing): Change {
  return {
    knob: 'irq.spread',
    slug: 'xen-netback-spread-queue-interrupts-over-cpus',
    subsystem: SUBSYSTEM,
    summary: "point each queue's interrupts at the queue's CPU",
    body: render('mq/irq-affinity.msg', {
      placed: placing.adds,
      placement: placementBody(placing, false),
      set: apis.hintSet,
      splitHint: apis.hintSet !== apis.hintClear,
      balanced: apis.evtchnCpu === 'balanced',
      firstCpu: apis.evtchnCpu === 'first',
      threadsPinned: placing.threadsPinned,
      onlineLater: placing.onlineLater,
    }),
    apply(ws: Workspace): void {
      const src = ws.c(UPSTREAM.interface, 'irq.spread');
      const connect = findFunction(src, 'xenvif_connect_data');
      const disconnect = findFunction(src, 'xenvif_disconnect_queue');
      const edits = placementEdits(ws, apis, { assignment: placing.assignment, use: 'interrupts' }, [
        'linux/interrupt.h',
      ]);
      // The success return of xenvif_connect_data(): every IRQ is bound by then.
      const ret = findStatements(src, connect, /^return 0;$/);
      if (!ret.length) findStatement(src, connect, /^return 0;$/, 'return 0;');
      const indent = indentAt(src.text, ret[0]!.start);
      edits.push(insertAt(ret[0]!.start, `${indent}xenvif_set_queue_irq_affinity(queue);\n\n`));
      const unbinds = findStatements(src, disconnect, /^unbind_from_irqhandler\(queue->(tx|rx)_irq, queue\);$/);
      if (unbinds.length !== 2) {
        findStatement(
          src,
          disconnect,
          /^unbind_from_irqhandler\(queue->rx_irq/,
          'unbind_from_irqhandler(queue->rx_irq, queue)',
        );
        findStatement(
          src,
          disconnect,
          /^unbind_from_irqhandler\(queue->tx_irq/,
          'unbind_from_irqhandler(queue->tx_irq, queue)',
        );
      }
      for (const u of unbinds) {
        const irq = /queue->(tx|rx)_irq/.exec(src.masked.slice(u.start, u.end))![0];
        edits.push(insertAt(u.start, `${indentAt(src.text, u.start)}${apis.hintClear}(${irq}, NULL);\n`));
      }
      edits.push(
        insertAt(
          beforeFunction(src, connect),
          render('mq/irq-affinity.c', { set: apis.hintSet, threadsPinned: placing.threadsPinned }),
        ),
      );
      ws.write(UPSTREAM.interface, applyEdits(src.text, edits, UPSTREAM.interface));
    },
  };
}
