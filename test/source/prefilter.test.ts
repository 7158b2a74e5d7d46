/*
 * The byte prefilter: which token groups a buffer holds, with and without word ends. The
 * whole-tree test proves it loses no finding; these pin down the boundary cases.
 */
import { describe, expect, it } from 'vitest';
import { buildPrefilter } from '../../src/lint/source/selection/prefilter.js';
import { SOURCE_RULES } from '../../rules/source/index.js';
import { CASES as TABLE } from './table.js';

const LOCK = ['DEFINE_SPINLOCK', 'lock_t', ' mutex', '\tmutex'];
const GRANT = ['gnttab_', 'grant_table_op'];
const words = buildPrefilter([LOCK, GRANT], [true, false]);
const plain = buildPrefilter([LOCK, GRANT]);

// [text, mask with word ends on the lock group, mask without]
const CASES: Array<[string, number, number]> = [
  ['int x;\n', 0, 0],
  ['static struct mutex m;\n', 1, 1],
  ['\tmutex_lock(&m);\n', 0, 1],
  ['spinlock_t l;', 1, 1],
  ['seqlock_t', 1, 1], // token at the very end of the buffer
  ['rwlock_type x;', 0, 1],
  ['static DEFINE_SPINLOCK(l);', 1, 1],
  ['DEFINE_SPINLOCK_IRQ(l);', 0, 1],
  ['xen_gnttab_x(); struct mutex_waiter w; spinlock_t s;', 3, 3],
  ['gnttab_copy(op, 1);', 2, 2], // grant tokens are prefixes: no word end asked
  ['/* mutex_lock and lock_type */ grant_table_op2', 2, 3],
];

describe('byte prefilter', () => {
  it.each(CASES)('%j', (text, withWords, without) => {
    const buf = Buffer.from(text, 'latin1');
    expect(words.match(buf)).toBe(withWords);
    expect(plain.match(buf)).toBe(without);
    // A view into a larger buffer (the reader's reused one): the byte after the view is not read.
    const big = Buffer.from(text + 'x_tail', 'latin1').subarray(0, buf.length);
    expect(words.match(big)).toBe(withWords);
  });
});

/*
 * On the files rg lists, only the candidate regexes decide (batch.ts): that is the prefilter's
 * answer too only if every text a rule's candidate matches holds one of its tokens.
 */
describe('a candidate match always holds a token of its rule', () => {
  const extra = [
    'static struct\r\nmutex m;',
    'static struct\fmutex m;',
    'static struct/**/mutex m;',
    'static DEFINE_MUTEX(m)é',
    '#define\tDEBUG',
    '-DVERBOSE_DEBUG',
  ];
  it.each(SOURCE_RULES.map((r) => [r.id, r] as const))('%s', (_, rule) => {
    const filter = buildPrefilter([rule.tokens], [rule.fast?.tokensEndWords === true]);
    let matched = 0;
    for (const text of [...TABLE.map((c) => c.code), ...extra]) {
      if (!rule.candidate!.test(text)) continue;
      matched++;
      expect(filter.match(Buffer.from(text, 'latin1')), JSON.stringify(text.slice(0, 80))).toBe(1);
    }
    expect(matched).toBeGreaterThan(2);
  });
});
