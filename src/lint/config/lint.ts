/**
 * The pure config linter: text in, findings out. No file system, no process: the CLI
 * (command.ts), `doctor` and the pre-commit hook all call lintConfigText().
 */
import { atOrAbove, compareFindings, severityRank, type Finding, type Severity } from '../../core/finding.js';
import { MALFORMED_LINE } from './malformed-line.js';
import { OVERRIDDEN_OPTION } from './overridden-option.js';
import { parseConfig, type ConfigFile } from './parse.js';
import { parseKernelVersion, formatVersion, type KernelVersion } from './kernel-version.js';
import { parseCmdline, type Cmdline } from './cmdline.js';
import { makeContext, type ConfigRule, type Hit } from './rule.js';
import { indexParents, rootsOf, type Relations } from './relations.js';
import type { Baseline } from './baseline.js';
import type { RuleMeta } from '../../core/rule-meta.js';

/** What the caller gives the engine (it imports no rule): the rules and the built-in Kconfig relations. */
export interface ConfigRuleSet {
  rules: readonly ConfigRule[];
  relations: Relations;
}

export interface LintConfigOptions {
  set: ConfigRuleSet;
  /** Path shown in findings (`-` for stdin). */
  file: string;
  /** Overrides the header's version (`--kernel-version`). */
  kernelVersion?: string;
  /** The kernel command line, parsed or as text (`/proc/cmdline`). */
  cmdline?: Cmdline | string;
  /** Kconfig relations read from a tree (`--tree`); default: the rule set's. */
  kconfig?: Relations;
  baseline?: Baseline;
  /** Force fragment (true) or full-config (false) reading; default: full when Kconfig generated it. */
  fragment?: boolean;
  /** Which findings the fix covers; default 'warning'. */
  failOn?: Severity;
}

export interface Suppressed {
  option: string;
  ruleId: string;
  severity: Severity;
  reason: string;
}

export interface LintConfigResult {
  file: string;
  findings: Finding[];
  suppressed: Suppressed[];
  kernelVersion: string | undefined;
  versionSource: 'header' | 'option' | undefined;
  fragment: boolean;
  cmdlineSource: string | undefined;
  /** Options to disable (roots first) to clear every finding at or above failOn. */
  disable: string[];
  /** Boot parameters to remove for the same. */
  cmdlineRemove: string[];
  /** `scripts/config --disable A --disable B`, or undefined when there is nothing to disable. */
  fixCommand: string | undefined;
  config: ConfigFile;
}

interface HitAt {
  rule: ConfigRule;
  hit: Hit;
  line: number;
}

