import type { Finding } from '../../core/finding.js';
import type { RuleMeta } from '../../core/rule-meta.js';
import { NetbackError } from '../../core/errors.js';
import { formatText } from './text.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export function parseFormat(s: string): Format {
  if ((FORMATS as readonly string[]).includes(s)) return s as Format;
  throw new NetbackError('bad-format', `unknown --format '${s}'`, { hint: `use one of: ${FORMATS.join(', ')}` });
}

export interface RenderOptions {
  format: Format;
  rules: readonly RuleMeta[];
  version: string;
  color?: boolean;
  /** Extra top-level fields for json (e.g. the fix command). */
  extra?: Record<string, unknown>;
}

/** The findings in the chosen format (text has no summary: callers append their own). */
export function renderFindings(findings: Finding[], opts: RenderOptions): string {
  switch (opts.format) {
    case 'text':
      return formatText(findings, { color: opts.color ?? false });
    case 'json':
      return formatJson(findings, opts.version, opts.extra);
    case 'sarif':
      return formatSarif(findings, opts.rules, opts.version);
  }
}
