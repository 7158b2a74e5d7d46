import type { RuleMeta } from '../../core/rule-meta.js';

/** The parser's own finding: a line Kconfig would not understand. Documented like any rule. */
export const MALFORMED_LINE: RuleMeta = {
  id: 'malformed-line',
  kind: 'config',
  severity: 'warning',
  summary: 'a line that is not CONFIG_X=value, "# CONFIG_X is not set", a comment or blank',
  why:
    'Kconfig skips such a line with a warning, so the option it meant to set keeps another value: a ' +
    'hand edit that silently did nothing, or a truncated / corrupted file.',
  fix: 'Correct the line (CONFIG_NAME=y|m|n, a number, or a "quoted string") or delete it, then run make olddefconfig.',
  sources: ['linux-6.1 scripts/kconfig/confdata.c: conf_read_simple()'],
};
