/*
 * A worker thread of the lint-source pool: receives its options once, then chunks of walked
 * paths (one NUL-separated string each), and answers each with its findings, notes and stats
 * (on the rg path, of the files rg listed, which rg has counted).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BatchLinter, type BatchOptions } from './batch.js';
import type { Chunk, WorkerOptions } from './pool.js';
import type { SourceRule } from '../rule.js';

// Messages wait in the port until the listener below is attached, after the rules have loaded.
const { rulesModule, ...opts } = workerData as WorkerOptions;
const { SOURCE_RULES } = (await import(rulesModule)) as { SOURCE_RULES: readonly SourceRule[] };
const linter = new BatchLinter({ ...opts, set: { rules: SOURCE_RULES, module: rulesModule } } satisfies BatchOptions);
parentPort!.on('message', (chunk: { id: number } & Chunk) => {
  try {
    const result = 'files' in chunk ? linter.runListed(chunk.files) : linter.runPaths(chunk.paths.split('\0'));
    parentPort!.postMessage({ ok: true, id: chunk.id, result });
  } catch (e) {
    const err = e as Error & { code?: string; file?: string; line?: number; hint?: string };
    parentPort!.postMessage({
      ok: false,
      error: {
        name: err.name,
        message: err.message,
        code: err.code,
        file: err.file,
        line: err.line,
        hint: err.hint,
        stack: err.stack,
      },
    });
  }
});
