import { extractLinuxTree } from './linux-tree.js';

/** Runs once per `vitest run`: extract the real tree before any test file needs it. */
export default function setup(): void {
  if (process.env.NETBACK_POLICY_SKIP_REAL === '1') return;
  extractLinuxTree();
}
