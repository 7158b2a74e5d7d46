import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'branch-profiling',
  severity: 'error',
  summary: 'every likely()/unlikely() (or every if) updates a profiling counter',
  options: ['PROFILE_ANNOTATED_BRANCHES', 'PROFILE_ALL_BRANCHES'],
  why:
    'Branch annotations become function-like macros that increment per-site counters, on hot paths everywhere; ' +
    'the help text: "this will add a significant overhead".',
  fix: 'Select BRANCH_PROFILE_NONE.',
  sources: ['linux-6.1 kernel/trace/Kconfig: PROFILE_ANNOTATED_BRANCHES, PROFILE_ALL_BRANCHES'],
});
