import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let root: string | undefined;
/**
 * The directory holding package.json, templates/ and samples/, whether running from
 * src/ (vitest) or from dist/src/ (the built CLI).
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return (root = dir);
    dir = dirname(dir);
  }
  throw new Error('netback-policy: cannot find the package root (package.json + templates/)');
}
