/*
 * Candidate selection by ripgrep. Opening and reading 58k files costs Node about a second of
 * CPU per thread before any prefilter runs; rg reads the same tree with SIMD literal search in a
 * fraction of that. So when rg is on PATH it prints the lines that can start a finding (with
 * their byte offsets) and counts the files and bytes it searched; meanwhile the walk only counts
 * the files and notes symlinks (the JS walk listing names),
 * to check rg's list against; and only rg's files are considered, their lines choosing the rules
 * to try (batch.ts runListed: most are never read).
 *
 * rg must print every line on which a candidate match starts, or findings would be lost:
 *   - each rule's `fast.rgLinePattern` (its candidate regex, as a line pattern: see rule.ts), else its
 *     tokens as literals (a token spanning a newline given as its longest line: a file holding
 *     the token holds that line); case-sensitive, Unicode off so that `.` and classes match
 *     any byte, as the JS side reads bytes as latin-1;
 *   - no ignore files, no config file, hidden files, symlinks not followed (as our walk);
 *   - binary files searched as text (-a), no BOM transcoding (-E none): bytes as we read them;
 *   - one rg over every kind of file the walk takes, with the patterns of every rule that
 *     checks one of them (more lines than needed is only slower; the JS side sorts them out);
 *   - every matching line with its byte offset (rg searches each file to its end), and
 *     --stats: how many files and bytes it searched, which spares the walk a stat per file
 *     (see index.ts);
 *   - the walk's file names by glob; a file rg lists that the walk did not find (or lists
 *     twice) makes the run read every walked file in JS instead (index.ts, trusted()).
 * Any rg error (exit 2: an unreadable file, a bad glob; or no rg at all) or output not as
 * expected makes the run fall back to scanning every walked file in JS, so the findings never
 * depend on rg. The files come as rg lists them, so they are scanned while rg still searches.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { nameFromBytes } from '../../../core/quote-path.js';

export interface RgQuery {
  /** Directories as the walk reports them: '' for '.', else ending in '/'. */
  roots: string[];
  /** Rust regexes, each matched against one line at a time: a file is a candidate if any matches. */
  patterns: string[];
  /** rg globs naming the files (`*.c`, `Makefile`). */
  globs: string[];
}

