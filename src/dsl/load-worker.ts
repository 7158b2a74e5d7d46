/*
 * The worker thread that evaluates a policy bundle (see run-policy.ts): imports it, checks its
 * default export came from definePolicy(), validates it, and posts back plain data only, so
 * nothing the policy left behind (timers, globals, a process.exit) reaches the CLI's own thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isDefinedPolicy } from './define-policy.js';
import { validatePolicy } from './validate.js';
import type { WorkerReply, WorkerInput } from './run-policy.js';

const input = workerData as WorkerInput;
const baseline = process.getActiveResourcesInfo();

function reply(r: WorkerReply): void {
  parentPort!.postMessage(r);
}

/** Resources (timers, handles) the policy left keeping this thread alive. */
function leftRunning(): string[] {
  const now = process.getActiveResourcesInfo();
  for (const r of baseline) {
    const i = now.indexOf(r);
    if (i >= 0) now.splice(i, 1);
  }
  return now;
}

process.setSourceMapsEnabled(true);
let mod: Record<string, unknown> | undefined;
try {
  mod = (await import(input.url)) as Record<string, unknown>;
} catch (e) {
  const err = e as Error;
  reply({ kind: 'throws', message: err?.message ?? String(e), stack: String(err?.stack ?? '') });
}
if (mod) {
  if (!('default' in mod)) reply({ kind: 'no-default' });
  else if (!isDefinedPolicy(mod.default)) reply({ kind: 'not-defined' });
  else {
    try {
      const { policy, issues } = validatePolicy(mod.default, input.source);
      reply({ kind: 'ok', ...(policy ? { policy } : {}), issues, running: leftRunning() });
    } catch (e) {
      // A getter or a Proxy in the policy object threw while it was being checked.
      const err = e as Error;
      reply({ kind: 'throws', message: err?.message ?? String(e), stack: String(err?.stack ?? '') });
    }
  }
}
