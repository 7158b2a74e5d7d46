/*
 * Candidate selection by ripgrep. Opening and reading 58k files costs Node about a second of
 * CPU per thread before any prefilter runs; rg reads the same tree with SIMD literal search in a
 * fraction of that. So when rg is on PATH it lists the files that can hold a finding, the JS walk
 * meanwhile only stats files (for the notes and the file and byte counts), and only rg's files
 * are read and scanned, the JS prefilter and candidate regexes re-applied to them.
 *
 * rg must list a superset of the files the JS prefilter and candidate regexes pass, or findings
 * would be lost:
 *   - each rule's `rgPattern` (its candidate regex, as a line pattern: see rule.ts), else its
 *     tokens as literals (a token spanning a newline given as its longest line: a file holding
 *     the token holds that line); case-sensitive, Unicode off so that `.` and classes match
 *     any byte, as the JS side reads bytes as latin-1;
 *   - no ignore files, no config file, hidden files, symlinks not followed (as our walk);
 *   - binary files searched as text (-a), no BOM transcoding (-E none): bytes as we read them;
 *   - one rg per kind of file (headers; other C files and Kbuild makefiles), each with only
 *     the patterns of the rules that check that kind: `#define` lines fill headers, and a
 *     `define` pattern there would slow rg down for nothing (debug-enabled-in-source skips
 *     headers);
 *   - the walk's file names by glob; anything extra rg lists is dropped by the intersection
 *     with the walk.
 * Any rg error (exit 2: an unreadable file, a bad glob; or no rg at all) makes the run fall
 * back to scanning every walked file in JS, so the findings never depend on rg. The files
 * come as rg lists them, so the threads scan while rg is still searching.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** One rg run: line patterns over some kinds of files. */
export interface RgSearch {
  /** Rust regexes, each matched against one line at a time. */
  patterns: string[];
  /** rg globs naming the files (`*.c`, `Makefile`). */
  globs: string[];
}

export interface RgQuery {
  /** Directories as the walk reports them: '' for '.', else ending in '/'. */
  roots: string[];
  /** Run side by side; a file is a candidate when any of them lists it. */
  searches: RgSearch[];
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
export function rgCommand(): string {
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

/** The rg arguments for one search (exported for the tests and the bench). */
export function rgArgs(roots: string[], search: RgSearch): string[] {
  const args = ['--no-config', '--files-with-matches', '--null', '--text', '--encoding', 'none'];
  args.push('--no-ignore', '--hidden', '--no-follow', '--case-sensitive', '--no-messages');
  // Bytes, not UTF-8: `.` and `[^x]` match any byte but a newline, `\s` and `\w` are ASCII.
  for (const p of [...new Set(search.patterns)].sort()) args.push('-e', `(?-u)${p}`);
  for (const g of search.globs) args.push('-g', g);
  args.push('-g', '!.git/', '--');
  for (const r of roots) args.push(r === '' ? '.' : r);
  return args;
}

/**
 * Starts rg at once and calls `onPath` with each file as rg lists it (spelt as the walk spells
 * it; in rg's order, which varies from run to run). Resolves to whether the list is complete
 * and trustworthy: false when rg is missing or fails, whatever it listed before.
 */
export function streamRg(q: RgQuery, onPath: (path: string) => void): Promise<boolean> {
  const searches = q.searches.filter((s) => s.globs.length && s.patterns.length);
  // An empty pattern (a token that is only newlines) matches every file: nothing to gain.
  if (!q.roots.length || !searches.length || searches.some((s) => s.patterns.includes(''))) return Promise.resolve(false);
  return Promise.all(searches.map((s) => runOne(q.roots, s, onPath))).then((ok) => ok.every(Boolean));
}

function runOne(roots: string[], search: RgSearch, onPath: (path: string) => void): Promise<boolean> {
  const dotRoot = roots.includes('');
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(rgCommand(), rgArgs(roots, search), { stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      resolve(false);
      return;
    }
    // Paths end in NUL; a chunk may end inside one.
    let rest = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (s: string) => {
      const parts = (rest + s).split('\0');
      rest = parts.pop()!;
      // rg prints `./x.c` under the root `.`; the walk prints `x.c`.
      for (const p of parts) if (p) onPath(dotRoot && p.startsWith('./') ? p.slice(2) : p);
    });
    child.on('error', () => resolve(false));
    // 0: files listed, 1: none; 2 (an error, even with matches) or a signal: not trusted.
    child.on('close', (code) => resolve((code === 0 || code === 1) && rest === ''));
  });
}
