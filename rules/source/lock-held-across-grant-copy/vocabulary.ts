/*
 * The two vocabularies of lock-held-across-grant-copy: what takes and releases a lock, and what
 * is grant copy/map work, in Linux dom0 code and in the Xen hypervisor; and which one a file is
 * read with (`auto`: the file's place in a Xen tree, else what it includes).
 */
import { resolve } from 'node:path';
import type { SourceVocabulary } from '../../../src/lint/source/rule.js';

export type VocabularyName = 'xen' | 'linux';
export type VocabularyChoice = SourceVocabulary;

/** How a lock call names its lock: the family (an unlock releases its own family) and the argument. */
export interface LockCall {
  family: string;
  arg: number;
}

export interface Vocabulary {
  name: VocabularyName;
  lock(name: string): LockCall | undefined;
  unlock(name: string): LockCall | undefined;
  /** Names that are the copy/map work itself when called (followed first when defined in the file). */
  copyCalls: ReadonlySet<string>;
  /**
   * Page copies that are grant copies in a file that handles grants (names gnttab_ or
   * grant_table in code): these calls, and memcpy/memmove from or to a map_domain_page mapping.
   */
  pageCopies?: ReadonlySet<string>;
  /** A hypercall whose first argument says whether it is a copy/map (undefined: any call is). */
  hypercall?: { name: string; ops: RegExp };
}

const SUFFIX = String.raw`(?:_irqsave|_irq|_bh|_recursive)?(?:_nested)?`;

/** A call name's pattern, its lock family, the argument naming the lock. */
type Entry = [RegExp, string, number];

function table(entries: Entry[]): (name: string) => LockCall | undefined {
  return (name) => {
    // Every lock call's name says so: most calls are settled without a pattern.
    if (!name.includes('lock') && !name.includes('LOCK')) return undefined;
    for (const [re, family, arg] of entries) if (re.test(name)) return { family, arg };
    return undefined;
  };
}

const SPIN = new RegExp(`^(?:raw_)?spin_lock${SUFFIX}$`);
const SPIN_UN = /^(?:raw_)?spin_unlock(?:_irqrestore|_irq|_bh|_recursive)?$/;
const READ = new RegExp(`^read_lock${SUFFIX}$`);
const WRITE = new RegExp(`^write_lock${SUFFIX}$`);
const READ_UN = /^read_unlock(?:_irqrestore|_irq|_bh)?$/;
const WRITE_UN = /^write_unlock(?:_irqrestore|_irq|_bh)?$/;
/** Spinlocks and rwlocks, spelt alike in Linux and Xen. */
const LOCKS: Entry[] = [
  [SPIN, 'spin', 0],
  [READ, 'read', 0],
  [WRITE, 'write', 0],
];
const UNLOCKS: Entry[] = [
  [SPIN_UN, 'spin', 0],
  [READ_UN, 'read', 0],
  [WRITE_UN, 'write', 0],
];

export const LINUX: Vocabulary = {
  name: 'linux',
  lock: table([...LOCKS, [/^mutex_lock(?:_interruptible|_killable|_nested|_io)?$/, 'mutex', 0]]),
  unlock: table([...UNLOCKS, [/^mutex_unlock$/, 'mutex', 0]]),
  copyCalls: new Set([
    'gnttab_batch_copy',
    'gnttab_batch_map',
    'gnttab_map_refs',
    'gnttab_unmap_refs',
    'gnttab_unmap_refs_sync',
    'gnttab_copy',
  ]),
  // GNTTABOP_setup_table, query_size, ... are cheap; a command in a variable may be a copy.
  hypercall: {
    name: 'HYPERVISOR_grant_table_op',
    ops: /^(?!GNTTABOP_)|^GNTTABOP_(?:copy|map_grant_ref|unmap_grant_ref|unmap_and_replace|transfer)$/,
  },
};

/** Xen's own lock calls: [lock, unlock, family, argument naming the lock]. */
const XEN_PAIRS: Array<[string, string, string, number]> = [
  ['percpu_read_lock', 'percpu_read_unlock', 'percpu-read', 1],
  ['percpu_write_lock', 'percpu_write_unlock', 'percpu-write', 1],
  ['grant_read_lock', 'grant_read_unlock', 'grant-read', 0],
  ['grant_write_lock', 'grant_write_unlock', 'grant-write', 0],
  ['double_gt_lock', 'double_gt_unlock', 'double-gt', 0],
  ['LOCK_BIGLOCK', 'UNLOCK_BIGLOCK', 'biglock', 0],
  ['domain_lock', 'domain_unlock', 'domain', 0],
];
const exactly = (name: string) => new RegExp(`^${name}$`);
/** Xen 4.19's recursive spinlocks (rspin_lock) and their non-recursive use (nrspin_lock). */
const RSPIN: Entry = [/^n?rspin_lock(?:_irqsave|_irq)?$/, 'spin', 0];
const RSPIN_UN: Entry = [/^n?rspin_unlock(?:_irqrestore|_irq)?$/, 'spin', 0];

export const XEN: Vocabulary = {
  name: 'xen',
  lock: table([...LOCKS, RSPIN, ...XEN_PAIRS.map(([l, , f, k]): Entry => [exactly(l), f, k])]),
  unlock: table([...UNLOCKS, RSPIN_UN, ...XEN_PAIRS.map(([, u, f, k]): Entry => [exactly(u), f, k])]),
  copyCalls: new Set(['__gnttab_copy', 'gnttab_copy_buf']),
  pageCopies: new Set(['copy_domain_page']),
};

/** A Xen hypervisor source path: below xen/common, xen/arch, ... of a Xen tree. */
const XEN_PATH = /(?:^|\/)xen\/(?:common|arch|drivers|include\/xen|include\/asm-[\w-]+|xsm|lib|crypto)\//;
/** Headers only the hypervisor has (Linux's include/xen/ has none of these). */
const XEN_INCLUDE = /#[ \t]*include[ \t]*<xen\/(?:lib|sched|config|domain_page|guest_access|spinlock|softirq)\.h>/;

/** The vocabulary a file is read with. */
export function vocabularyFor(choice: VocabularyChoice, path: string, text: () => string): Vocabulary {
  if (choice === 'xen') return XEN;
  if (choice === 'linux') return LINUX;
  const abs = resolve(path).replace(/\\/g, '/');
  return XEN_PATH.test(abs) || XEN_INCLUDE.test(text()) ? XEN : LINUX;
}
