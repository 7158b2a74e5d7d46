/*
 * debug-enabled-in-source: debugging switched on by the source instead of the .config. The
 * config linter cannot see it and no Kconfig option turns it off.
 */
import type { SourceRule } from '../../src/lint/source/rule.js';
import type { CFile, KbuildFile, RuleHit } from '../../src/lint/source/scanning/model.js';
import { lineCol } from '../../src/lint/source/scanning/model.js';
import { directiveBody } from '../../src/c/lexer.js';
import { scanC } from '../../src/lint/source/scanning/scan.js';
import { asBuffer } from '../../src/c/bytes.js';
import { isHeader } from '../../src/lint/source/scanning/file-kind.js';

// Userspace programs that live in the tree: their DEBUG never reaches printk.
const USERSPACE = /(?:^|\/)(?:tools|scripts)\/|(?:^|\/)samples\/bpf\//;

const FLAG_VARS = /^(?:subdir-)?ccflags-y$|^EXTRA_CFLAGS$|^CFLAGS_[\w.+-]+\.o$|^CFLAGS_[\w.+-]+$/;

export const debugEnabledInSource: SourceRule = {
  id: 'debug-enabled-in-source',
  kind: 'source',
  severity: 'warning',
  summary: 'DEBUG compiled in unconditionally by a .c file (#define DEBUG) or a Kbuild file (-DDEBUG)',
  why:
    'pr_debug()/dev_dbg()/netdev_dbg() test whether DEBUG is defined where they expand. Defined by the source, ' +
    'every debug print of the file is compiled in: a real printk on every call without CONFIG_DYNAMIC_DEBUG, and ' +
    'enabled by default with it, hot paths (per packet, per interrupt) included. No .config option turns it off, ' +
    'so lint-config cannot see it.',
  fix:
    'Delete the #define DEBUG / -DDEBUG, or guard it with a Kconfig option (#ifdef CONFIG_<DRIVER>_DEBUG, ' +
    'ccflags-$(CONFIG_<DRIVER>_DEBUG) += -DDEBUG); enable single call sites at run time with dynamic debug.',
  sources: ['include/linux/printk.h (pr_debug)', 'Documentation/admin-guide/dynamic-debug-howto.rst'],
  limits:
    'Only unconditional definitions count: inside #if/#ifdef (or make ifeq/ifdef) groups they are left alone, ' +
    'except #if 0/#if 1 which are decided. ' +
    'Headers are not checked (their #define DEBUG belongs to whoever includes them), ' +
    'nor userspace programs kept in the tree (tools/, scripts/, arch/*/tools/, samples/bpf/).',
  // DEBUG after a blank (#define DEBUG) or after -D; VERBOSE_DEBUG anywhere.
  tokens: [' DEBUG', '\tDEBUG', 'DDEBUG', 'VERBOSE_DEBUG'],
  headers: false,
  // Not anchored at line starts (slow with /m): the scanner checks that the `#` starts a directive.
  // `DEBUG` first, then what precedes it: V8 looks for the rare literal instead of trying every
  // `#` and `-` (4x faster than the plain alternation).
  candidate: /DEBUG\b(?<=(?:#[ \t]*define[ \t]+|-D)(?:VERBOSE_)?DEBUG)/,
  checkC(file: CFile): RuleHit[] {
    if (file.isHeader || USERSPACE.test(file.path)) return [];
    const hits: RuleHit[] = [];
    const ds = file.directives;
    for (let i = 0; i < ds.length; i++) {
      const d = ds[i]!;
      if (d.name !== 'define' || d.condDepth !== 0) continue;
      if (!/^[ \t]*(?:VERBOSE_)?DEBUG/.test(file.text.slice(d.bodyStart, d.bodyStart + 40))) continue;
      const m = /^(DEBUG|VERBOSE_DEBUG)(?![\w(])\s*(.*)$/.exec(directiveBody(file.text, d).body);
      if (!m) continue;
      const name = m[1]!;
      const undone = ds
        .slice(i + 1)
        .some((u) => u.name === 'undef' && u.condDepth === 0 && directiveBody(file.text, u).body.trim() === name);
      if (undone) continue;
      const { line, column } = lineCol(file.lineStarts, d.offset);
      const base = file.path.split('/').pop();
      hits.push({
        line,
        column,
        message:
          `'#define ${name}${m[2] ? ` ${m[2].trim()}` : ''}' compiles every pr_debug()/dev_dbg() of this file in ` +
          `(printed, or enabled by default under CONFIG_DYNAMIC_DEBUG), hot paths included, whatever the .config says`,
        notes: m[2] ? [`the value does not matter: the debug macros test defined(${name})`] : [],
        fix:
          'delete the line or guard it with #ifdef CONFIG_<DRIVER>_DEBUG; to debug at run time: ' +
          `echo 'file ${base} +p' > /sys/kernel/debug/dynamic_debug/control`,
        data: { macro: name },
      });
    }
    return hits;
  },
  checkKbuild(file: KbuildFile): RuleHit[] {
    const hits: RuleHit[] = [];
    if (USERSPACE.test(file.path)) return hits;
    for (const l of file.lines) {
      if (l.condDepth !== 0) continue;
      const m = /^([^\s:+?=]+)\s*(\+=|:=|\?=|=)\s*(.*)$/.exec(l.text);
      if (!m || !FLAG_VARS.test(m[1]!)) continue;
      const flag = /(?:^|\s)(-D(?:VERBOSE_)?DEBUG)(?:=\S*)?(?=\s|$)/.exec(m[3]!);
      if (!flag) continue;
      // Point at the physical line holding the flag (the assignment may be continued).
      const phys = file.text.split('\n');
      let line = l.line;
      let column = 1;
      for (let k = l.line - 1; k < phys.length; k++) {
        const idx = phys[k]!.search(/-D(?:VERBOSE_)?DEBUG\b/);
        if (idx >= 0) {
          line = k + 1;
          column = idx + 1;
          break;
        }
      }
      const guarded = m[1]!.replace(/-y$/, '-$(CONFIG_<DRIVER>_DEBUG)');
      hits.push({
        line,
        column,
        message:
          `'${m[1]} ${m[2]} ... ${flag[1]}' defines DEBUG for every file it compiles: ` +
          'all their pr_debug()/dev_dbg() calls are compiled in, whatever the .config says',
        fix: `guard it with the driver's debug option (${guarded} += ${flag[1]}) or delete it`,
        data: { variable: m[1], flag: flag[1] },
      });
    }
    return hits;
  },
  fast: {
    // Each token is the end of a spelling the candidate regex requires to end a word.
    tokensEndWords: true,
    candidateWithinLine: true,
    // Looser than the candidate (any blank before DEBUG): a pattern
    // starting `define` makes rg try every `#define` line of every header (+50% on a whole tree),
    // while this one lets rg look for DEBUG first; the extra files (`#ifdef DEBUG`) are dropped
    // in JS. The word end costs rg nothing and spares reading 600 files (`DEBUG_FS`...).
    rgLinePattern: String.raw`(?:[ \t]|-D)(?:VERBOSE_)?DEBUG\b`,
    hitsFromPrefix(bytes: Uint8Array, text: string, path: string): RuleHit[] | undefined {
      return prefixHits(bytes, text, path);
    },
  },
};

const CANDIDATES = new RegExp(debugEnabledInSource.candidate!.source, 'g');

/**
 * checkC's hits read from a prefix of the file, or undefined when the prefix does not decide
 * them. Most `#define DEBUG` lines sit near the top of a file, and lexing the rest of it was
 * most of this rule's time. Every hit's directive holds a candidate match (the engine already
 * relies on it), so all lie before the end of the last one. The lexer reads left to right, so
 * on a prefix ending past that it gives the same directives there, with the same `#if`
 * nesting, as on the whole file, unless one runs to the prefix's end (continued or in a
 * comment: then the whole file is lexed). What comes after can only undo a definition by an
 * `#undef DEBUG` (mayUndefine): a file that may hold one there is lexed whole.
 * `slack`: bytes past the last match's line; `share`: no prefix longer than this part of the
 * file (little to gain). Both are parameters for the tests, which need small prefixes.
 */
export function prefixHits(
  bytes: Uint8Array,
  text: string,
  path: string,
  slack = PREFIX_SLACK,
  share = 0.75,
): RuleHit[] | undefined {
  if (isHeader(path) || USERSPACE.test(path)) return []; // as checkC, without lexing
  let end = -1;
  CANDIDATES.lastIndex = 0;
  for (let m = CANDIDATES.exec(text); m; m = CANDIDATES.exec(text)) end = m.index + m[0].length;
  if (end < 0) return undefined;
  const buf = asBuffer(bytes);
  const nl = buf.indexOf(10, end + slack);
  const cut = nl + 1;
  if (nl < 0 || cut > buf.length * share || mayUndefine(text, cut)) return undefined;
  const prefix = scanC(buf.subarray(0, cut), path);
  if (prefix.directives.some((d) => d.end >= cut)) return undefined;
  return debugEnabledInSource.checkC!(prefix);
}

/**
 * Whether the text from `from` on may hold `#undef DEBUG` or `#undef VERBOSE_DEBUG` as checkC
 * reads it: the directive's name needs the bytes `undef` (a line continuation inside a name
 * ends it), and its body, continuations joined, blanks trimmed, must be the macro's name. So
 * an `undef` followed, past continuations, by blanks and `DEBUG`/`VERBOSE_DEBUG` may be one;
 * so may one followed by a comment or only blanks up to the end of what is looked at.
 */
function mayUndefine(text: string, from: number): boolean {
  for (let k = text.indexOf('undef', from); k >= 0; k = text.indexOf('undef', k + 5)) {
    const rest = text.slice(k + 5, k + 5 + UNDEF_WINDOW).replace(/\\\r?\n/g, '');
    const blanks = /^\s*/.exec(rest)![0].length;
    if (blanks === rest.length || rest.startsWith('/', blanks)) return true;
    if (rest.startsWith('DEBUG', blanks) || rest.startsWith('VERBOSE_DEBUG', blanks)) return true;
  }
  return false;
}

/** How far past `undef` mayUndefine reads (a longer run of blanks counts as a maybe). */
const UNDEF_WINDOW = 256;

/** Bytes lexed past the line of the last candidate match. */
const PREFIX_SLACK = 4096;
