// The vitest config Stryker runs (stryker.config.mjs): the project's, limited to one group's test files.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

const tests = (process.env.MUTATE_TESTS ?? '').split(',').filter(Boolean);

export default defineConfig({
  ...base,
  test: { ...base.test, include: tests.length ? tests : ['test/mutation/**/*.test.ts'] },
});
