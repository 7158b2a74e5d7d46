/* Small helpers shared by the pvops changes: read, edit, write one file of the working copy. */
import type { Workspace } from '../patch/tree.js';
import type { CText } from '../patch/c-text.js';
import { applyEdits, type Edit } from '../patch/edit.js';
import { findFunction, findLoop, type Block } from '../patch/locate.js';
import { render } from '../patch/templates.js';

export const T = (name: string, ctx: object = {}): string => render(`pvops-2.6.32/${name}`, ctx);

/** Edits one file: `fn` gets the file (masked for lookups) and returns edits on it. */
export function editFile(ws: Workspace, path: string, fn: (src: CText) => Edit[]): void {
  const src = ws.c(path);
  ws.write(path, applyEdits(src.text, fn(src), path));
}

/** netback_init()'s per-group loop: `for (group = 0; group < xen_netbk_group_nr; group++) {`. */
export function groupLoop(src: CText): { init: Block; loop: Block } {
  const init = findFunction(src, 'netback_init');
  const loop = findLoop(src, init, /<\s*xen_netbk_group_nr\b/, 'for (group < xen_netbk_group_nr)');
  return { init, loop };
}

/** Whether the tree (or working copy) already defines netbk_group_cpu(). */
export function hasGroupCpuHelper(src: CText): boolean {
  return /\bnetbk_group_cpu\s*\(/.test(src.masked);
}