export function lintConfigText(text: string, opts: LintConfigOptions): LintConfigResult {
  const config = parseConfig(text, opts.file);
  let version: KernelVersion | undefined;
  let versionSource: LintConfigResult['versionSource'];
  if (opts.kernelVersion) {
    version = parseKernelVersion(opts.kernelVersion);
    versionSource = 'option';
  } else if (config.headerVersion) {
    version = parseKernelVersion(config.headerVersion, 'header');
    versionSource = 'header';
  }
  const cmdline = typeof opts.cmdline === 'string' ? parseCmdline(opts.cmdline, 'cmdline') : opts.cmdline;
  const fragment = opts.fragment ?? !config.generated;
  const ctx = makeContext(config, version, cmdline, fragment);
  const overrides = opts.baseline?.rules ?? new Map();
  const accept = opts.baseline?.accept ?? new Map<string, string>();
  const suppressed: Suppressed[] = [];

  const hits: HitAt[] = [];
  for (const rule of opts.set.rules) {
    const level = overrides.get(rule.id);
    if (level === 'off') continue;
    for (const hit of rule.check(ctx)) {
      if (level) hit.severity = level;
      const reason = accept.get(hit.option);
      if (reason !== undefined) {
        suppressed.push({ option: hit.option, ruleId: rule.id, severity: hit.severity, reason });
        continue;
      }
      hits.push({ rule, hit, line: config.entries.get(hit.option)?.line ?? 0 });
    }
  }

  const findings = group(hits, ctx.enabled, opts.kconfig ?? opts.set.relations, config, accept, suppressed);
  const into = { findings, overrides, file: opts.file };
  parserFindings(MALFORMED_LINE, config.malformed, 'malformed lines', into, (m) => ({
    message: `malformed line: ${m.reason}: '${m.text.length > 60 ? m.text.slice(0, 57) + '...' : m.text}'`,
    column: m.column,
    notes: ['Kconfig ignores this line (with a warning) when it reads the file'],
  }));
  parserFindings(OVERRIDDEN_OPTION, config.overridden, 'overridden assignments', into, (prev) => {
    const last = config.entries.get(prev.name);
    if (!last) return undefined;
    return {
      message: `CONFIG_${prev.name} is set again on line ${last.line}: this line has no effect`,
      column: 1,
      notes: [`Kconfig keeps the last assignment (line ${last.line})`],
    };
  });
  for (const f of findings) f.file = opts.file;
  findings.sort(compareFindings);

  const failOn = opts.failOn ?? 'warning';
  const disable: string[] = [];
  const cmdlineRemove: string[] = [];
  for (const f of findings) {
    if (!atOrAbove(f.severity, failOn)) continue;
    for (const o of (f.data?.['disable'] as string[] | undefined) ?? []) if (!disable.includes(o)) disable.push(o);
    const c = f.data?.['cmdlineFix'] as string | undefined;
    if (c && !cmdlineRemove.includes(c)) cmdlineRemove.push(c);
  }
  return {
    file: opts.file,
    findings,
    suppressed,
    kernelVersion: version ? formatVersion(version) : undefined,
    versionSource,
    fragment,
    cmdlineSource: cmdline?.source,
    disable,
    cmdlineRemove,
    fixCommand: disable.length ? scriptsConfig(disable) : undefined,
    config,
  };
}

/**
 * Parser findings come one per line, so a huge or hostile file could make millions: the first
 * MAX_LISTED_PER_RULE are listed, the rest counted in one more finding at the first unlisted line
 * (same rule and severity, so the exit code is unchanged). Keeps memory and output bounded.
 */
export const MAX_LISTED_PER_RULE = 1000;

/**
 * The findings of one of the parser's own rules (malformed lines, overridden assignments) at the
 * level the baseline gives it: one at the line of each item `describe` has words for, listed as above.
 */
function parserFindings<T extends { line: number }>(
  rule: RuleMeta,
  items: T[],
  what: string,
  into: { findings: Finding[]; overrides: Map<string, Severity | 'off'>; file: string },
  describe: (item: T) => { message: string; column: number; notes: string[] } | undefined,
): void {
  const severity = into.overrides.get(rule.id) ?? rule.severity;
  if (severity === 'off') return;
  const { findings, file } = into;
  const rest = items.length - MAX_LISTED_PER_RULE;
  if (rest > 0) {
    findings.push({
      ruleId: rule.id,
      severity,
      message: `${rest} more ${what} from here on, not listed one by one (the first ${MAX_LISTED_PER_RULE} are)`,
      file,
      line: items[MAX_LISTED_PER_RULE]!.line,
      column: 1,
    });
  }
  for (const item of items.slice(0, MAX_LISTED_PER_RULE)) {
    const d = describe(item);
    if (!d) continue;
    findings.push({
      ruleId: rule.id,
      severity,
      message: d.message,
      file,
      line: item.line,
      column: d.column,
      notes: d.notes,
    });
  }
}

export function scriptsConfig(options: string[]): string {
  return ['scripts/config', ...options.map((o) => `--disable ${o}`)].join(' ');
}

/**
 * One finding per root cause: a hit pulled in (select / depends on) by another enabled option is
 * reported under that option, and the fix disables the root first.
 */
