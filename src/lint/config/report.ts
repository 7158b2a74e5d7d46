/** The text summary under the findings, and the merge_config.sh fragment. */
import { summarize } from '../format/text.js';
import type { Severity } from '../../core/finding.js';
import type { LintConfigResult } from './lint.js';
import { escapeControls, quotePath } from '../../core/quote-path.js';

/**
 * A few lines a maintainer can act on. The last line is always either the exact
 * `scripts/config --disable ...` command or a sentence saying there is nothing to disable.
 */
export function textSummary(r: LintConfigResult, failOn: Severity, baselineFile?: string): string {
  const out: string[] = [];
  const accepted = r.suppressed.length
    ? `; ${r.suppressed.length} accepted by ${baselineFile ? quotePath(baselineFile) : 'the baseline'}`
    : '';
  out.push(`${quotePath(r.file)}: ${summarize(r.findings)}${accepted}`);
  const version = r.kernelVersion
    ? `kernel ${r.kernelVersion} (${r.versionSource === 'header' ? 'from the header' : '--kernel-version'})`
    : 'kernel version unknown (no header; pass --kernel-version)';
  const kind = r.fragment ? 'fragment (options it does not state are left alone)' : 'full .config';
  const boot = r.cmdlineSource
    ? `boot parameters from ${quotePath(r.cmdlineSource)}`
    : 'boot parameters unknown (pass --cmdline /proc/cmdline)';
  out.push(`${version}; ${kind}; ${boot}`);
  if (!r.disable.length && !r.cmdlineRemove.length) {
    out.push(`Nothing at or above ${failOn} to disable.`);
    return out.map(escapeControls).join('\n') + '\n';
  }
  if (r.cmdlineRemove.length) out.push(`Remove from the kernel command line: ${r.cmdlineRemove.join(' ')}`);
  if (r.disable.length) {
    out.push(
      `Options to disable (each root before what it pulls in): ${r.disable.map((o) => `CONFIG_${o}`).join(' ')}`,
    );
    out.push('In the kernel tree, with this .config in place, run (then make olddefconfig):');
    out.push(r.fixCommand!);
  } else {
    out.push('No Kconfig option to disable.');
  }
  // The command line's words come from a file: no control character reaches the terminal.
  return out.map(escapeControls).join('\n') + '\n';
}

/** A fragment for `scripts/kconfig/merge_config.sh .config FRAGMENT` that turns the findings off. */
export function fixFragment(r: LintConfigResult, failOn: Severity): string {
  const lines = [
    `# netback-policy: options that cost throughput in ${quotePath(r.file)} (findings at or above ${failOn}).`,
    '# Apply: scripts/kconfig/merge_config.sh -m .config THIS_FILE && make olddefconfig',
  ];
  if (r.cmdlineRemove.length)
    lines.push(`# Also remove from the kernel command line: ${escapeControls(r.cmdlineRemove.join(' '))}`);
  for (const o of r.disable) lines.push(`# CONFIG_${o} is not set`);
  return lines.join('\n') + '\n';
}
