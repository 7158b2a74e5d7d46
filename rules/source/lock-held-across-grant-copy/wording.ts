/*
 * How a lock held across a copy is named and judged where it is: in the hypervisor, whose
 * domain's lock it is and who waits on it (every vCPU of that domain, every backend copying
 * into it), with Xen's own later fix; in dom0, the CPUs spinning on a driver lock.
 */
import type { Severity } from '../../../src/core/finding.js';
import type { Held } from './flow.js';
import type { VocabularyName } from './vocabulary.js';

/** Xen families by weight: the one a finding names first (exclusive before shared). */
const XEN_RANK = [
  'biglock',
  'domain',
  'double-gt',
  'grant-write',
  'percpu-write',
  'write',
  'spin',
  'read',
  'grant-read',
  'percpu-read',
];
const READERS = new Set(['read', 'grant-read', 'percpu-read']);

export interface Wording {
  severity: Severity;
  lock: string;
  consequence: string;
  fix: string;
}

/** The held lock a finding is about: the heaviest (Xen) or the last taken (dom0). */
export function mainLock(vocab: VocabularyName, held: Held[]): Held {
  if (vocab === 'linux') return held.reduce((a, b) => (b.offset > a.offset ? b : a));
  const rank = (h: Held) => XEN_RANK.indexOf(h.family);
  return held.reduce((a, b) => (rank(b) < rank(a) || (rank(b) === rank(a) && b.offset < a.offset) ? b : a));
}

const plain = (key: string) => key.replace(/^&/, '').replace(/^\((.*)\)$/, '$1');

/** The domain whose lock it is, when the lock's name says it (`d`, `rd` of `rd->grant_table->lock`). */
function domainOf(h: Held): string | undefined {
  const k = plain(h.key);
  if (h.family === 'biglock' || h.family === 'domain') return k;
  return /^(.+?)->grant_table(?:->|\.)lock$/.exec(k)?.[1];
}

export function wordingOf(vocab: VocabularyName, h: Held): Wording {
  const k = plain(h.key);
  if (vocab === 'linux') {
    const kind = h.family === 'mutex' ? 'mutex' : h.family === 'spin' ? 'spinlock' : `${h.family} lock`;
    const waits = h.family === 'mutex' ? 'every task that wants it sleeps' : 'every CPU that wants it spins';
    return {
      severity: 'warning',
      lock: `${kind} \`${k}\``,
      consequence: `the hypercall traps into Xen for the whole copy/map, and ${waits} meanwhile`,
      fix:
        `prepare the batch under the lock, release \`${k}\` before the copy/map, ` +
        'and retake it to publish the results',
    };
  }
  const domain = domainOf(h);
  const reader = READERS.has(h.family);
  const table = /^grant-|^percpu-|^double-gt$/.test(h.family) || /grant_table/.test(k);
  const lock =
    h.family === 'biglock'
      ? `\`${k}\`'s domain lock (LOCK_BIGLOCK)`
      : h.family === 'domain'
        ? `\`${k}\`'s domain lock`
        : domain
          ? `\`${domain}\`'s grant-table ${reader ? 'read ' : ''}lock`
          : table
            ? `the grant-table ${reader ? 'read ' : ''}lock of \`${k.replace(/(?:->|\.)lock$/, '')}\``
            : `${h.family === 'spin' ? 'spinlock' : `${h.family} lock`} \`${k}\``;
  if (reader) {
    return {
      severity: h.family === 'read' ? 'warning' : 'info',
      lock,
      consequence:
        'other readers go on, but a writer (growing the table, changing its version) waits for the whole copy' +
        (h.family === 'read'
          ? ', and every reader bounces the lock word between CPUs (Xen 4.7 made it a per-CPU rwlock)'
          : ''),
      fix:
        'pin the grant entry under its active-entry lock and drop the table lock before the copy, as gnttab_copy() ' +
        'has done since Xen 4.6',
    };
  }
  const who = domain
    ? `every vCPU of domain \`${domain}\` (and every backend copying into \`${domain}\`) waits on this lock ` +
      'for the whole copy'
    : 'every vCPU that wants this lock spins for the whole copy';
  return {
    severity: 'error',
    lock,
    consequence: who,
    fix:
      'hold the lock only to pin the grant entries and copy with it dropped, as Xen later did: per-active-entry ' +
      'locks and a grant-table rwlock taken for reading (2015), a per-CPU rwlock (2016); gnttab_copy() now copies ' +
      'with no lock held',
  };
}
