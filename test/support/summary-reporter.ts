/*
 * Prints one plain closing line, `tests: N passed, N failed, N skipped`, after vitest's own
 * report, so CI logs state the count in a form any reader (or script) can parse. A failed hook
 * (beforeAll/afterAll), a file that failed to load and an unhandled error each count as a failure:
 * their tests show as skipped, but vitest exits 1 and the line must not read "0 failed".
 */
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function countResults(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError> = []): Counts {
  const n: Counts = { passed: 0, failed: unhandled.length, skipped: 0 };
  for (const m of modules) {
    for (const t of m.children.allTests()) {
      const s = t.result().state;
      if (s === 'passed') n.passed++;
      else if (s === 'failed') n.failed++;
      else n.skipped++;
    }
    // Errors of the file itself (collection, module-level hooks) and of each suite's hooks.
    const own = [m, ...m.children.allSuites()].filter((s) => s.errors().length > 0).length;
    n.failed += own;
    if (!own && m.state() === 'failed' && !m.children.allTests('failed').next().value) n.failed++;
  }
  return n;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>): void {
    const n = countResults(modules, unhandled);
    process.stdout.write(`\ntests: ${n.passed} passed, ${n.failed} failed, ${n.skipped} skipped\n`);
  }
}
