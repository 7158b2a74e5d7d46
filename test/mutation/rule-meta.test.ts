/*
 * Severities are behaviour: --fail-on, the hook's default (error) and the exit code follow them.
 * This table states each rule's on purpose, so changing one is a deliberate edit here (and a
 * README regeneration), not a silent metadata change. The source rules are also checked through
 * what they report and the exit code that follows.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../../src/linters/registry.js';
import { lintSourceText } from '../../src/linters/source.js';
import { exitCodeFor } from '../../src/core/fail-on.js';
import type { Severity } from '../../src/core/finding.js';

const SEVERITY: Record<string, Severity> = {
  // config: a cost on every packet or allocation
  'xen-debug-fs': 'error',
  'lock-debugging': 'error',
  'prove-rcu': 'error',
  'debug-preempt': 'error',
  'latency-tracers': 'error',
  'static-function-tracer': 'error',
  'branch-profiling': 'error',
  'debug-pagealloc': 'error',
  'slub-debug': 'error',
  'debug-slab': 'error',
  'slub-stats': 'error',
  'debug-vm': 'error',
  'debug-objects': 'error',
  kmemleak: 'error',
  kasan: 'error',
  kcsan: 'error',
  kmsan: 'error',
  coverage: 'error',
  'dma-api-debug': 'error',
  'rcu-strict-grace-period': 'error',
  // config: a smaller or conditional cost
  'debug-atomic-sleep': 'warning',
  'tracer-selftests': 'warning',
  ubsan: 'warning',
  'net-debug': 'warning',
  latencytop: 'warning',
  'frame-pointer': 'warning',
  'debug-stack-usage': 'warning',
  'debug-virtual': 'warning',
  'init-on-free': 'warning',
  'malformed-line': 'warning',
  // config: off at run time or hardening
  'idle-tracers': 'info',
  schedstats: 'info',
  'page-poisoning': 'info',
  'page-owner': 'info',
  'list-checks': 'info',
  'misc-debug-checks': 'info',
  'overridden-option': 'info',
  // source: advice a reviewer weighs; the hook does not block on them by default
  'function-static-lock': 'warning',
  'lock-held-across-grant-copy': 'warning',
  'debug-enabled-in-source': 'warning',
  // irq
  'vif-irq-single-cpu': 'error',
  'vif-queues-one-cpu': 'warning',
};

describe('rule severities', () => {
  it('are the ones stated here, for every rule', () => {
    expect(Object.fromEntries(allRules().map((r) => [r.id, r.severity]))).toEqual(SEVERITY);
  });

  const fn = (body: string) => `static void f(struct dev *d)\n{\n${body}\n}\n`;
  it.each([
    ['function-static-lock', 'drivers/x/a.c', fn('\tstatic DEFINE_SPINLOCK(l);')],
    [
      'lock-held-across-grant-copy',
      'drivers/x/a.c',
      fn('\tspin_lock(&d->lock);\n\tgnttab_batch_copy(d->ops, 1);\n\tspin_unlock(&d->lock);'),
    ],
    ['debug-enabled-in-source', 'drivers/x/a.c', '#define DEBUG\n#include <linux/kernel.h>\n'],
  ])("%s reports a warning: exit 1 at --fail-on warning, 0 at the hook's default (error)", (id, path, code) => {
    const found = lintSourceText(code, path);
    expect(found.map((f) => `${f.ruleId}:${f.severity}`)).toEqual([`${id}:warning`]);
    expect(exitCodeFor(found, 'warning')).toBe(1);
    expect(exitCodeFor(found, 'error')).toBe(0);
  });
});
