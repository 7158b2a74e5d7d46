/*
 * A worker thread of the lint-source pool: receives its options once, then chunks of walked
 * paths (one NUL-separated string each), and answers each with its findings, notes and stats
 * (on the rg path, of the files rg listed, which rg has counted).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BatchLinter, type BatchOptions } from './batch.js';
import type { Chunk } from './pool.js';

const linter = new BatchLinter(workerData as BatchOptions);
parentPort!.on('message', (chunk: { id: number } & Chunk) => {
  try {
    const result = 'files' in chunk ? linter.runListed(chunk.files) : linter.runPaths(chunk.paths.split('\0'));
    parentPort!.postMessage({ ok: true, id: chunk.id, result });
  } catch (e) {
    const err = e as Error & { code?: string; file?: string; line?: number; hint?: string };
    parentPort!.postMessage({ ok: false, error: { name: err.name, message: err.message, code: err.code, file: err.file, line: err.line, hint: err.hint, stack: err.stack } });
  }
});