/** A token as a literal rg pattern: its longest newline-free part, regex-escaped. */
export function tokenPattern(token: string): string {
  const line = token.split(/[\r\n]/).reduce((a, b) => (b.length > a.length ? b : a), '');
  return line.replace(/[\\.+*?()|[\]{}^$#&~-]/g, '\\$&').replace(/\t/g, '\\t');
}

/** An rg glob matching names that end in `ext`. */
export function extensionGlob(ext: string): string {
  return '*' + ext.replace(/[\\*?[\]{}!]/g, '\\$&');
}

/** The rg binary; NETBACK_POLICY_RG overrides it (tests point it at a missing or failing one). */
function rgCommand(): string {
  return process.env['NETBACK_POLICY_RG'] || 'rg';
}

/**
 * Whether rg can be run, from PATH alone (a few access() calls): without it the walk reads
 * every file at once instead of first counting them for rg's candidates.
 */
export function rgAvailable(): boolean {
  const cmd = rgCommand();
  const dirs = cmd.includes('/') ? [''] : (process.env['PATH'] ?? '').split(delimiter).filter(Boolean);
  for (const d of dirs) {
    try {
      accessSync(d ? join(d, cmd) : cmd, constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

/**
 * The rg arguments for one search (exported for the tests and the bench). `maxSize`: files
 * larger are not searched (as lint-source skips them); rg then counts, in `--stats`, exactly the
 * files and bytes it searched.
 */
export function rgArgs(q: RgQuery, maxSize?: number): string[] {
  const args = [
    '--no-config',
    '--byte-offset',
    '--no-line-number',
    '--no-heading',
    '--color',
    'never',
    '--stats',
    '--null',
    '--text',
    '--encoding',
    'none',
  ];
  if (maxSize !== undefined) args.push('--max-filesize', String(maxSize));
  args.push('--no-ignore', '--hidden', '--no-follow', '--case-sensitive', '--no-messages');
  // Bytes, not UTF-8: `.` and `[^x]` match any byte but a newline, `\s` and `\w` are ASCII.
  for (const p of [...new Set(q.patterns)].sort()) args.push('-e', `(?-u)${p}`);
  for (const g of q.globs) args.push('-g', g);
  args.push('-g', '!.git/', '--');
  for (const r of q.roots) args.push(r === '' ? '.' : r);
  return args;
}

/** How the rg search went: whether to trust it, and what it searched. */
export interface RgOutcome {
  /** rg ran and exited 0 or 1 with complete output. */
  ok: boolean;
  /** Files and bytes searched (rg's --stats). */
  files: number;
  bytes: number;
}

/** A line rg matched: its byte offset in the file and its bytes as latin-1 (no newline). */
export interface RgLine {
  offset: number;
  text: string;
}

/** A file rg listed, with the lines it matched (in file order). */
export interface RgFile {
  path: string;
  lines: RgLine[];
}

/**
 * Starts rg at once and calls `onFile` with each file as rg lists it (spelt as the walk spells
 * it; in rg's order, which varies from run to run), with its matched lines. Resolves when rg is
 * done: `ok` is false when rg is missing or fails, whatever it listed before.
 */
export function streamRg(q: RgQuery, onFile: (file: RgFile) => void, maxSize?: number): Promise<RgOutcome> {
  const failed = { ok: false, files: 0, bytes: 0 };
  // An empty pattern (a token that is only newlines) matches every file: nothing to gain.
  if (!q.roots.length || !q.globs.length || !q.patterns.length || q.patterns.includes(''))
    return Promise.resolve(failed);
  const dotRoot = q.roots.includes('');
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(rgCommand(), rgArgs(q, maxSize), { stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      resolve(failed);
      return;
    }
    const parser = new RgOutputParser((raw, lines) => {
      // Paths are bytes like the lines; the walk spells them as UTF-8 (other bytes escaped: quote-path.ts).
      let path = NON_ASCII.test(raw) ? nameFromBytes(Buffer.from(raw, 'latin1')) : raw;
      // rg prints `./x.c` under the root `.`; the walk prints `x.c`.
      if (dotRoot && path.startsWith('./')) path = path.slice(2);
      onFile({ path, lines });
    });
    const out = child.stdout!;
    out.setEncoding('latin1');
    out.on('data', (s: string) => parser.push(s));
    child.on('error', () => resolve(failed));
    // 0: files listed, 1: none; 2 (an error, even with matches) or a signal: not trusted.
    child.on('close', (code) => {
      const stats = parser.end();
      if ((code !== 0 && code !== 1) || !stats) resolve(failed);
      else resolve({ ok: true, ...stats });
    });
  });
}

const NON_ASCII = /[\x80-\xff]/;

/**
 * rg's output, read as latin-1 text: records `path NUL offset ':' line LF`, a file's records
 * together (rg writes each file's output at once), then the --stats lines (no NUL). A chunk may
 * end inside a record.
 */
export class RgOutputParser {
  private rest = '';
  private path: string | undefined;
  private lines: RgLine[] = [];
  /** Something that is neither a record nor a --stats line: the output is not trusted. */
  private broken = false;
  private tail = '';

  constructor(private readonly onFile: (path: string, lines: RgLine[]) => void) {}

  push(chunk: string): void {
    const s = this.rest + chunk;
    let at = 0;
    for (;;) {
      const lf = s.indexOf('\n', at);
      if (lf < 0) break;
      const nul = s.indexOf('\0', at);
      if (nul < 0 || nul > lf) {
        // A line without a NUL: the --stats after the last record.
        this.flush();
        this.tail += s.slice(at, lf + 1);
      } else {
        const colon = s.indexOf(':', nul);
        const offset = colon > nul + 1 && colon < lf ? Number(s.slice(nul + 1, colon)) : NaN;
        if (!Number.isSafeInteger(offset) || this.tail) this.broken = true;
        else {
          const path = s.slice(at, nul);
          if (path !== this.path) this.flush();
          this.path = path;
          this.lines.push({ offset, text: s.slice(colon + 1, lf) });
        }
      }
      at = lf + 1;
    }
    this.rest = s.slice(at);
  }

  /** The files and bytes rg searched, or undefined when the output was not as expected. */
  end(): { files: number; bytes: number } | undefined {
    this.flush();
    const files = /^(\d+) files searched$/m.exec(this.tail);
    const bytes = /^(\d+) bytes searched$/m.exec(this.tail);
    if (this.broken || this.rest || !files || !bytes) return undefined;
    return { files: Number(files[1]), bytes: Number(bytes[1]) };
  }

  private flush(): void {
    if (this.path !== undefined && this.path !== '') this.onFile(this.path, this.lines);
    else if (this.path === '') this.broken = true;
    this.path = undefined;
    this.lines = [];
  }
}
