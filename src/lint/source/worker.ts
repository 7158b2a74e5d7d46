/*
 * A worker thread of the lint-source pool: receives its options once, then chunks of work
 * items, and answers each chunk with its findings, notes and stats.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BatchLinter, type BatchOptions } from './batch.js';
import type { WorkItem } from './walk.js';

const linter = new BatchLinter(workerData as BatchOptions);
parentPort!.on('message', (items: WorkItem[]) => {
  try {
    parentPort!.postMessage({ ok: true, result: linter.run(items) });
  } catch (e) {
    const err = e as Error & { code?: string; file?: string; line?: number; hint?: string };
    parentPort!.postMessage({ ok: false, error: { name: err.name, message: err.message, code: err.code, file: err.file, line: err.line, hint: err.hint, stack: err.stack } });
  }
});
