/*
 * lock-held-across-grant-copy: grant copy/map work done while a lock is held, in the function
 * that holds it or in functions it calls in the same file. In dom0 the copy is a hypercall into
 * Xen; in the hypervisor it is the memcpy between mapped guest pages, and the lock may be the
 * domain's own (the seed's xenoprof finding: do_grant_table_op() held it across gnttab_copy()).
 */
import type { RuleOptions, SourceRule } from '../../../src/lint/source/rule.js';
import type { CFile, FunctionBody, RuleHit } from '../../../src/lint/source/scanning/model.js';
import { lineCol } from '../../../src/lint/source/scanning/model.js';
import { FileCalls, MAX_DEPTH, type HeldCopy } from './callgraph.js';
import { vocabularyFor, type VocabularyChoice, type VocabularyName } from './vocabulary.js';
import { mainLock, wordingOf } from './wording.js';

/** Every lock call of either vocabulary contains one of these. */
const LOCK_WORD = /spin_lock|read_lock|write_lock|mutex_lock|BIGLOCK|domain_lock|double_gt_lock/;
/** A finding needs one of these in code (a copy op, a helper of one, or a page mapping to memcpy from). */
const CANDIDATE = new RegExp(
  String.raw`\b(?:gnttab_batch_copy|gnttab_batch_map|gnttab_map_refs|gnttab_unmap_refs|gnttab_copy|gnttab_copy_buf|` +
    String.raw`__gnttab_copy|HYPERVISOR_grant_table_op|(?:__)?map_domain_page(?:_global)?|copy_domain_page)\b`,
);

function check(file: CFile, choice: VocabularyChoice): RuleHit[] {
  if (!CANDIDATE.test(file.code)) return [];
  const vocab = vocabularyFor(choice, file.path, () => file.text);
  if (!FileCalls.mayCopy(file.code, vocab)) return [];
  const calls = new FileCalls(file, vocab);
  const locking = (fn: FunctionBody) => LOCK_WORD.test(file.code.slice(fn.open, fn.close));
  return calls.heldCopies(locking).map((c) => hitOf(file, vocab.name, c));
}

function hitOf(file: CFile, vocab: VocabularyName, c: HeldCopy): RuleHit {
  const line = (offset: number) => lineCol(file.lineStarts, offset).line;
  const h = mainLock(vocab, c.held);
  const w = wordingOf(vocab, h);
  const site = c.chain[0]!;
  const op = c.chain[c.chain.length - 1]!;
  const names = c.chain.map((e) => `\`${e.name}()\``).join(' → ');
  const others = c.held.filter((x) => x !== h);
  const calls = c.chain.map((e) => `${e.name}() at line ${line(e.offset)}`);
  const notes = c.chain.length > 1 ? [`calls: ${calls.join(', ')}`] : [];
  const also = others.map((x) => `\`${x.key.replace(/^&/, '')}\` (${x.call}() at line ${line(x.offset)})`);
  if (also.length) notes.push(`also held: ${also.join(', ')}`);
  const at = lineCol(file.lineStarts, site.offset);
  return {
    line: at.line,
    column: at.column,
    severity: w.severity,
    message:
      `${w.lock} taken in \`${c.fn.name}()\` (line ${line(h.offset)}) is held across ${names} ` +
      `(line ${line(op.offset)}): ${w.consequence}`,
    notes,
    fix: w.fix,
    data: {
      vocabulary: vocab,
      function: c.fn.name,
      lock: h.key.replace(/^&/, ''),
      lockCall: h.call,
      lockLine: line(h.offset),
      chain: c.chain.map((e) => e.name),
      hypercall: op.name,
      copyLine: line(op.offset),
    },
  };
}

