/*
 * Which linter a staged path belongs to. Names only, except policies: a TypeScript/JavaScript
 * file is a policy when its staged text imports 'netback-policy' and calls definePolicy(), so
 * the project's own sources and unrelated scripts are never loaded.
 */
import { basename } from 'node:path';
import { isKbuildName } from '../lint/source/scanning/file-kind.js';

export type LintKind = 'source' | 'config' | 'policy-candidate';

export function classifyPath(path: string): LintKind | undefined {
  const name = basename(path);
  // C, and Kbuild makefiles (lint-source checks their -DDEBUG flags).
  if (/\.[ch]$/.test(name) || isKbuildName(name)) return 'source';
  // `.config`, `x86_64_defconfig`, `defconfig`, and merge_config.sh fragments such as `xen.config`.
  if (name === '.config' || /defconfig$/.test(name) || /\.config$/.test(name)) return 'config';
  if (/\.(?:ts|mts|cts|js|mjs|cjs)$/.test(name) && !/\.d\.[mc]?ts$/.test(name)) return 'policy-candidate';
  return undefined;
}

const IMPORTS_US = /(?:from\s*|import\s*\(\s*|require\s*\(\s*)['"]netback-policy['"]/;

/** A policy file: imports this package and calls definePolicy. */
export function isPolicyText(text: string): boolean {
  return IMPORTS_US.test(text) && /\bdefinePolicy\s*\(/.test(text);
}
