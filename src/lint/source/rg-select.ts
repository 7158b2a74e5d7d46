/*
 * Candidate selection by ripgrep. Opening and reading 58k files costs Node about a second of
 * CPU per thread before any prefilter runs; rg reads the same tree with SIMD multi-literal
 * search (Teddy) in a fraction of that. So when rg is on PATH it lists the files holding any
 * rule token, the JS walk meanwhile only stats files (for the notes and the file and byte
 * counts), and only rg's files are read and scanned, the JS prefilter re-applied to them.
 *
 * rg must list a superset of the files the JS prefilter passes, or findings would be lost:
 *   - fixed strings, case-sensitive, every token of every enabled rule, word ends not asked
 *     (the JS prefilter checks them again on rg's files);
 *   - no ignore files, no config file, hidden files, symlinks not followed (as our walk);
 *   - binary files searched as text (-a), no BOM transcoding (-E none): bytes as we read them;
 *   - a token spanning a newline (`\nmutex`) is given as its longest line (rg -F cannot match a
 *     newline without -U, which is 50x slower): a file holding the token holds that line;
 *   - the walk's file names by glob; anything extra rg lists is dropped by the intersection
 *     with the walk.
 * Any rg error (exit 2: an unreadable file, a bad glob; or no rg at all) makes the run fall
 * back to scanning every walked file in JS, so the findings never depend on rg. The files
 * come as rg lists them, so the threads scan while rg is still searching.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface RgQuery {
  /** Directories as the walk reports them: '' for '.', else ending in '/'. */
  roots: string[];
  tokens: string[];
  /** File name endings scanned as C. */
  extensions: string[];
  /** Also Makefile/Kbuild files. */
  kbuild: boolean;
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

/** The rg arguments for a query (exported for the tests and the bench). */
export function rgArgs(q: RgQuery): string[] {
  const args = ['--no-config', '--files-with-matches', '--null', '--fixed-strings', '--text', '--encoding', 'none'];
  args.push('--no-ignore', '--hidden', '--no-follow', '--case-sensitive', '--no-messages');
  const lines = new Set<string>();
  for (const t of q.tokens) {
    // The longest newline-free part of the token: present in every file holding the token.
    const line = t.split(/[\r\n]/).reduce((a, b) => (b.length > a.length ? b : a), '');
    if (line) lines.add(line);
  }
  for (const l of [...lines].sort()) args.push('-e', l);
  for (const x of q.extensions) args.push('-g', '*' + x.replace(/[\\*?[\]{}!]/g, '\\$&'));
  if (q.kbuild) args.push('-g', 'Makefile', '-g', 'Makefile.*', '-g', 'Kbuild', '-g', 'Kbuild.*');
  args.push('-g', '!.git/', '--');
  for (const r of q.roots) args.push(r === '' ? '.' : r);
  return args;
}

/**
 * Starts rg at once and calls `onPath` with each file as rg lists it (spelt as the walk spells
 * it; in rg's order, which varies from run to run). Resolves to whether the list is complete
 * and trustworthy: false when rg is missing or fails, whatever it listed before.
 */
export function streamRg(q: RgQuery, onPath: (path: string) => void): Promise<boolean> {
  // A token that is empty, or only newlines, matches every file: nothing to gain from rg.
  if (!q.roots.length || !q.tokens.length || q.tokens.some((t) => !/[^\r\n]/.test(t))) return Promise.resolve(false);
  const dotRoot = q.roots.includes('');
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(rgCommand(), rgArgs(q), { stdio: ['ignore', 'pipe', 'ignore'] });
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