const rule = (choice: VocabularyChoice): SourceRule => ({
  id: 'lock-held-across-grant-copy',
  kind: 'source',
  severity: 'warning',
  summary: 'grant copy/map work done while a lock is held, here or in a function called from here (dom0 and Xen)',
  why:
    'A grant copy is the expensive part of netback: in dom0, gnttab_batch_copy()/gnttab_map_refs()/' +
    'HYPERVISOR_grant_table_op() trap into Xen, which validates the references and copies or maps the pages; in ' +
    'the hypervisor, gnttab_copy() maps both frames and memcpy()s between them. A lock held across it makes every ' +
    'other CPU that wants the lock wait for the whole copy. In the Xen 3.x/4.0 hypervisor do_grant_table_op() ' +
    "took the domain's own lock (LOCK_BIGLOCK, later domain_lock) and called gnttab_copy() -> __gnttab_copy() -> " +
    'memcpy() under it, so every vCPU of the guest, and every backend copying into it, waited in turn: "the ' +
    'per-domain lock acquired inside the hypervisor (within do_grant_table_op) ... packets are copied (inside ' +
    'gnttab_copy) while this lock is held".',
  fix:
    'dom0: build the copy/map batch under the lock, drop it, issue the hypercall, retake it to publish the ' +
    'results (or use a per-queue lock). Hypervisor: hold a lock only to pin the grant entries and copy with none ' +
    'held, as Xen did with per-active-entry locks and a grant-table rwlock taken for reading (2015), then a ' +
    'per-CPU rwlock (2016).',
  sources: [
    'Xen grant tables: xen/include/public/grant_table.h (GNTTABOP_copy); ' +
      'xen/common/grant_table.c (do_grant_table_op, gnttab_copy)',
    'Xen commit 40de9fffb4cc "gnttab: make the grant table lock a read-write lock" (2015, with per-active entry locks)',
    'Xen commit eede22972fef "grant_table: convert grant table rwlock to percpu rwlock" ' +
      '(2016: 15 -> 48 gbit/s VM-VM, 16 queues)',
    'drivers/net/xen-netback/netback.c, rx.c (gnttab_batch_copy, gnttab_map_refs)',
  ],
  limits:
    'Two vocabularies, chosen per file (lint-source --vocabulary auto|xen|linux; auto reads a file below ' +
    'xen/common, xen/arch, xen/drivers, xen/include/xen ... of a Xen tree, or one including <xen/lib.h>, ' +
    '<xen/sched.h>, <xen/domain_page.h> ..., as hypervisor code). Linux dom0: locks are spin_lock*/' +
    'raw_spin_lock*/read_lock*/write_lock*/mutex_lock*; copy/map work is gnttab_batch_copy, gnttab_batch_map, ' +
    'gnttab_map_refs, gnttab_unmap_refs(_sync), gnttab_copy and HYPERVISOR_grant_table_op with GNTTABOP_copy/' +
    'map_grant_ref/unmap_grant_ref/unmap_and_replace/transfer (or a command in a variable). Xen: locks are ' +
    'spin_lock*, rspin_lock*, read_lock*/write_lock*, percpu_read_lock/percpu_write_lock, grant_read_lock/' +
    'grant_write_lock, ' +
    'double_gt_lock, LOCK_BIGLOCK and domain_lock (exclusive locks are errors, a plain read lock a warning, a ' +
    'per-CPU read lock info); copy work is __gnttab_copy and gnttab_copy_buf, and in a file whose code names ' +
    'gnttab_ or grant_table also copy_domain_page and memcpy/memmove whose source or destination is a ' +
    'map_domain_page mapping (a field assigned one anywhere in the file, or a local of the same function: page ' +
    `copies elsewhere in the hypervisor are not grant copies). Across calls: only functions defined in the same ` +
    `file, through at most ${MAX_DEPTH} of them (the callee included); a callee is read with its caller's locks ` +
    "held (unless it releases a lock of the same kind it did not take: the caller's, dropped around the copy), " +
    'and the chain ends at recursion and at calls through function pointers. Each function is read path by ' +
    'path (if/else, switch, goto to a later label, early returns, break/continue, macros that goto a parameter ' +
    'like PIN_FAIL): a lock released on every path before the copy is not held. Not seen: trylocks, locks on the ' +
    'same object spelt differently, a lock a callee takes and returns held (active_entry_acquire), ' +
    'a lock retaken by a later loop iteration, backward gotos, and Xen map work other than the copy path.',
  tokens: ['gnttab_', 'grant_table_op', 'map_domain_page', 'copy_domain_page'],
  candidate: CANDIDATE,
  checkC: (file) => check(file, choice),
  withOptions: (o: RuleOptions) => rule(o.vocabulary ?? 'auto'),
  fast: {
    candidateWithinLine: true,
    rgLinePattern:
      'gnttab_(?:batch_copy|batch_map|map_refs|unmap_refs|copy)|HYPERVISOR_grant_table_op|' +
      'map_domain_page|copy_domain_page',
    provesClean(_bytes: Uint8Array, text: string): boolean {
      // A hit needs a lock taken in code: most files that name a grant op take no lock, and need no lexing.
      return !LOCK_WORD.test(text);
    },
  },
});

export const lockHeldAcrossGrantCopy: SourceRule = rule('auto');
