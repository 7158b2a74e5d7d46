/* Whole-tree lint-source (walk, ripgrep, worker threads) bound to the built-in rules. */
import * as tree from '../lint/source/index.js';
import type { LintSourceOptions, LintSourceResult } from '../lint/source/index.js';
import type { RgQuery } from '../lint/source/selection/rg-select.js';
import { SOURCE_RULE_SET, type Bound } from './source.js';

export { DEFAULT_MAX_SIZE, type LintSourceResult } from '../lint/source/index.js';
export { lintSourceText, selectRules, SOURCE_RULE_SET } from './source.js';

export function lintSourcePaths(paths: string[], opts: Bound<LintSourceOptions> = {}): Promise<LintSourceResult> {
  return tree.lintSourcePaths(paths, { ...opts, set: SOURCE_RULE_SET });
}

export function rgQuery(roots: string[], opts: Bound<LintSourceOptions> = {}): RgQuery {
  return tree.rgQuery(roots, { ...opts, set: SOURCE_RULE_SET });
}
