/**
 * What a config rule is. A rule reads like a row of a table (kernel-hardening-checker style):
 * the options it looks at, the kernel versions they exist in, a severity, why it costs
 * throughput and where that claim comes from. `check` is small; the engine (lint.ts) does the
 * grouping, suppression and output and knows nothing about any one option.
 */
import type { Severity } from '../../core/finding.js';
import type { RuleMeta } from '../../core/rule-meta.js';
import type { ConfigFile } from './parse.js';
import type { KernelVersion } from './kernel-version.js';
import type { Cmdline } from './cmdline.js';
import { isEnabled } from './parse.js';
import { atLeast } from './kernel-version.js';

/** An option and the releases it exists in (inclusive `since`, exclusive `until`). */
export interface OptionSpec {
  name: string;
  since?: string;
  until?: string;
  /** Its name before or after a rename, for the docs (DEBUG_SPINLOCK_SLEEP ↔ DEBUG_ATOMIC_SLEEP). */
  renamedFrom?: string;
}

/** What a rule's check reports for one option. */
export interface Hit {
  option: string;
  severity: Severity;
  message: string;
  notes?: string[];
  /** Options to disable to remove it; default [option]. Empty when the fix is not a Kconfig change. */
  disable?: string[];
  /** A boot parameter to remove or change instead (e.g. `slub_debug=FZP`). */
  cmdlineFix?: string;
}

export interface RuleContext {
  config: ConfigFile;
  /** Known from the header or --kernel-version; undefined when neither says. */
  version: KernelVersion | undefined;
  /** Given with --cmdline; undefined means "unknown: boot switches assumed at their defaults". */
  cmdline: Cmdline | undefined;
  /** A fragment states only some options: an absent option is unknown, not "off". */
  fragment: boolean;
  enabled(name: string): boolean;
  /** The option has a line (set or `is not set`). */
  stated(name: string): boolean;
  value(name: string): string | undefined;
  /** The option exists in the kernel being linted (true when the version is unknown). */
  exists(spec: OptionSpec): boolean;
  /** A boot parameter's value (name with `_`), or undefined when absent or no --cmdline. */
  param(name: string): string | true | undefined;
}

export interface ConfigRule extends RuleMeta {
  kind: 'config';
  options: OptionSpec[];
  /** Which kernels the rule applies to and how its verdict changes with the version, for docs. */
  versions: string;
  /** Boot parameters the verdict depends on, for docs. */
  cmdline?: string[];
  check(ctx: RuleContext): Hit[];
}

type RuleFields = Omit<ConfigRule, 'kind' | 'check' | 'options' | 'versions'> & {
  options: Array<string | OptionSpec>;
  versions?: string;
};

/**
 * The common case: every enabled option of the list is a hit at the rule's severity, unless
 * `verdict` decides otherwise for one option (a different severity, a note, or no hit).
 */
export function optionRule(
  fields: RuleFields & {
    verdict?: (ctx: RuleContext, option: string) => Partial<Hit> | null | undefined;
  },
): ConfigRule {
  const options = fields.options.map((o) => (typeof o === 'string' ? { name: o } : o));
  const { verdict, ...meta } = fields;
  return {
    ...meta,
    kind: 'config',
    options,
    versions: fields.versions ?? 'all kernels that have the options',
    check(ctx) {
      const hits: Hit[] = [];
      for (const spec of options) {
        if (!ctx.enabled(spec.name) || !ctx.exists(spec)) continue;
        const base: Hit = {
          option: spec.name,
          severity: fields.severity,
          message: `CONFIG_${spec.name}=${ctx.value(spec.name)}: ${fields.summary}`,
        };
        if (!verdict) {
          hits.push(base);
          continue;
        }
        const v = verdict(ctx, spec.name);
        if (v === null) continue;
        hits.push({ ...base, ...v });
      }
      return hits;
    },
  };
}

/** Builds the context the rules see; one per lint run. */
export function makeContext(
  config: ConfigFile,
  version: KernelVersion | undefined,
  cmdline: Cmdline | undefined,
  fragment: boolean,
): RuleContext {
  return {
    config,
    version,
    cmdline,
    fragment,
    enabled: (n) => isEnabled(config, n),
    stated: (n) => config.entries.has(n),
    value: (n) => config.entries.get(n)?.value,
    exists: (spec) =>
      !version || ((!spec.since || atLeast(version, spec.since)) && (!spec.until || !atLeast(version, spec.until))),
    param: (n) => cmdline?.params.get(n),
  };
}
