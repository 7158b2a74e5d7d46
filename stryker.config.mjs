// Mutation testing (issue 21): `npm run mutate` runs every group below; one group:
// `MUTATE_GROUP=format npm run mutate`. Scores and the surviving mutants kept (with why): bench/mutation.md.
// Only in-process tests can kill a mutant: tests that spawn dist/src/cli.js run the unmutated build.
process.env.NETBACK_POLICY_SKIP_REAL ??= '1';

/**
 * Each group: the modules mutated and the in-process test files that cover them. Files whose
 * tests spawn the built CLI (they cannot kill a mutant) or build kernels are left out: Stryker
 * reruns a group's whole list for every static mutant (module-level code such as rule objects).
 */
export const GROUPS = {
  core: {
    mutate: ['src/core/exit-codes.ts', 'src/core/fail-on.ts', 'src/core/finding.ts'],
    tests: ['test/fail-on.test.ts', 'test/mutation/exit-codes.test.ts'],
  },
  format: {
    mutate: ['src/lint/format/*.ts'],
    tests: ['test/mutation/format.test.ts'],
  },
  irq: {
    mutate: ['rules/irq/*.ts'],
    tests: ['test/irq/parse.test.ts', 'test/mutation/irq-rules.test.ts', 'test/config/readme-rules.test.ts'],
  },
  config: {
    mutate: [
      'rules/config/*.ts',
      '!rules/config/relations.ts',
      'src/lint/config/relations.ts',
      'src/lint/config/rule.ts',
    ],
    tests: [
      'test/config/engine.test.ts',
      'test/config/rules.test.ts',
      'test/config/overridden.test.ts',
      'test/config/parse.test.ts',
      'test/mutation/config-rules.test.ts',
      'test/mutation/rule-meta.test.ts',
      'test/config/readme-rules.test.ts',
    ],
  },
  // The built-in relations table, checked against linux-6.1's Kconfig (a test that reads the real tree:
  // too slow to rerun for every static mutant of the config group).
  relations: {
    mutate: ['rules/config/relations.ts'],
    tests: ['test/config/builtin-relations.test.ts', 'test/config/engine.test.ts'],
  },
  patch: {
    mutate: ['src/patch/mbox.ts', 'src/patch/series.ts'],
    tests: ['test/mutation/mbox.test.ts'],
  },
  // Severities are not here: Stryker mutates 'warning' only to "", which the TypeScript checker rejects;
  // test/mutation/rule-meta.test.ts and scripts/named-mutants.mjs cover them (bench/mutation.md).
  // Follow-up, not run yet (the targets' CPU choice is being rewritten, issue 20):
  // cpu: { mutate: ['src/targets/pvops-assign.ts', 'src/targets/upstream-groups.ts', 'src/targets/upstream-mq.ts'],
  //        tests: ['test/targets/*.test.ts', 'test/upstream/*.test.ts'] },
};

const picked = process.env.MUTATE_GROUP ? process.env.MUTATE_GROUP.split(',') : Object.keys(GROUPS);
for (const g of picked) if (!GROUPS[g]) throw new Error(`MUTATE_GROUP: unknown group '${g}' (${Object.keys(GROUPS)})`);
// vitest.stryker.config.ts reads the test list from here.
process.env.MUTATE_TESTS = [...new Set(picked.flatMap((g) => GROUPS[g].tests))].join(',');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts', related: false },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  plugins: ['@stryker-mutator/*', './scripts/stryker-prose-ignorer.mjs'],
  // Rule prose (why/fix/sources/limits/versions) is documentation, checked by the README drift test.
  ignorers: ['rule-prose'],
  // Two cores shared with the rest of the machine (`--concurrency 2` when it is idle).
  concurrency: 1,
  timeoutMS: 60_000,
  reporters: ['clear-text', 'progress-append-only', 'json'],
  jsonReporter: { fileName: `reports/mutation/${picked.join('-')}.json` },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  mutate: picked.flatMap((g) => GROUPS[g].mutate),
};
