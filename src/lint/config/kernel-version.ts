import { NetbackError } from '../../core/errors.js';

/** A kernel release as numbers: 2.6.32 → [2, 6, 32]; 6.1 → [6, 1, 0]. */
export type KernelVersion = readonly [number, number, number];

const RE = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:\.\d+)?(?:[-+~].*)?$/;

export function parseKernelVersion(s: string, origin = '--kernel-version'): KernelVersion {
  const m = RE.exec(s.trim());
  if (!m) {
    throw new NetbackError('bad-kernel-version', `${origin}: '${s}' is not a kernel version`, {
      hint: 'write it like 2.6.32 or 6.1.192',
    });
  }
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

export function compareVersions(a: KernelVersion, b: KernelVersion): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** `v` is at least `min` (given as text for readable rule tables: `atLeast(v, '3.12')`). */
export function atLeast(v: KernelVersion, min: string): boolean {
  return compareVersions(v, parseKernelVersion(min)) >= 0;
}

export function formatVersion(v: KernelVersion): string {
  return `${v[0]}.${v[1]}.${v[2]}`;
}
