import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'coverage',
  severity: 'error',
  summary: 'coverage instrumentation in every basic block of the kernel',
  options: [{ name: 'KCOV', since: '4.6' }, 'GCOV_PROFILE_ALL'],
  versions: 'GCOV_PROFILE_ALL from 2.6.31, KCOV from 4.6',
  why:
    'A callback (KCOV) or counter update (GCOV) in every basic block of instrumented code; ' +
    'with KCOV_INSTRUMENT_ALL or GCOV_PROFILE_ALL that is the whole kernel including the network stack.',
  fix: 'Disable KCOV and GCOV_PROFILE_ALL (fuzzing/coverage builds only).',
  sources: [
    'linux-6.1 lib/Kconfig.debug: KCOV, KCOV_INSTRUMENT_ALL',
    'linux-6.1 kernel/gcov/Kconfig: GCOV_PROFILE_ALL help',
  ],
});
