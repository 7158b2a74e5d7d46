import type { Finding, Severity } from '../../core/finding.js';
import type { RuleMeta } from '../../core/rule-meta.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0, one run; rules described from their metadata so code-scanning UIs show why and fix. */
export function formatSarif(findings: Finding[], rules: readonly RuleMeta[], version: string): string {
  const used = new Set(findings.map((f) => f.ruleId));
  const ruleList = rules.filter((r) => used.has(r.id));
  for (const id of used) {
    if (!ruleList.some((r) => r.id === id)) {
      ruleList.push({ id, kind: 'config', severity: 'warning', summary: id, why: '', fix: '' });
    }
  }
  ruleList.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const index = new Map(ruleList.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'netback-policy',
            version,
            informationUri: 'https://www.npmjs.com/package/netback-policy',
            rules: ruleList.map((r) => ({
              id: r.id,
              shortDescription: { text: r.summary },
              fullDescription: { text: r.why || r.summary },
              help: { text: `${r.why}\nFix: ${r.fix}`.trim() },
              defaultConfiguration: { level: LEVEL[r.severity] },
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId),
          level: LEVEL[f.severity],
          message: { text: [f.message, ...(f.notes ?? []), ...(f.fix ? [`Fix: ${f.fix}`] : [])].join('\n') },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file === '-' ? 'stdin' : f.file.split('\\').join('/') },
                ...(f.line > 0 ? { region: { startLine: f.line, startColumn: Math.max(1, f.column) } } : {}),
              },
            },
          ],
          ...(f.data ? { properties: f.data } : {}),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
