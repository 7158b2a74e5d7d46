/*
 * One file's change as git writes it: `diff --git a/ b/`, `index`, `---`/`+++`, hunks with 3
 * lines of context (diff's structuredPatch), and the counts the diffstat needs.
 */
import { structuredPatch } from 'diff';
import { blobId } from './git-hash.js';

export interface FileDiff {
  path: string;
  text: string;
  added: number;
  removed: number;
}

/** The line a hunk sits under, as git's default funcname rule picks it (starts with a letter, _ or $). */
function hunkContext(oldLines: string[], before: number): string {
  for (let i = before - 1; i >= 0; i--) {
    const l = oldLines[i]!;
    if (/^[A-Za-z_$]/.test(l)) {
      return ` ${l.slice(0, 80).trimEnd()}`;
    }
  }
  return '';
}

export function fileDiff(path: string, before: string, after: string, mode = '100644'): FileDiff | null {
  if (before === after) return null;
  const p = structuredPatch(`a/${path}`, `b/${path}`, before, after, '', '', { context: 3 });
  const oldLines = before.split('\n');
  const index = `index ${blobId(before).slice(0, 12)}..${blobId(after).slice(0, 12)} ${mode}`;
  let text = `diff --git a/${path} b/${path}\n${index}\n`;
  text += `--- a/${path}\n+++ b/${path}\n`;
  let added = 0;
  let removed = 0;
  for (const h of p.hunks) {
    // Unified diff convention: an empty range starts at the line before it.
    const os = h.oldLines === 0 ? h.oldStart - 1 : h.oldStart;
    const ns = h.newLines === 0 ? h.newStart - 1 : h.newStart;
    const range = (s: number, n: number): string => (n === 1 ? `${s}` : `${s},${n}`);
    text += `@@ -${range(os, h.oldLines)} +${range(ns, h.newLines)} @@${hunkContext(oldLines, h.oldStart - 1)}\n`;
    for (const l of h.lines) {
      text += `${l}\n`;
      if (l.startsWith('+')) added++;
      else if (l.startsWith('-')) removed++;
    }
  }
  return { path, text, added, removed };
}

/** git's diffstat (format-patch width): ` path | n +++--`, then the summary line. */
export function diffstat(files: FileDiff[], width = 72): string {
  if (!files.length) return '';
  const nameW = Math.max(...files.map((f) => f.path.length));
  const total = (f: FileDiff): number => f.added + f.removed;
  const countW = Math.max(...files.map((f) => String(total(f)).length));
  const maxChange = Math.max(...files.map(total));
  const room = Math.max(10, width - nameW - countW - 5);
  const scale = (n: number): number =>
    maxChange <= room ? n : Math.max(n ? 1 : 0, Math.round((n * room) / maxChange));
  let out = '';
  for (const f of files) {
    const a = scale(f.added);
    const r = scale(f.removed);
    out += ` ${f.path.padEnd(nameW)} | ${String(total(f)).padStart(countW)} ${'+'.repeat(a)}${'-'.repeat(r)}\n`;
  }
  const adds = files.reduce((s, f) => s + f.added, 0);
  const dels = files.reduce((s, f) => s + f.removed, 0);
  let sum = ` ${files.length} file${files.length === 1 ? '' : 's'} changed`;
  if (adds) sum += `, ${adds} insertion${adds === 1 ? '' : 's'}(+)`;
  if (dels) sum += `, ${dels} deletion${dels === 1 ? '' : 's'}(-)`;
  return `${out}${sum}\n`;
}
