/*
 * Queue placement on the multi-queue era (docs/cpu-model.md): each vif starts at an online CPU
 * chosen by the policy's assignment, its queue N goes N online CPUs further on, and the CPU is
 * stored in the queue (queue->cpu) when the queue connects, so threads and interrupts agree. The
 * first patch of the series that needs a queue's CPU (thread pinning or IRQ affinity) adds it.
 */
import { NetbackError } from '../core/errors.js';
import { indentAt } from '../patch/c-text.js';
import { type Edit, applyEdits, insertAt } from '../patch/edit.js';
import { findFunction, findStatements, findStruct, hasFunction } from '../patch/locate.js';
import type { Workspace } from '../patch/tree.js';
import type { Assignment } from '../dsl/policy.js';
import type { KernelApis } from './upstream-apis.js';
import { beforeFunction, includeAfter } from './upstream-edit.js';
import { UPSTREAM } from './upstream-files.js';
import { render } from './upstream-render.js';

/** The assignment a tree's placement code implements, or null when it has none. */
export function placedBy(interfaceC: string): Assignment | null {
  if (!/\bxenvif_place_queue\s*\(/.test(interfaceC)) return null;
  return /\bxenvif_cpu_queues\b/.test(interfaceC) ? 'least-loaded' : 'round-robin';
}

/**
 * The paragraph a patch that adds the placement puts in its message; `byThreads` when that patch
 * pins threads (else it points interrupts), `irqLater` when a later patch points interrupts too.
 */
export function placementMessage(assignment: Assignment, uses: { byThreads: boolean; irqLater: boolean }): string {
  return render('mq/placement.msg', { leastLoaded: assignment === 'least-loaded', ...uses }).trimEnd();
}

/** What the patch adding the placement uses the queue's CPU for, as its member comment says. */
export interface PlaceFor {
  assignment: Assignment;
  use: 'threads' | 'interrupts';
}

const CPU_OF_THREADS = '\tunsigned int cpu; /* CPU of its threads */\n';
const CPU_OF_BOTH = '\tunsigned int cpu; /* CPU of its threads and interrupts */\n';

function missing(what: string, file: string): NetbackError {
  return new NetbackError('anchor-missing', `anchor '${what}' not found`, { file });
}

/** The members placement keeps: the queue's CPU (and whether it is counted), the vif's start. */
function placeMembers(ws: Workspace, leastLoaded: boolean, use: PlaceFor['use']): void {
  const h = ws.c(UPSTREAM.common);
  const queue = findStruct(h, 'xenvif_queue');
  const vifOf = /\n(\tstruct xenvif \*vif;[^\n]*\n)/.exec(h.text.slice(queue.open, queue.close));
  if (!vifOf) throw missing('struct xenvif_queue { struct xenvif *vif; }', UPSTREAM.common);
  const vif = findStruct(h, 'xenvif');
  const nq = /\n(\tunsigned int num_queues;[^\n]*\n)/.exec(h.text.slice(vif.open, vif.close));
  if (!nq) throw missing('struct xenvif { unsigned int num_queues; }', UPSTREAM.common);
  const counted = leastLoaded ? '\tbool cpu_counted; /* counted in xenvif_cpu_queues */\n' : '';
  const edits: Edit[] = [
    insertAt(queue.open + vifOf.index + vifOf[0].length, `\tunsigned int cpu; /* CPU of its ${use} */\n${counted}`),
    insertAt(vif.open + nq.index + nq[0].length, '\tunsigned int cpu_start; /* online CPU index of queue 0 */\n'),
  ];
  ws.write(UPSTREAM.common, applyEdits(h.text, edits, UPSTREAM.common));
}

/**
 * The edits to interface.c (and the write to common.h) that place queues, unless the working copy
 * already does; `headers` are includes the calling change needs as well.
 */
export function placementEdits(ws: Workspace, apis: KernelApis, place: PlaceFor, headers: string[]): Edit[] {
  const src = ws.c(UPSTREAM.interface);
  const edits: Edit[] = [];
  const placed = hasFunction(src, 'xenvif_place_queue');
  if (placed && place.use === 'interrupts') widenMemberComment(ws);
  for (const h of placed ? headers : ['linux/cpu.h', ...headers]) {
    const inc = includeAfter(src, 'linux/kthread.h', h);
    if (inc && !edits.some((e) => e.text === inc.text)) edits.push(insertAt(inc.at, inc.text));
  }
  if (placed) return edits;
  const leastLoaded = place.assignment === 'least-loaded';
  placeMembers(ws, leastLoaded, place.use);
  const disconnect = findFunction(src, 'xenvif_disconnect_queue');
  const ctx = { leastLoaded, lock: apis.hotplugLock, unlock: apis.hotplugUnlock };
  edits.push(insertAt(beforeFunction(src, disconnect), render('mq/place.c', ctx)));
  if (leastLoaded) edits.push(insertAt(disconnect.open + 2, '\txenvif_unplace_queue(queue);\n\n'));
  const connect = findFunction(src, 'xenvif_connect_data');
  const checks = findStatements(src, connect, /^BUG_ON\(queue->/);
  if (!checks.length) throw missing('BUG_ON(queue->...) in xenvif_connect_data()', UPSTREAM.interface);
  const last = checks[checks.length - 1]!;
  edits.push(insertAt(last.end, `\n${indentAt(src.text, last.start)}xenvif_place_queue(queue);\n`));
  return edits;
}

/** The interrupts now use the CPU an earlier patch placed for the threads: say so where it is kept. */
function widenMemberComment(ws: Workspace): void {
  const h = ws.read(UPSTREAM.common);
  if (h.includes(CPU_OF_THREADS)) ws.write(UPSTREAM.common, h.replace(CPU_OF_THREADS, CPU_OF_BOTH));
}
