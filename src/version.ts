import { readFileSync } from 'node:fs';
import { packageRoot } from './io/package-root.js';
import { join } from 'node:path';

let cached: string | undefined;
/** The package version, read once from package.json (kept out of the import graph for speed). */
export function version(): string {
  cached ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return cached;
}
