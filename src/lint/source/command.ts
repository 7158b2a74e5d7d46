/*
 * `netback-policy lint-source`: options in, report out, exit code back. The only part of the
 * source linter that touches stdout/stderr.
 */
import { exitCodeFor, parseFailOn } from '../../core/fail-on.js';
import { createRequire } from 'node:module';
import { NetbackError } from '../../core/errors.js';
import { parseFormat, renderFindings } from '../format/index.js';
import { summarize } from '../format/text.js';
import { writeOut } from '../../io/stdout.js';
import { version } from '../../version.js';
import { lintSourcePaths, type LintSourceResult } from './index.js';
import type { SourceRuleSet } from './running/engine.js';
import { setFlagsFromString } from 'node:v8';
import { SOURCE_VOCABULARIES } from './rule.js';
import { parseSize } from '../../io/bounded.js';

/**
 * The most --max-size allows: 2.7 times the largest file of linux-6.1 (an amdgpu register header,
 * 24 MB). A 150 MB file of findings outgrows V8's largest string in the report (exit 3 after
 * minutes, 3.4 GB); at 64 MiB it is a report, if a long one.
 */
const MAX_SOURCE_SIZE = 64 << 20;

/*
 * A whole-tree scan lasts about a second, and V8's optimising compiler works on other threads:
 * with its default budget it compiles dozens of functions that have barely started their work,
 * and on two cores those threads take CPU from rg. 4.5 times the default budget optimises only
 * what stays hot (figures: bench/lint-source-speed.md). Set for the CLI's process only, never by
 * the library.
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
  /** The rules to run (src/linters/source.ts). */
  set: SourceRuleSet;
}

/** Most worker threads: each is a V8 isolate (tens of MB); `--jobs 100000` must not start them. */
const MAX_JOBS = 256;

function positiveInt(flag: string, v: string, max: number): number {
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1) {
    throw new NetbackError('bad-option', `${flag} expects a positive integer, got '${v}'`);
  }
  if (Number(v) > max) throw new NetbackError('bad-option', `${flag} is at most ${max}, got '${v}'`);
  return Number(v);
}

export async function lintSourceCommand(paths: string[], o: LintSourceCliOptions): Promise<number> {
  const format = parseFormat(o.format);
  const failOn = parseFailOn(o.failOn);
  const extensions = o.ext
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => (e.startsWith('.') ? e : `.${e}`));
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
      set: o.set,
      rules: o.rules,
      disable: o.disable,
      ...(o.jobs !== undefined ? { jobs: positiveInt('--jobs', o.jobs, MAX_JOBS) } : {}),
      maxSize: parseSize('--max-size', o.maxSize, MAX_SOURCE_SIZE),
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
    rules: o.set.rules,
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
function progressBar(): { update: (done: number, total: number, unit: string) => void; stop: () => void } {
  const cp = createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');
  const bar = new cp.SingleBar(
    {
      stream: process.stderr,
      format: 'lint-source [{bar}] {value}/{total} {unit}',
      clearOnComplete: true,
      hideCursor: true,
    },
    cp.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (done, total, unit) => {
      if (!started) {
        bar.start(total, done, { unit });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { unit });
      }
    },
    stop: () => started && bar.stop(),
  };
}
