import type { Finding } from '../../core/finding.js';

/** Stable JSON: `{ tool, version, findings: [...], summary: {error, warning, info}, ...extra }`. */
export function formatJson(findings: Finding[], version: string, extra: Record<string, unknown> = {}): string {
  const summary = { error: 0, warning: 0, info: 0 };
  for (const f of findings) summary[f.severity]++;
  return JSON.stringify({ tool: 'netback-policy', version, findings, summary, ...extra }, null, 2) + '\n';
}
