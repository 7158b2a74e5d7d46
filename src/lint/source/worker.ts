/*
 * A worker thread of the lint-source pool: receives its options once, then chunks of walked
 * paths (one NUL-separated string each), and answers each with its findings, notes and stats.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BatchLinter, type BatchOptions } from './batch.js';

const linter = new BatchLinter(workerData as BatchOptions);
parentPort!.on('message', (chunk: { id: number; paths: string }) => {
  try {
    parentPort!.postMessage({ ok: true, id: chunk.id, result: linter.runPaths(chunk.paths.split('\0')) });
  } catch (e) {
    const err = e as Error & { code?: string; file?: string; line?: number; hint?: string };
    parentPort!.postMessage({ ok: false, error: { name: err.name, message: err.message, code: err.code, file: err.file, line: err.line, hint: err.hint, stack: err.stack } });
  }
});
