import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { README_END, README_START, ruleTable } from '../../src/linters/rule-docs.js';
import { allRules } from '../../src/linters/registry.js';

describe('docs/rules.md rule table', () => {
  it("matches the rules' metadata (run `npm run build && node scripts/gen-rule-table.mjs` to update)", () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'docs', 'rules.md'), 'utf8');
    const a = readme.indexOf(README_START);
    const b = readme.indexOf(README_END);
    expect(a).toBeGreaterThan(0);
    const section = readme.slice(a + README_START.length, b).trim();
    expect(section).toBe(ruleTable());
    for (const r of allRules()) expect(section).toContain(`| \`${r.id}\` |`);
  });
});
