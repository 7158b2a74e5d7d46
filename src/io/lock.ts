/*
 * A lock file beside a directory we are about to replace, so that two runs into one --out take
 * turns. It holds the owner's pid: a lock whose owner is gone (killed with SIGKILL) is taken over.
 */
import { openSync, writeSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { NetbackError } from '../core/errors.js';
import { onAbort } from './cleanup.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryTake(path: string): boolean {
  try {
    const fd = openSync(path, 'wx', 0o644);
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  let owner: number;
  try {
    owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
  } catch {
    return false; // released meanwhile, or being written: try again
  }
  // An empty lock is one being written this instant; a dead owner's lock is stale.
  if (Number.isInteger(owner) && owner > 0 && !alive(owner)) rmSync(path, { force: true });
  return false;
}

const sleep = new Int32Array(new SharedArrayBuffer(4));

/**
 * Takes the lock at `path`, waiting up to `waitMs` for another process to release it. Returns the
 * release function. Sync on purpose: the writes it guards are sync, so nothing else runs meanwhile.
 */
export function takeLock(path: string, what: string, waitMs = 30_000): () => void {
  const until = Date.now() + waitMs;
  while (!tryTake(path)) {
    if (Date.now() > until) {
      throw new NetbackError('locked', `another netback-policy is writing ${what} (lock file ${path})`, {
        file: what,
        hint: 'wait for it, or remove the lock file if no netback-policy is running',
      });
    }
    Atomics.wait(sleep, 0, 0, 20);
  }
  const forget = onAbort(() => rmSync(path, { force: true }));
  return () => {
    forget();
    rmSync(path, { force: true });
  };
}
