#!/usr/bin/env node
// Regenerates docs/cli.md's CLI reference (between <!-- cli:start --> and <!-- cli:end -->) from the
// built CLI's own --help, so the docs cannot drift from the program. `--check` exits 1 on drift.
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'src', 'cli.js');

function help(args) {
  const r = spawnSync(process.execPath, [cli, ...args, '--help'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', COLUMNS: '100' },
  });
  return r.stdout.trimEnd();
}

export function renderCliReference() {
  const top = help([]);
  const commands = [];
  let inCommands = false;
  for (const line of top.split('\n')) {
    if (/^Commands:/.test(line)) inCommands = true;
    else if (inCommands && /^\S/.test(line)) inCommands = false;
    else if (inCommands) {
      const m = /^ {2}([a-z][a-z-]*)/.exec(line);
      if (m && m[1] !== 'help') commands.push(m[1]);
    }
  }
  const parts = ['```text', '$ netback-policy --help', top, '```'];
  for (const c of commands) parts.push('', `### \`netback-policy ${c}\``, '', '```text', help([c]), '```');
  return parts.join('\n');
}

const START = '<!-- cli:start -->';
const END = '<!-- cli:end -->';
const docPath = join(root, 'docs', 'cli.md');
const doc = readFileSync(docPath, 'utf8');
const a = doc.indexOf(START);
const b = doc.indexOf(END);
if (a < 0 || b < a) throw new Error('docs/cli.md lacks the cli markers');
const next = doc.slice(0, a + START.length) + '\n' + renderCliReference() + '\n' + doc.slice(b);
if (process.argv.includes('--check')) {
  if (next !== doc) {
    process.stderr.write('docs/cli.md is out of date: run `npm run docs`\n');
    process.exit(1);
  }
} else {
  writeFileSync(docPath, next);
}
