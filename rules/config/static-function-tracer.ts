import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'static-function-tracer',
  severity: 'error',
  summary: 'function tracer without DYNAMIC_FTRACE: an mcount call in every kernel function',
  options: ['FUNCTION_TRACER'],
  versions:
    'all; with DYNAMIC_FTRACE (2.6.27+, on in every distro kernel) ' +
    'the calls are NOPs until used and this is not a finding',
  why:
    'Without dynamic patching the compiler-inserted mcount/fentry call stays live in every function ' +
    'and jumps to ftrace_stub at run time. With DYNAMIC_FTRACE the call sites are rewritten to NOPs at ' +
    'boot, which is why Debian ships FUNCTION_TRACER (and FUNCTION_GRAPH_TRACER) at no idle cost.',
  fix: 'Enable DYNAMIC_FTRACE, or disable FUNCTION_TRACER.',
  sources: [
    'linux-6.1 kernel/trace/Kconfig: DYNAMIC_FTRACE help ("native performance as long as no tracing is active")',
    'linux-6.1 Documentation/trace/ftrace.rst',
  ],
  verdict: (ctx) => {
    if (ctx.enabled('DYNAMIC_FTRACE')) return null;
    // A fragment that does not mention DYNAMIC_FTRACE leaves it at its default (y where supported).
    if (ctx.fragment && !ctx.stated('DYNAMIC_FTRACE')) return null;
    return { disable: ['FUNCTION_TRACER'] };
  },
});
