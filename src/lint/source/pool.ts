/*
 * The worker pool: N threads pull chunks of work items as they finish the previous one (files
 * differ wildly in size, so static partitioning would leave a core idle). Results are stored by
 * chunk index and merged in order, so the output never depends on scheduling.
 */
import { Worker } from 'node:worker_threads';
import { NetbackError } from '../../core/errors.js';
import { addStats, emptyStats, type BatchOptions, type BatchResult } from './batch.js';
import type { WorkItem } from './walk.js';

const CHUNK = 128;

export interface Pool {
  run(items: WorkItem[], onProgress?: (done: number) => void): Promise<BatchResult>;
  close(): Promise<void>;
}

/**
 * Starts the threads (they load their modules while the caller walks the tree), then runs one
 * list of items on them.
 */
export function startPool(opts: BatchOptions, jobs: number): Pool {
  const url = new URL('./worker.js', import.meta.url);
  const workers = Array.from({ length: Math.max(1, jobs) }, () => new Worker(url, { workerData: opts }));
  const close = async () => {
    await Promise.all(workers.map((w) => w.terminate()));
  };
  const run = async (items: WorkItem[], onProgress?: (done: number) => void): Promise<BatchResult> => {
    const chunks: WorkItem[][] = [];
    for (let i = 0; i < items.length; i += CHUNK) chunks.push(items.slice(i, i + CHUNK));
    const results: BatchResult[] = new Array(chunks.length);
    let next = 0;
    let done = 0;
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            let current = -1;
            const feed = () => {
              if (next >= chunks.length) return resolve();
              current = next++;
              w.postMessage(chunks[current]);
            };
            w.on('message', (msg: { ok: true; result: BatchResult } | { ok: false; error: Record<string, string | number | undefined> }) => {
              if (!msg.ok) {
                const e = msg.error;
                if (e.name === 'NetbackError') {
                  reject(new NetbackError(String(e.code), String(e.message), { file: e.file as string, line: e.line as number, hint: e.hint as string }));
                } else reject(Object.assign(new Error(String(e.message)), { stack: e.stack }));
                return;
              }
              results[current] = msg.result;
              done += chunks[current]!.length;
              onProgress?.(done);
              feed();
            });
            w.on('error', reject);
            w.on('exit', (code) => {
              if (code !== 0 && code !== 1) reject(new Error(`lint-source worker exited with code ${code}`));
            });
            feed();
          }),
      ),
    );
    const merged: BatchResult = { findings: [], notes: [], stats: emptyStats() };
    for (const r of results) {
      merged.findings.push(...r.findings);
      merged.notes.push(...r.notes);
      addStats(merged.stats, r.stats);
    }
    return merged;
  };
  return { run, close };
}
