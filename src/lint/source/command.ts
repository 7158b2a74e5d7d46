/*
 * `netback-policy lint-source`: options in, report out, exit code back. The only part of the
 * source linter that touches stdout/stderr.
 */
import { exitCodeFor, parseFailOn } from '../../core/fail-on.js';
import { createRequire } from 'node:module';
import { NetbackError } from '../../core/errors.js';
import { parseFormat, renderFindings } from '../format/index.js';
import { summarize } from '../format/text.js';
import { writeOut } from '../../commands/run-action.js';
import { version } from '../../version.js';
import { SOURCE_RULES } from '../../../rules/source/index.js';
import { lintSourcePaths, type LintSourceResult } from './index.js';
import { setFlagsFromString } from 'node:v8';
import { SOURCE_VOCABULARIES } from './rule.js';

/*
 * A whole-tree scan lasts about a second, and V8's optimising compiler works on other threads:
 * with its default budget it compiles dozens of functions that have barely started their work,
 * and on two cores those threads take CPU from rg. 4.5 times the default budget optimises only
 * what stays hot: on linux-6.1, Node's CPU went from 1.25-1.57 s to 0.90-1.31 s (5 runs each)
 * and the mean wall time from 1.76 s to 1.64 s (8 interleaved rounds). Set for the CLI's process
 * only, never by the library.
 */
setFlagsFromString('--interrupt-budget=600000');

export interface LintSourceCliOptions {
  format: string;
  failOn: string;
  rules: string[];
  disable: string[];
  jobs?: string | undefined;
  maxSize: string;
  ext: string;
  kbuild: boolean;
  /** Let ripgrep choose the candidate files when it is on PATH. */
  rg: boolean;
  progress: boolean;
  color: boolean;
  /** --vocabulary: how C files are read (auto, xen, linux). */
  vocabulary: string;
}

function positiveInt(flag: string, v: string): number {
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1) {
    throw new NetbackError('bad-option', `${flag} expects a positive integer, got '${v}'`);
  }
  return Number(v);
}

export async function lintSourceCommand(paths: string[], o: LintSourceCliOptions): Promise<number> {
  const format = parseFormat(o.format);
  const failOn = parseFailOn(o.failOn);
  const extensions = o.ext.split(',').map((e) => e.trim()).filter(Boolean).map((e) => (e.startsWith('.') ? e : `.${e}`));
  if (!extensions.length) throw new NetbackError('bad-option', '--ext needs at least one file ending');
  const vocabulary = SOURCE_VOCABULARIES.find((v) => v === o.vocabulary);
  if (!vocabulary) {
    const known = SOURCE_VOCABULARIES.join(', ');
    throw new NetbackError('bad-option', `--vocabulary expects ${known}, got '${o.vocabulary}'`);
  }
  const bar = o.progress ? progressBar() : undefined;
  let result: LintSourceResult;
  try {
    result = await lintSourcePaths(paths, {
      rules: o.rules,
      disable: o.disable,
      ...(o.jobs !== undefined ? { jobs: positiveInt('--jobs', o.jobs) } : {}),
      maxSize: positiveInt('--max-size', o.maxSize),
      extensions,
      kbuild: o.kbuild,
      rg: o.rg,
      vocabulary,
      ...(bar ? { onProgress: bar.update } : {}),
    });
  } finally {
    bar?.stop();
  }
  const { findings, notes, stats } = result;
  let out = renderFindings(findings, {
    format,
    rules: SOURCE_RULES,
    version: version(),
    color: o.color,
    extra: { notes, stats },
  });
  if (format === 'text') {
    for (const n of notes) out += `note: ${n}\n`;
    const mb = (stats.bytes / 1e6).toFixed(1);
    out += `${summarize(findings)} in ${stats.files} files (${mb} MB, ${stats.scanned} scanned after the prefilter)\n`;
  }
  await writeOut(out);
  return exitCodeFor(findings, failOn);
}

/** cli-progress on stderr, loaded only when stderr is a terminal. */
function progressBar(): { update: (done: number, total: number) => void; stop: () => void } {
  const cp = createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');
  const bar = new cp.SingleBar(
    { stream: process.stderr, format: 'lint-source [{bar}] {value}/{total} files', clearOnComplete: true, hideCursor: true },
    cp.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (done, total) => {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}
