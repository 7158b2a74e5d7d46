/*
 * The native program lint-source can use on the rg path (src/native/, built into dist/native/
 * by `npm run build` when a C compiler is there): the settle stage (native-settle.ts). It is
 * optional: without it the same work is done in JS.
 */
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../io/package-root.js';

/** Where `npm run build` puts the native programs (also when running from src/, as the tests do). */
export function nativeDir(): string {
  return join(packageRoot(), 'dist', 'native');
}

/**
 * The native program `name`, when it can be run. The environment variable `env` overrides it:
 * `off` never runs one, a path runs that program instead (tests).
 */
export function nativeProgram(name: string, env: string): string | undefined {
  const override = process.env[env];
  if (override === 'off') return undefined;
  const command = override || join(nativeDir(), name);
  try {
    accessSync(command, constants.X_OK);
    return command;
  } catch {
    return undefined;
  }
}
