#!/usr/bin/env node
// Regenerates docs/rules.md's rule table (between <!-- rules:start --> and <!-- rules:end -->) from the
// rules' metadata. Run after `npm run build`; test/config/readme-rules.test.ts fails when they differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { replaceRuleTable } = await import(join(root, 'dist', 'src', 'linters', 'rule-docs.js'));
const path = join(root, 'docs', 'rules.md');
const before = readFileSync(path, 'utf8');
const after = replaceRuleTable(before);
if (after !== before) writeFileSync(path, after);
process.stdout.write(after === before ? 'docs/rules.md is up to date\n' : 'docs/rules.md regenerated\n');
