/*
 * The walk's census by a C program (src/native/tree-census.c), on the rg path. There rg reads
 * the files, and the walk is needed only for what rg does not say: how many files the walk
 * takes (so that rg's --stats count stands for them: no file skipped as too large), and the
 * notes on symbolic links. In JS that walk costs about a third of a CPU-second on a whole
 * kernel tree, on the thread that also lints rg's files; the program costs a tenth, in a
 * process of its own, while rg searches.
 *
 * The program counts and lists; the walk's own code (TreeWalker) decides which links are noted
 * and how, and the names the program leaves undecided. Without the program (no C compiler,
 * NETBACK_POLICY_CENSUS=off), or when it fails (an unreadable directory: the walk notes it),
 * or for inputs it does not cover (files named beside the directories, nested directories,
 * non-ASCII endings), the walk runs in JS as before. test/source/tree-census.test.ts compares
 * both on fixtures and on linux-6.1.
 */
import { spawn } from 'node:child_process';
import { nativeProgram } from './native-program.js';
import type { TreeWalker } from './walk.js';

/** What the walk would count and note, without its list of files. */
export interface Census {
  /** Files the walk would hand out. */
  count: number;
  notes: string[];
}

/** The program's arguments for the walker's inputs, or undefined when it cannot stand for the walk. */
export function censusArgs(walker: TreeWalker): string[] | undefined {
  const prefixes = walker.starts.map((s) => s.prefix);
  // Nested inputs list some files twice, each noted against its own root: left to the walk
  // ('' is '.', which holds every other relative input).
  if (!prefixes.length || (prefixes.length > 1 && prefixes.includes(''))) return undefined;
  if (prefixes.some((a, i) => prefixes.some((b, j) => i !== j && b.startsWith(a)))) return undefined;
  // Endings are compared as bytes there, as UTF-16 here: the same only for ASCII.
  if (walker.extensions.some((x) => x === '' || /[^\x20-\x7e]/.test(x))) return undefined;
  return [...(walker.kbuild ? ['-k'] : []), ...walker.extensions.flatMap((x) => ['-e', x]), '--', ...prefixes];
}

/**
 * Starts the census at once; resolves with what the walk would count and note, or undefined
 * when the walk must run in JS instead.
 */
export function startCensus(walker: TreeWalker): Promise<Census | undefined> {
  // NETBACK_POLICY_CENSUS: `off` never runs the program, a path runs that one (tests).
  const command = nativeProgram('tree-census', 'NETBACK_POLICY_CENSUS');
  const args = censusArgs(walker);
  if (!command || !args) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => resolve(code === 0 ? parseCensus(Buffer.concat(chunks), walker) : undefined));
  });
}

/** The program's output: `l`/`k` PATH NUL records, then `n` COUNT NUL. */
function parseCensus(out: Buffer, walker: TreeWalker): Census | undefined {
  const recs = out.toString('utf8').split('\0');
  const last = recs.length - 2;
  // Ends with the count and its NUL (the split leaves '' after it).
  if (last < 0 || recs[last + 1] !== '' || !/^n\d+$/.test(recs[last]!)) return undefined;
  let count = Number(recs[last]!.slice(1));
  if (!Number.isSafeInteger(count)) return undefined;
  const links: Array<{ path: string; root: string }> = [];
  for (let k = 0; k < last; k++) {
    const rec = recs[k]!;
    const path = rec.slice(1);
    // The inputs do not nest (censusArgs): one prefix at most is the path's.
    const root = walker.starts.find((s) => path.startsWith(s.prefix));
    if (!root) return undefined;
    if (rec[0] === 'l') links.push({ path, root: root.root });
    else if (rec[0] === 'k') count += walker.takes(path.slice(path.lastIndexOf('/') + 1)) ? 1 : 0;
    else return undefined;
  }
  return { count, notes: walker.linkNotes(links) };
}
