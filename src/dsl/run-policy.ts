/*
 * Evaluating a policy bundle with limits: in a worker thread with a heap cap, killed when it
 * runs past the time limit. An endless loop, a top-level await that never settles, a timer
 * that keeps it alive, a process.exit() or a heap blow-up each become one NetbackError (exit 2)
 * instead of a hang, a silent exit 0 or a crash of the CLI.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { NetbackError } from '../core/errors.js';
import type { Policy } from './policy.js';
import type { PolicyIssue } from './validate.js';

export interface WorkerInput {
  url: string;
  source: string;
}

export type WorkerReply =
  | { kind: 'ok'; policy?: Policy; issues: PolicyIssue[]; running: string[] }
  | { kind: 'throws'; message: string; stack: string }
  | { kind: 'no-default' }
  | { kind: 'not-defined' };

export interface PolicyLimits {
  /** Wall-clock time for loading, in milliseconds. */
  timeoutMs: number;
  /** V8 old-generation heap for the policy, in MB. */
  memoryMb: number;
}

/** NETBACK_POLICY_MEMORY_MB overrides the heap cap (tests use a small one to reach it quickly). */
const memoryMb = Number(process.env['NETBACK_POLICY_MEMORY_MB']) || 256;
export const DEFAULT_LIMITS: PolicyLimits = { timeoutMs: 5000, memoryMb };

/** The worker's built module (tests run this file from src/, where only the .ts exists). */
function workerUrl(): URL {
  const here = new URL('./load-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL('../../dist/src/dsl/load-worker.js', import.meta.url);
}

const HINT = 'a policy only builds and exports its object';

/** Runs the bundle at `url` in a worker; `file` is what messages name. */
export function runPolicyBundle(input: WorkerInput, file: string, limits: PolicyLimits): Promise<WorkerReply> {
  const seconds = `${limits.timeoutMs / 1000} s`;
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(workerUrl(), {
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb },
      stdin: false,
    });
    let reply: WorkerReply | undefined;
    let failure: NetbackError | undefined;
    const fail = (message: string, hint = HINT): void => {
      failure ??= new NetbackError('policy-limits', message, { file, hint });
    };
    const timer = setTimeout(() => {
      if (reply?.kind === 'ok' && reply.running.length) {
        fail(
          `the policy was still running ${seconds} after loading (it left ` +
            `${[...new Set(reply.running)].join(', ')} active: a setInterval or an open handle)`,
        );
      } else {
        fail(
          `the policy did not finish loading within ${seconds} (an endless loop, or a promise that never settles?)`,
          `${HINT}; --policy-timeout <seconds> allows longer`,
        );
      }
      void worker.terminate();
    }, limits.timeoutMs);
    worker.on('message', (m: WorkerReply) => {
      reply ??= m;
    });
    worker.on('error', (e: Error & { code?: string }) => {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY')
        fail(`the policy used more than ${limits.memoryMb} MB of memory while loading`);
      else reply ??= { kind: 'throws', message: e.message, stack: String(e.stack ?? '') };
    });
    worker.on('exit', (code) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      if (reply) return resolvePromise(reply);
      if (code === 13)
        return reject(
          new NetbackError('policy-limits', 'the policy never finished loading: a top-level await never settles', {
            file,
            hint: HINT,
          }),
        );
      reject(
        new NetbackError(
          'policy-limits',
          `the policy ended the process while loading (exit code ${code}: process.exit()?)`,
          { file, hint: HINT },
        ),
      );
    });
  });
}

/** `--policy-timeout <seconds>` as limits (undefined: the default). */
export function policyLimitsOption(seconds: string | undefined): Partial<PolicyLimits> {
  if (seconds === undefined) return {};
  const n = Number(seconds);
  if (!/^\d+(?:\.\d+)?$/.test(seconds.trim()) || !(n > 0 && n <= 3600)) {
    throw new NetbackError('bad-usage', `--policy-timeout '${seconds}' is not a number of seconds in (0, 3600]`);
  }
  return { timeoutMs: Math.round(n * 1000) };
}
