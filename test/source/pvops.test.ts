/* The seed's bug, in our own fixture shaped like the 2.6.32 pvops netif_idx_release(). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSourceText } from '../../src/linters/source.js';
import { REPO } from '../support/cli.js';

const FIXTURE = 'samples/source/pvops-netback-idx-release.c';

describe('pvops netif_idx_release fixture', () => {
  const findings = lintSourceText(readFileSync(join(REPO, FIXTURE), 'utf8'), FIXTURE);

  it('yields exactly one finding: the function-static _lock', () => {
    expect(findings.map((f) => `${f.ruleId}:${f.line}`)).toEqual(['function-static-lock:52']);
  });

  it('names the lock, the function and the per-group struct it belongs in', () => {
    const f = findings[0]!;
    expect(f.message).toContain("'_lock'");
    expect(f.message).toContain('netif_idx_release()');
    expect(f.fix).toContain('struct xen_netbk');
    expect(f.fix).toContain('spin_lock_init(&netbk->_lock)');
    expect(f.data).toMatchObject({ lock: '_lock', struct: 'xen_netbk', param: 'netbk', lockType: 'spinlock_t' });
  });

  it('classes it per-instance (a warning) on the group state its critical section writes, with their lines', () => {
    const f = findings[0]!;
    expect(f.severity).toBe('warning');
    expect(f.data).toMatchObject({ class: 'per-instance', sections: 1 });
    const evidence = (f.data!['evidence'] as Array<{ expr: string; line: number; write: boolean }>).map(
      (e) => `${e.expr}@${e.line}${e.write ? ' written' : ''}`,
    );
    expect(evidence).toEqual(['netbk->dealloc_ring[index]@58 written', 'netbk->dealloc_prod@61 written']);
    expect(f.message).toContain(
      'netbk->dealloc_ring[index] (line 58), netbk->dealloc_prod (line 61) of struct xen_netbk',
    );
  });
});
