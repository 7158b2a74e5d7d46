/*
 * Cleanups that must run however the process ends early: a temporary bundle, a half-written
 * directory, a lock file. While any is registered, SIGINT/SIGTERM/SIGHUP run them all and then
 * end the process with that signal, as if nothing had caught it.
 */
import { rmSync } from 'node:fs';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const pending = new Set<() => void>();

function onSignal(sig: NodeJS.Signals): void {
  for (const fn of [...pending]) {
    try {
      fn();
    } catch {
      // best effort: the process is going away
    }
  }
  pending.clear();
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  process.kill(process.pid, sig);
}

/** Registers `fn` until the returned function is called (which runs nothing). */
export function onAbort(fn: () => void): () => void {
  if (!pending.size) for (const s of SIGNALS) process.on(s, onSignal);
  pending.add(fn);
  return () => {
    pending.delete(fn);
    if (!pending.size) for (const s of SIGNALS) process.removeListener(s, onSignal);
  };
}

/** Removes a file or directory tree if it is there; never throws (a missing parent, ENOTDIR...). */
export function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // nothing we made is there
  }
}

/** Registers the removal of a path (file or directory tree) until released. */
export function removeOnAbort(path: string): () => void {
  return onAbort(() => removeQuietly(path));
}
