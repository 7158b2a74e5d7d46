import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'frame-pointer',
  severity: 'warning',
  summary: 'frame pointers on x86-64: a register lost and a prologue in every function',
  options: ['FRAME_POINTER', { name: 'UNWINDER_FRAME_POINTER', since: '4.14' }],
  versions: 'x86 only; from 4.14 the ORC unwinder gives reliable stacks without frame pointers',
  why:
    'Every function pushes and sets up %rbp, and the compiler loses a general-purpose register; ' +
    'the ORC help text puts the cost at "5-10%" for kernel-heavy workloads. ' +
    'In 2.6.32 LOCKDEP and LATENCYTOP selected it.',
  fix:
    'Select UNWINDER_ORC (4.14+) and disable FRAME_POINTER; ' +
    'on older kernels it goes with the lockdep/latencytop option that selected it.',
  sources: [
    'linux-6.1 arch/x86/Kconfig.debug: UNWINDER_ORC help',
    'linux-2.6.32 lib/Kconfig.debug: LOCKDEP selects FRAME_POINTER',
  ],
  // Other architectures (arm64, s390) need or choose frame pointers for other reasons.
  verdict: (ctx) =>
    ctx.enabled('X86') || ctx.enabled('X86_64') || (ctx.fragment && !ctx.stated('X86')) ? undefined : null,
});
