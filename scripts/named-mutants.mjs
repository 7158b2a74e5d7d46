#!/usr/bin/env node
/*
 * The mutants issue 21 names (meaning changes the suite once let through), each applied by hand to
 * a scratch copy of the repository and run against the in-process tests that should catch it.
 * Prints one line per mutant, killed or SURVIVED; exits 1 if any survived. Not part of npm test.
 *   node scripts/named-mutants.mjs [--before]   (--before: only the tests that predate issue 21)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const before = process.argv.includes('--before');
const NEW = /^test\/(mutation|e2e)\//;

// name, file, text, replacement, test files (the new ones are dropped with --before)
const MUTANTS = [
  [
    "a source rule's severity (warning -> error)",
    'rules/source/function-static-lock.ts',
    "  severity: 'warning',",
    "  severity: 'error',",
    ['test/source/cases.test.ts', 'test/mutation/rule-meta.test.ts'],
  ],
  [
    'SARIF level of info (note -> warning)',
    'src/lint/format/sarif.ts',
    "info: 'note' }",
    "info: 'warning' }",
    ['test/core.test.ts', 'test/mutation/format.test.ts'],
  ],
  [
    'SARIF levels of error and warning swapped',
    'src/lint/format/sarif.ts',
    "{ error: 'error', warning: 'warning',",
    "{ error: 'warning', warning: 'error',",
    ['test/core.test.ts', 'test/mutation/format.test.ts'],
  ],
  [
    'vif-irq-single-cpu threshold boundary (< -> <=)',
    'rules/irq/vif-irq-single-cpu.ts',
    'spread.hotShare < opts.threshold',
    'spread.hotShare <= opts.threshold',
    ['test/irq/lint-irq.test.ts', 'test/irq/parse.test.ts', 'test/mutation/irq-rules.test.ts'],
  ],
  [
    'vif-irq-single-cpu finding line (+2)',
    'rules/irq/vif-irq-single-cpu.ts',
    'line: first.line,',
    'line: first.line + 2,',
    ['test/irq/lint-irq.test.ts', 'test/irq/parse.test.ts', 'test/mutation/irq-rules.test.ts'],
  ],
  [
    "a source finding's line (+2)",
    'src/lint/source/running/engine.ts',
    'line: h.line,',
    'line: h.line + 2,',
    ['test/source/cases.test.ts', 'test/mutation/rule-meta.test.ts'],
  ],
  [
    '[PATCH n/N]: patches numbered from 0',
    'src/patch/mbox.ts',
    'const n = i + 1;',
    'const n = i;',
    ['test/targets/pvops-series.test.ts', 'test/upstream/groups.test.ts', 'test/mutation/mbox.test.ts'],
  ],
  [
    'cover letter: patch list numbered from 2',
    'src/patch/mbox.ts',
    'n: i + 1,',
    'n: i + 2,',
    ['test/targets/pvops-series.test.ts', 'test/upstream/groups.test.ts', 'test/mutation/mbox.test.ts'],
  ],
  [
    'cover letter subject [PATCH 0/N] -> [PATCH 1/N]',
    'src/patch/mbox.ts',
    '`[PATCH 0/${total}]',
    '`[PATCH 1/${total}]',
    ['test/targets/pvops-series.test.ts', 'test/upstream/groups.test.ts', 'test/mutation/mbox.test.ts'],
  ],
];

const files = spawnSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).stdout.trim().split('\n');
const scratch = mkdtempSync(join(tmpdir(), 'nbp-named-mutants-'));
let survived = 0;
try {
  for (const f of files) {
    mkdirSync(dirname(join(scratch, f)), { recursive: true });
    cpSync(join(root, f), join(scratch, f));
  }
  cpSync(join(root, 'dist'), join(scratch, 'dist'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'));
  for (const [name, file, from, to, tests] of MUTANTS) {
    const path = join(scratch, file);
    const orig = readFileSync(path, 'utf8');
    if (orig.split(from).length !== 2) throw new Error(`${file}: '${from}' must occur exactly once`);
    writeFileSync(path, orig.replace(from, to));
    const run = tests.filter((t) => !(before && NEW.test(t)));
    const r = spawnSync(process.execPath, [join(scratch, 'node_modules/vitest/vitest.mjs'), 'run', ...run], {
      cwd: scratch,
      encoding: 'utf8',
      env: { ...process.env, NETBACK_POLICY_SKIP_REAL: '1', NO_COLOR: '1' },
    });
    writeFileSync(path, orig);
    const killed = r.status === 1;
    if (r.status !== 0 && r.status !== 1)
      throw new Error(`${name}: vitest exited ${r.status}: ${r.stderr.slice(-2000)}`);
    if (!killed) survived++;
    console.log(`${killed ? 'killed  ' : 'SURVIVED'}  ${name}  (${file}; ${run.join(', ')})`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(survived ? 1 : 0);
