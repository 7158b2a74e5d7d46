import type { RuleMeta } from '../../core/rule-meta.js';

/**
 * The parser's second finding: an option assigned twice. Kconfig keeps the last line (and warns
 * "override: reassigning to symbol"), so an earlier line that looks like it turns a debug
 * option off — or on — may be a dead letter.
 */
export const OVERRIDDEN_OPTION: RuleMeta = {
  id: 'overridden-option',
  kind: 'config',
  severity: 'info',
  summary: 'an option set more than once: only the last line counts',
  why:
    'Kconfig reads the file top to bottom and the last assignment wins, so an earlier line that ' +
    'seems to disable a costly option (or enable it) has no effect. Concatenated fragments and hand ' +
    'edits appended to a .config produce this; the reviewer reads the first line and is misled.',
  fix: 'Keep one line per option (the value you mean), or regenerate the file with make olddefconfig.',
  sources: ['linux-6.1 scripts/kconfig/confdata.c: conf_read_simple() ("override: reassigning to symbol")'],
};
