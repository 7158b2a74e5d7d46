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
});
