/*
 * Hostile-input rows run as real CLI processes with a time bound: what every row asserts besides
 * its exit code. An exit-2 row prints exactly one line on stderr (the error, naming the path), a row
 * never runs past its bound, and nothing is left in the private temp directory it gets as TMPDIR.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, REPO } from './cli.js';

export interface HostileRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface HostileOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Kill the process after this long (the row then fails: it hung). */
  timeoutMs?: number;
  /** Run as this uid/gid when we are root (permissions mean nothing to root). */
  uid?: number;
}

/** The TMPDIR a row's process gets: inside the row's directory, so leftovers can be listed. */
export function privateTmp(dir: string): string {
  const t = join(dir, '.tmp');
  mkdirSync(t, { recursive: true });
  chmodSync(t, 0o1777); // rows run as another user write here too
  return t;
}

function spawnOptions(dir: string, o: HostileOptions) {
  return {
    cwd: o.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: '1', TMPDIR: privateTmp(dir), ...o.env },
    encoding: 'utf8' as const,
    // Only root can (and must) switch: as anyone else the permissions already apply.
    ...(o.uid !== undefined && process.getuid?.() === 0 ? { uid: o.uid, gid: o.uid } : {}),
  };
}

/** Runs the CLI once, synchronously, killed at the time bound. */
export function runHostile(dir: string, args: string[], o: HostileOptions = {}): HostileRun {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [CLI, ...args], {
    ...spawnOptions(dir, o),
    timeout: o.timeoutMs ?? 15_000,
    input: '',
    maxBuffer: 256 << 20,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - t0 };
}

/** Starts the CLI without waiting (concurrent runs, signals). */
export function startHostile(dir: string, args: string[], o: HostileOptions = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { ...spawnOptions(dir, o), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const t0 = Date.now();
  const done = new Promise<HostileRun>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - t0 })),
  );
  return { child, done };
}

/** What a finished row left in its private TMPDIR (should be nothing). */
export function tmpLeftovers(dir: string): string[] {
  return readdirSync(privateTmp(dir));
}
