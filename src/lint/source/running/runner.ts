/*
 * Who lints the files an input source (the walk, or ripgrep's list) hands over: this thread,
 * between slices of the source's work, or the worker pool, in chunks. Either gives the same
 * findings, notes and counts (merged in order, sorted by the caller).
 */
import { addStats, emptyStats, type BatchLinter, type BatchResult } from './batch.js';
import { isPaths, type Pool } from './pool.js';
import type { RgFile } from '../selection/rg-select.js';

/**
 * Files per chunk sent to a thread; also the threshold below which a run stays in this thread
 * (starting threads costs more than it saves).
 */
export const CHUNK = 256;

/** Files this thread lints at a time between its checks of the clock. */
const STEP = 8;

export interface Runner {
  /** Threads linting (1: this thread). */
  readonly jobs: number;
  /** Queues walked paths or rg's files (one kind until the next finish). */
  add(work: string[] | RgFile[]): void;
  /** Lints queued files for up to `ms` in this thread (the threads need no turn). */
  step(ms: number, onProgress?: (done: number) => void): void;
  /** Lints what is added until `end` settles (this thread: as files come; the threads on their own). */
  until(end: Promise<unknown>, onProgress?: (done: number) => void): Promise<void>;
  /** Everything queued since the last finish, linted and merged; `onProgress` gets the files done. */
  finish(onProgress?: (done: number) => void): Promise<BatchResult>;
}

export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Items added, handed on in slices from the first not yet handed on. */
class Queue<T> {
  private items: T[] = [];
  private taken = 0;

  get left(): number {
    return this.items.length - this.taken;
  }

  add(work: readonly T[]): void {
    for (const x of work) this.items.push(x);
  }

  take(n: number): T[] {
    const out = this.items.slice(this.taken, this.taken + n);
    this.taken += out.length;
    if (this.taken === this.items.length) this.reset();
    return out;
  }

  private reset(): void {
    this.items = [];
    this.taken = 0;
  }
}

/** The pool's runner: files go to the threads in chunks of CHUNK as they are added. */
export function poolRunner(pool: Pool, jobs: number): Runner {
  const paths = new Queue<string>();
  const files = new Queue<RgFile>();
  const send = (all: boolean): void => {
    while (paths.left >= CHUNK || (all && paths.left > 0)) pool.push(paths.take(CHUNK));
    while (files.left >= CHUNK || (all && files.left > 0)) pool.push(files.take(CHUNK));
  };
  return {
    jobs,
    add(work) {
      if (isPaths(work)) paths.add(work);
      else files.add(work);
      send(false);
    },
    step() {},
    async until(end) {
      await end;
    },
    finish(onProgress) {
      send(true);
      return pool.finish(onProgress);
    },
  };
}

/**
 * This thread's runner: files are linted when the source gives it a turn (step, until), a few
 * at a time, and the rest at finish.
 */
export function inlineRunner(linter: BatchLinter): Runner {
  const paths = new Queue<string>();
  const files = new Queue<RgFile>();
  let out = emptyResult();
  let done = 0;
  let wake: (() => void) | undefined;
  const lint = (n: number): void => {
    const r = files.left ? linter.runListed(files.take(n)) : linter.runPaths(paths.take(n));
    merge(out, r);
  };
  const step = (ms: number, onProgress?: (done: number) => void): void => {
    const until = performance.now() + ms;
    while (files.left + paths.left > 0 && performance.now() < until) {
      const n = Math.min(files.left || paths.left, STEP);
      lint(n);
      done += n;
      onProgress?.(done);
    }
  };
  return {
    jobs: 1,
    add(work) {
      if (isPaths(work)) paths.add(work);
      else files.add(work);
      const w = wake;
      wake = undefined;
      w?.();
    },
    step,
    async until(end, onProgress) {
      let over = false;
      void end.then(() => {
        over = true;
        wake?.();
      });
      for (;;) {
        step(20, onProgress);
        if (files.left + paths.left > 0) await yieldToLoop();
        else if (over) return;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    async finish(onProgress) {
      while (files.left + paths.left > 0) {
        const n = files.left || paths.left;
        lint(n);
        done += n;
      }
      if (done) onProgress?.(done);
      const result = out;
      out = emptyResult();
      done = 0;
      return result;
    },
  };
}

const emptyResult = (): BatchResult => ({ findings: [], notes: [], stats: emptyStats() });

export function merge(into: BatchResult, r: BatchResult): void {
  for (const f of r.findings) into.findings.push(f);
  for (const n of r.notes) into.notes.push(n);
  addStats(into.stats, r.stats);
}