function group(
  hits: HitAt[],
  enabled: (n: string) => boolean,
  relations: Relations,
  config: ConfigFile,
  accept: Map<string, string>,
  suppressed: Suppressed[],
): Finding[] {
  const parents = indexParents(relations);
  const byOption = new Map(hits.map((h) => [h.hit.option, h]));
  const lineOf = (o: string) => config.entries.get(o)?.line ?? 0;
  const groups = new Map<string, HitAt[]>();
  const standalone: HitAt[] = [];
  for (const h of hits) {
    // A hit fixed on the command line (disable: []) has no Kconfig root to group under.
    if (h.hit.disable && h.hit.disable.length === 0) {
      standalone.push(h);
      continue;
    }
    // `depends on` only matters between hazards (DEBUG_OBJECTS_TIMERS needs DEBUG_OBJECTS); every
    // debug option depends on DEBUG_KERNEL or an arch symbol, which is no root cause.
    const follow = (p: { parent: string; how: 'selects' | 'depends' }) =>
      enabled(p.parent) && (p.how === 'selects' || byOption.has(p.parent) || accept.has(p.parent));
    const roots = rootsOf(h.hit.option, parents, follow).sort(
      (a, b) => Number(byOption.has(b)) - Number(byOption.has(a)) || lineOf(a) - lineOf(b) || (a < b ? -1 : 1),
    );
    const key = roots[0] ?? h.hit.option;
    const list = groups.get(key) ?? [];
    list.push(h);
    groups.set(key, list);
  }
  const out: Finding[] = standalone.map((h) => toFinding(h, [], undefined));
  for (const [root, members] of groups) {
    const reason = accept.get(root);
    if (reason !== undefined) {
      for (const m of members)
        suppressed.push({
          option: m.hit.option,
          ruleId: m.rule.id,
          severity: m.hit.severity,
          reason: `comes with accepted ${root}: ${reason}`,
        });
      continue;
    }
    members.sort((a, b) => severityRank(b.hit.severity) - severityRank(a.hit.severity) || a.line - b.line);
    const primary = members.find((m) => m.hit.option === root) ?? members[0]!;
    const rest = members.filter((m) => m !== primary).sort((a, b) => a.line - b.line);
    out.push(toFinding(primary, rest, primary.hit.option === root ? undefined : { root, line: lineOf(root), parents }));
  }
  return out;
}

function toFinding(
  primary: HitAt,
  rest: HitAt[],
  via: { root: string; line: number; parents: ReturnType<typeof indexParents> } | undefined,
): Finding {
  const all = [primary, ...rest];
  let severity = primary.hit.severity;
  for (const m of rest) if (severityRank(m.hit.severity) > severityRank(severity)) severity = m.hit.severity;
  const notes = [...(primary.hit.notes ?? [])];
  if (via) {
    const how = via.parents.get(primary.hit.option)?.some((p) => p.parent === via.root && p.how === 'depends')
      ? 'needs'
      : 'is selected by';
    notes.push(`CONFIG_${primary.hit.option} ${how} CONFIG_${via.root}=y (line ${via.line}): disable the root`);
  }
  const same = rest.filter((m) => m.rule === primary.rule);
  if (same.length)
    notes.push(`pulled in with it: ${same.map((m) => `CONFIG_${m.hit.option} (line ${m.line})`).join(', ')}`);
  for (const m of rest.filter((m) => m.rule !== primary.rule)) {
    notes.push(
      `pulled in with it: CONFIG_${m.hit.option} (line ${m.line}): ${m.rule.summary} [${m.rule.id}, ${m.hit.severity}]`,
    );
  }
  const disable: string[] = [];
  if (via) disable.push(via.root);
  for (const m of all) for (const o of m.hit.disable ?? [m.hit.option]) if (!disable.includes(o)) disable.push(o);
  const fixes: string[] = [];
  if (disable.length) fixes.push(scriptsConfig(disable));
  if (primary.hit.cmdlineFix) fixes.push(`remove '${primary.hit.cmdlineFix}' from the kernel command line`);
  return {
    ruleId: primary.rule.id,
    severity,
    message: primary.hit.message,
    file: '',
    line: primary.line,
    column: 1,
    notes,
    ...(fixes.length ? { fix: fixes.join('; ') } : {}),
    data: {
      option: primary.hit.option,
      ...(via ? { root: via.root } : {}),
      ...(rest.length
        ? {
            pulledIn: rest.map((m) => ({
              option: m.hit.option,
              rule: m.rule.id,
              severity: m.hit.severity,
              line: m.line,
            })),
          }
        : {}),
      disable,
      ...(primary.hit.cmdlineFix ? { cmdlineFix: primary.hit.cmdlineFix } : {}),
    },
  };
}
