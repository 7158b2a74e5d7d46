/*
 * The worker pool: N threads read, prefilter and scan chunks of walked files while the main
 * thread is still walking (a whole tree's walk is 5k readdirs: the threads should not wait for
 * it). Each thread holds a few chunks at a time, so it never idles between a reply and the next
 * chunk, and gets more as it finishes them (files differ wildly in size: a static split would
 * leave a core idle). Results are stored by chunk number and merged in order, so the output
 * never depends on scheduling.
 */
import { Worker } from 'node:worker_threads';
import { NetbackError } from '../../../core/errors.js';
import { addStats, emptyStats, type BatchOptions, type BatchResult } from './batch.js';
import type { RgFile } from '../selection/rg-select.js';

/** Chunks a thread holds at once: one being scanned, the next ones already there. */
const IN_FLIGHT = 3;

/** A chunk for a thread: walked paths to read, count and scan, or files rg listed (and counted). */
export type Chunk = { paths: string } | { files: RgFile[] };

export interface Pool {
  /** Queues one chunk of walked paths or rg's files; it goes to a thread as soon as one has room. */
  push(work: string[] | RgFile[]): void;
  /**
   * Every chunk pushed since the last finish, results merged in push order; the pool can then
   * be used again. `onProgress` gets the files done.
   */
  finish(onProgress?: (done: number) => void): Promise<BatchResult>;
  close(): Promise<void>;
}

type Reply =
  { ok: true; id: number; result: BatchResult } | { ok: false; error: Record<string, string | number | undefined> };

/** Starts the threads (they load their modules while the caller starts walking the tree). */
export function startPool(opts: BatchOptions, jobs: number): Pool {
  const url = new URL('./worker.js', import.meta.url);
  const workers = Array.from({ length: Math.max(1, jobs) }, () => new Worker(url, { workerData: workerOptions(opts) }));
  const load = workers.map(() => 0);
  const queue: Array<{ id: number } & Chunk> = [];
  let sizes: number[] = [];
  let results: BatchResult[] = [];
  let pending = 0;
  let done = 0;
  let failure: Error | undefined;
  let progress: ((done: number) => void) | undefined;
  let settle: (() => void) | undefined;

  const dispatch = () => {
    while (queue.length && !failure) {
      // The least loaded thread with room takes the oldest chunk.
      let best = -1;
      for (let w = 0; w < workers.length; w++)
        if (load[w]! < IN_FLIGHT && (best < 0 || load[w]! < load[best]!)) best = w;
      if (best < 0) return;
      load[best]!++;
      workers[best]!.postMessage(queue.shift()!);
    }
  };
  const fail = (e: Error) => {
    failure ??= e;
    settle?.();
  };
  workers.forEach((w, k) => {
    w.on('message', (msg: Reply) => {
      if (!msg.ok) {
        const e = msg.error;
        if (e.name === 'NetbackError')
          fail(
            new NetbackError(String(e.code), String(e.message), {
              file: e.file as string,
              line: e.line as number,
              hint: e.hint as string,
            }),
          );
        else fail(Object.assign(new Error(String(e.message)), { stack: e.stack }));
        return;
      }
      load[k]!--;
      results[msg.id] = msg.result;
      pending--;
      done += sizes[msg.id]!;
      progress?.(done);
      dispatch();
      if (pending === 0) settle?.();
    });
    w.on('error', fail);
    w.on('exit', (code) => {
      if (code !== 0 && code !== 1) fail(new Error(`lint-source worker exited with code ${code}`));
    });
  });

  return {
    push(work) {
      const id = sizes.length;
      sizes.push(work.length);
      pending++;
      // Paths as one string per chunk: far cheaper to post than an array of 256 (NUL never
      // occurs in a path).
      if (isPaths(work)) queue.push({ id, paths: work.join('\0') });
      else queue.push({ id, files: work });
      dispatch();
    },
    async finish(onProgress) {
      progress = onProgress;
      if (pending > 0 && !failure) await new Promise<void>((resolve) => (settle = resolve));
      if (failure) throw failure;
      const merged: BatchResult = { findings: [], notes: [], stats: emptyStats() };
      for (const r of results) {
        for (const f of r.findings) merged.findings.push(f);
        for (const n of r.notes) merged.notes.push(n);
        addStats(merged.stats, r.stats);
      }
      // Nothing is in flight now: the next chunk numbers start again at 0.
      sizes = [];
      results = [];
      done = 0;
      progress = undefined;
      return merged;
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

export function isPaths(work: string[] | RgFile[]): work is string[] {
  return typeof work[0] === 'string';
}

/** What a thread is sent: the options without the rule objects, which it loads from their module. */
export type WorkerOptions = Omit<BatchOptions, 'set'> & { rulesModule: string };

function workerOptions({ set, ...rest }: BatchOptions): WorkerOptions {
  return { ...rest, rulesModule: set.module };
}
