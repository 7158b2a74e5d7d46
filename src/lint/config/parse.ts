/**
 * The .config parser. It keeps exact line and column numbers (findings point at the line a user
 * would edit) and never throws on content: a line Kconfig would not understand becomes a
 * `malformed` entry that the linter reports as the `malformed-line` finding.
 */

/** How a value was written: `y`/`m`/`n`, a quoted string, a number, or `# CONFIG_X is not set`. */
export type ValueKind = 'tristate' | 'string' | 'number' | 'notset';

export interface ConfigEntry {
  /** Without the CONFIG_ prefix. */
  name: string;
  kind: ValueKind;
  /** `y`, `m`, `n`, the unquoted string, the number text; `n` for `is not set`. */
  value: string;
  line: number;
  column: number;
}

export interface MalformedLine {
  line: number;
  column: number;
  text: string;
  reason: string;
}

export interface ConfigFile {
  file: string;
  /** Last assignment wins, as in Kconfig's own reader. */
  entries: Map<string, ConfigEntry>;
  malformed: MalformedLine[];
  /** Earlier assignments that a later line overrode (merge_config.sh reports these too). */
  overridden: ConfigEntry[];
  /** From `# Linux/x86 6.1.192 Kernel Configuration` or 2.6.32's `# Linux kernel version: 2.6.32`. */
  headerVersion?: string;
  /** `# Automatically generated ...`: a complete .config written by Kconfig, not a fragment. */
  generated: boolean;
  lineCount: number;
}

const ASSIGN = /^CONFIG_([A-Za-z0-9_]+)=(.*)$/;
const NOT_SET = /^#\s*CONFIG_([A-Za-z0-9_]+) is not set\s*$/;
const HEADER_NEW = /^#\s*Linux\/\S+\s+(\d+\.\d+(?:\.\d+)?)\S*\s+Kernel Configuration/;
const HEADER_OLD = /^#\s*Linux kernel version:\s*(\d+\.\d+(?:\.\d+)?)/;
const GENERATED = /^#\s*Automatically generated/;
/** Longer comment lines are not looked at as the header (Kconfig writes ~40 characters). */
const MAX_HEADER_LENGTH = 200;
const NUMBER = /^(?:-?\d+|0[xX][0-9a-fA-F]+)$/;
/** What conf_set_sym_val() would accept unquoted for an int/hex/string symbol. */
const BARE_WORD = /^[A-Za-z0-9_./:+-]+$/;

export function parseConfig(text: string, file: string): ConfigFile {
  const cfg: ConfigFile = { file, entries: new Map(), malformed: [], overridden: [], generated: false, lineCount: 0 };
  // A leading BOM is an editor artefact, not content.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  cfg.lineCount = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let raw = lines[i]!;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    const lead = raw.length - raw.trimStart().length;
    const s = raw.trim();
    if (s === '') continue;
    if (s.startsWith('#')) {
      const ns = NOT_SET.exec(s);
      if (ns) {
        add(cfg, { name: ns[1]!, kind: 'notset', value: 'n', line: lineNo, column: lead + s.indexOf('CONFIG_') + 1 });
        continue;
      }
      // Headers are short: the header patterns backtrack quadratically over a long line of digits.
      if (lineNo <= 10 && s.length <= MAX_HEADER_LENGTH) {
        const v = HEADER_NEW.exec(s) ?? HEADER_OLD.exec(s);
        if (v && !cfg.headerVersion) cfg.headerVersion = v[1]!;
        if (GENERATED.test(s)) cfg.generated = true;
      }
      continue;
    }
    const bad = (reason: string, column = lead + 1) => cfg.malformed.push({ line: lineNo, column, text: s, reason });
    const m = ASSIGN.exec(s);
    if (!m) {
      if (/^CONFIG_[A-Za-z0-9_]+\s*$/.test(s)) bad("no '=': expected CONFIG_NAME=value");
      else if (/^CONFIG_[A-Za-z0-9_]+\s+=/.test(s)) bad("space before '='");
      else if (/^[A-Za-z0-9_]+=/.test(s)) bad('option name without the CONFIG_ prefix');
      else bad('not an option assignment, a "# CONFIG_X is not set" line or a comment');
      continue;
    }
    const name = m[1]!;
    const rhs = m[2]!;
    const valueCol = lead + 'CONFIG_'.length + name.length + 2;
    const entry = (kind: ValueKind, value: string) => add(cfg, { name, kind, value, line: lineNo, column: lead + 1 });
    if (rhs === 'y' || rhs === 'm' || rhs === 'n') entry('tristate', rhs);
    else if (rhs.startsWith('"')) {
      const str = parseQuoted(rhs);
      if (str === undefined) bad('unterminated string or text after the closing quote', valueCol);
      else entry('string', str);
    } else if (NUMBER.test(rhs)) entry('number', rhs);
    else if (rhs === '') bad('empty value', valueCol);
    else if (BARE_WORD.test(rhs)) entry('string', rhs);
    else bad(`invalid value '${rhs}'`, valueCol);
  }
  return cfg;
}

function add(cfg: ConfigFile, e: ConfigEntry): void {
  const prev = cfg.entries.get(e.name);
  if (prev) cfg.overridden.push(prev);
  cfg.entries.set(e.name, e);
}

/** `"a \"b\" \\ c"` → `a "b" \ c`; undefined if unterminated or followed by anything. */
function parseQuoted(rhs: string): string | undefined {
  let out = '';
  for (let i = 1; i < rhs.length; i++) {
    const ch = rhs[i]!;
    if (ch === '\\' && i + 1 < rhs.length) {
      out += rhs[++i];
    } else if (ch === '"') {
      return i === rhs.length - 1 ? out : undefined;
    } else {
      out += ch;
    }
  }
  return undefined;
}

/** `y` or `m`: the code is built (in or as a module). */
export function isEnabled(cfg: ConfigFile, name: string): boolean {
  const e = cfg.entries.get(name);
  return !!e && e.kind === 'tristate' && (e.value === 'y' || e.value === 'm');
}
