/**
 * `netback-policy lint-config`: the only part of the config linter that touches files and the
 * process. Reads the inputs, calls lintConfigText(), prints, writes the fix fragment.
 */
import { exitCodeFor, parseFailOn } from '../../core/fail-on.js';
import { existsSync } from 'node:fs';
import { readTextInput } from '../../io/read-input.js';
import { parseSize } from '../../io/bounded.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { NetbackError } from '../../core/errors.js';
import { parseFormat, renderFindings } from '../format/index.js';
import { version } from '../../version.js';
import { writeOut } from '../../io/stdout.js';
import { PARSER_RULES } from './parser-rules.js';
import { lintConfigText, type ConfigRuleSet } from './lint.js';
import { parseCmdline } from './cmdline.js';
import { parseBaseline, type Baseline } from './baseline.js';
import { readKconfigRelations } from './kconfig-tree.js';
import { fixFragment, textSummary } from './report.js';

export interface LintConfigCliOptions {
  format: string;
  failOn: string;
  kernelVersion?: string;
  cmdline?: string;
  tree?: string;
  baseline?: string | false;
  fragment?: boolean;
  fixFragment?: string;
  /** --max-input-size: the limit of each input read (default 64M). */
  maxInputSize?: string;
  color?: boolean;
  /** The rules to run (src/linters/config.ts). */
  set: ConfigRuleSet;
}

export const DEFAULT_BASELINE = '.netback-policy.json';

export async function lintConfigCommand(file: string, o: LintConfigCliOptions): Promise<number> {
  const format = parseFormat(o.format);
  const failOn = parseFailOn(o.failOn);
  if (o.cmdline === '-' && file === '-') {
    throw new NetbackError('bad-usage', '--cmdline - and the config on standard input cannot share stdin');
  }
  if (o.fixFragment && o.fixFragment !== '-' && file !== '-' && o.fixFragment === file) {
    throw new NetbackError('bad-usage', '--fix-fragment would overwrite the config being linted', { file });
  }
  // Everything is read and validated before anything is written.
  const maxSize = parseSize('--max-input-size', o.maxInputSize ?? '64M');
  const limit = { maxSize, raise: 'raise it with --max-input-size' };
  const text = readTextInput(file, limit);
  const cmdline = o.cmdline !== undefined ? parseCmdline(readTextInput(o.cmdline, limit), o.cmdline) : undefined;
  const baseline = loadBaseline(o.baseline, o.set);
  const kconfig = o.tree ? readKconfigRelations(o.tree) : undefined;
  const result = lintConfigText(text, {
    set: o.set,
    file,
    ...(o.kernelVersion !== undefined ? { kernelVersion: o.kernelVersion } : {}),
    ...(cmdline ? { cmdline } : {}),
    ...(kconfig ? { kconfig } : {}),
    ...(baseline ? { baseline } : {}),
    ...(o.fragment ? { fragment: true } : {}),
    failOn,
  });
  if (o.fixFragment) writeFileAtomic(o.fixFragment, fixFragment(result, failOn));
  const rules = [...o.set.rules, ...PARSER_RULES];
  let out = renderFindings(result.findings, {
    format,
    rules,
    version: version(),
    color: o.color ?? false,
    extra: {
      file,
      kernelVersion: result.kernelVersion ?? null,
      fragment: result.fragment,
      cmdline: result.cmdlineSource ?? null,
      failOn,
      disable: result.disable,
      cmdlineRemove: result.cmdlineRemove,
      fixCommand: result.fixCommand ?? null,
      suppressed: result.suppressed,
    },
  });
  if (format === 'text') out += (out ? '\n' : '') + textSummary(result, failOn, baseline?.file);
  await writeOut(out);
  return exitCodeFor(result.findings, failOn);
}

/** --baseline FILE must exist; otherwise ./.netback-policy.json is used when present. */
function loadBaseline(opt: string | false | undefined, set: ConfigRuleSet): Baseline | undefined {
  if (opt === false) return undefined;
  const path = opt ?? (existsSync(DEFAULT_BASELINE) ? DEFAULT_BASELINE : undefined);
  if (!path) return undefined;
  const known = new Set([...set.rules, ...PARSER_RULES].map((r) => r.id));
  return parseBaseline(readTextInput(path), path, known);
}
