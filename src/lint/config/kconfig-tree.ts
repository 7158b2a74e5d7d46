/**
 * Reads a kernel tree's own Kconfig files (`--tree DIR`) for `select` and `depends on`, so the
 * root cause named in a report is the tree's, not our built-in table's. Only the relations are
 * read: enough to know which option pulled another in, not a full Kconfig evaluator.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NetbackError } from '../../core/errors.js';
import type { Relations } from './relations.js';
import { errnoWords, readFileBounded } from '../../io/bounded.js';

/** Directories that hold no Kconfig of the kernel proper. */
const SKIP = new Set(['Documentation', 'LICENSES', 'tools', 'usr']);
/** Statements that end a config entry (their own `depends on` belongs to a menu, not a symbol). */
const BLOCK_END = /^(menu|endmenu|choice|endchoice|comment|if|endif|source|rsource|osource|mainmenu)\b/;

const cache = new Map<string, Relations>();

export function readKconfigRelations(tree: string): Relations {
  const hit = cache.get(tree);
  if (hit) return hit;
  let st;
  try {
    st = statSync(tree);
  } catch {
    throw new NetbackError('bad-tree', 'no such directory', {
      file: tree,
      hint: '--tree takes the root of a kernel source tree',
    });
  }
  if (!st.isDirectory()) throw new NetbackError('bad-tree', 'not a directory', { file: tree });
  const files: string[] = [];
  collect(tree, files, 0);
  if (!files.some((f) => f.endsWith('/lib/Kconfig.debug'))) {
    throw new NetbackError('bad-tree', 'not a kernel source tree (no lib/Kconfig.debug)', { file: tree });
  }
  const rel: Relations = { selects: {}, dependsOn: {} };
  for (const f of files.sort()) parseKconfig(readFileBounded(f, f).toString('utf8'), rel);
  cache.set(tree, rel);
  return rel;
}

function collect(dir: string, out: string[], depth: number): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new NetbackError('bad-tree', `cannot read directory: ${errnoWords(e)}`, { file: dir });
  }
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    if (e.isDirectory()) {
      if (depth === 0 && SKIP.has(e.name)) continue;
      collect(join(dir, e.name), out, depth + 1);
    } else if (e.isFile() && e.name.startsWith('Kconfig')) {
      out.push(join(dir, e.name));
    }
  }
}

/** Adds one Kconfig file's relations to `rel` (exported for tests on small inputs). */
export function parseKconfig(text: string, rel: Relations): void {
  let current: string | undefined;
  let inHelp = false;
  const lines = text.replace(/\\\r?\n/g, ' ').split('\n');
  for (const raw of lines) {
    if (inHelp) {
      // Help text is indented; the first line back at column 0 ends it.
      if (raw.trim() === '' || /^\s/.test(raw)) continue;
      inHelp = false;
    }
    const s = raw.replace(/#.*$/, '').trim();
    if (!s) continue;
    let m: RegExpExecArray | null;
    if ((m = /^(?:menu)?config\s+([A-Za-z0-9_]+)/.exec(s))) {
      current = m[1]!;
    } else if (BLOCK_END.test(s)) {
      current = undefined;
    } else if (/^(help|---help---)$/.test(s)) {
      inHelp = true;
    } else if (current && (m = /^select\s+([A-Za-z0-9_]+)/.exec(s))) {
      addOnce((rel.selects[current] ??= []), m[1]!);
    } else if (current && (m = /^def_(?:bool|tristate)\s+([A-Z0-9_]+)$/.exec(s))) {
      // `def_bool PROVE_LOCKING`: comes and goes with that symbol, like a dependency.
      addOnce((rel.dependsOn[current] ??= []), m[1]!);
    } else if (current && (m = /^depends\s+on\s+(.*)$/.exec(s))) {
      for (const sym of requiredSymbols(m[1]!)) {
        addOnce((rel.dependsOn[current] ??= []), sym);
      }
    }
  }
}

/** The symbols an expression cannot be true without: top-level `&&` conjuncts that are a bare symbol. */
export function requiredSymbols(expr: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  const conj: string[] = [];
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && expr.startsWith('&&', i)) {
      conj.push(expr.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  conj.push(expr.slice(start));
  for (const c of conj) {
    const t = c.trim();
    if (/^[A-Z0-9_]+$/.test(t) && !/^\d+$/.test(t)) out.push(t);
  }
  return out;
}

function addOnce(list: string[], sym: string): void {
  if (!list.includes(sym)) list.push(sym);
}
