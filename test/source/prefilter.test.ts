/*
 * The byte prefilter: which token groups a buffer holds, with and without word ends. The
 * whole-tree test proves it loses no finding; these pin down the boundary cases.
 */
import { describe, expect, it } from 'vitest';
import { buildPrefilter } from '../../src/lint/source/prefilter.js';

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
