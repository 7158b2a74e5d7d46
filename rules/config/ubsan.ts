import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'ubsan',
  severity: 'warning',
  summary: 'UBSAN instruments arithmetic, shifts and array indexing across the kernel',
  options: [{ name: 'UBSAN', since: '4.5' }],
  versions: 'from 4.5; UBSAN_SANITIZE_ALL is the whole-kernel switch',
  why:
    'With UBSAN_SANITIZE_ALL every instrumented operation carries a check and a call on failure, ' +
    'growing code and branches in hot paths. Bounds checking with UBSAN_TRAP alone is a cheap ' +
    'hardening measure.',
  fix: 'Disable UBSAN, or keep only UBSAN_BOUNDS with UBSAN_TRAP for hardening.',
  sources: ['linux-6.1 lib/Kconfig.ubsan: UBSAN, UBSAN_SANITIZE_ALL, UBSAN_TRAP'],
  verdict: (ctx) => {
    if (ctx.enabled('UBSAN_SANITIZE_ALL')) return { notes: ['UBSAN_SANITIZE_ALL=y: the whole kernel is instrumented'] };
    // A fragment leaves it to Kconfig, whose default (since 4.5) is y.
    if (ctx.fragment && !ctx.stated('UBSAN_SANITIZE_ALL')) {
      return { notes: ['UBSAN_SANITIZE_ALL is not stated and defaults to y: the whole kernel will be instrumented'] };
    }
    return { severity: 'info', notes: ['UBSAN_SANITIZE_ALL is off: only explicitly instrumented objects'] };
  },
});
