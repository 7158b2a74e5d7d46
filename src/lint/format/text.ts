import type { Finding } from '../../core/finding.js';
import { escapeControls, quotePath } from '../../core/quote-path.js';

export interface TextOptions {
  /** Colourise (the caller decides: io/color.ts). */
  color?: boolean;
}

type Paint = (s: string) => string;
const plain: Paint = (s) => s;

/**
 * gcc style, one finding per line: `path:line:col: severity: message [rule-id]`, then its notes
 * indented by two spaces (`  note: ...`) and the fix (`  fix: ...`). Editors and CI parse this, so
 * the file is quoted as git would (quotePath) and control characters in the text are escaped.
 */
export function formatText(findings: Finding[], opts: TextOptions = {}): string {
  const c = opts.color ? colors() : { red: plain, yellow: plain, cyan: plain, bold: plain, dim: plain };
  const out: string[] = [];
  for (const f of findings) {
    const sev =
      f.severity === 'error' ? c.red(f.severity) : f.severity === 'warning' ? c.yellow(f.severity) : c.cyan(f.severity);
    out.push(
      `${c.bold(`${quotePath(f.file)}:${f.line}:${f.column}:`)} ${sev}: ` +
        `${escapeControls(f.message)} ${c.dim(`[${f.ruleId}]`)}`,
    );
    for (const n of f.notes ?? []) out.push(`  note: ${escapeControls(n)}`);
    if (f.fix) out.push(`  fix: ${escapeControls(f.fix)}`);
  }
  return out.length ? out.join('\n') + '\n' : '';
}

/** `3 errors, 1 warning, 0 info` */
export function summarize(findings: Finding[]): string {
  const n = { error: 0, warning: 0, info: 0 };
  for (const f of findings) n[f.severity]++;
  const pl = (k: number, w: string) => `${k} ${w}${k === 1 || w === 'info' ? '' : 's'}`;
  return `${pl(n.error, 'error')}, ${pl(n.warning, 'warning')}, ${pl(n.info, 'info')}`;
}

function colors() {
  // picocolors is tiny; loaded only when colour is actually wanted.
  const pc = requirePicocolors();
  return { red: pc.red, yellow: pc.yellow, cyan: pc.cyan, bold: pc.bold, dim: pc.dim };
}

import { createRequire } from 'node:module';
function requirePicocolors(): { red: Paint; yellow: Paint; cyan: Paint; bold: Paint; dim: Paint } {
  return createRequire(import.meta.url)('picocolors');
}
