/*
 * function-static-lock's finding for one lock, worded from its class (classify.ts): per-instance
 * and both are warnings whose fix names the struct whose members the sections touch; global is
 * info saying what the lock guards, with no fix (one lock for everybody is right for global
 * data); undecided is a warning that says what is out of sight and how to decide.
 */
import type { RuleHit } from '../../../src/lint/source/scanning/model.js';
import { LOCK_KINDS, type StaticLockDecl } from './lock-decls.js';
import type { Classification, Evidence } from './classify.js';

/** Where the lock was found: its function (or macro) and position. */
export interface LockSite {
  decl: StaticLockDecl;
  fn: string;
  line: number;
  column: number;
  notes: string[];
}

/** Evidence shown in a message. */
const SHOWN = 3;

export function lockHit(site: LockSite, c: Classification): RuleHit {
  const { decl, fn } = site;
  const k = LOCK_KINDS[decl.kind]!;
  const name = decl.names[0]!;
  const what = decl.names.length > 1 ? `'${decl.names.join("', '")}'` : `'${name}'`;
  const head = `static ${k.type} ${what} in ${fn}()`;
  // The message shows what decided: the writes when there are any.
  const shown = c.evidence.some((e) => e.write && e.scope !== 'call') ? c.evidence.filter((e) => e.write) : c.evidence;
  const inst = shown.filter((e) => e.scope === 'instance');
  const glob = byRoot(shown.filter((e) => e.scope !== 'instance' && e.scope !== 'call'));
  const owner = ownerOf(inst);
  const hit: RuleHit = { line: site.line, column: site.column, message: '', notes: [...site.notes] };
  const data: Record<string, unknown> = {
    lock: name,
    locks: decl.names,
    lockType: k.type,
    function: fn,
    class: c.class,
    evidence: c.evidence,
    sections: c.sections,
  };
  if (c.helpers.length) data['helpers'] = c.helpers;
  if (c.class === 'per-instance' || c.class === 'both') {
    // The tag alone, as before the classes (`xen_netbk` for `struct xen_netbk`).
    data['struct'] = owner.struct.replace(/^(?:struct|union) /, '');
    data['param'] = owner.via;
    const one = `one lock serialises every ${owner.struct} on every CPU`;
    hit.message =
      c.class === 'per-instance'
        ? `${head} guards per-instance state: ${list(inst)} of ${owner.struct}; ${one}`
        : `${head} guards per-instance state (${list(inst)} of ${owner.struct}) ` +
          `and global data (${list(glob)}); ${one}`;
    const member = `${owner.via}->${name}`;
    const move =
      `make '${name}' a ${k.type} member of ${owner.struct} (whose state it guards, reached through '${owner.via}'), ` +
      `initialise it with ${k.init.replace('%', member)} where ${owner.struct} is set up, and take &${member} here`;
    hit.fix =
      c.class === 'per-instance'
        ? move
        : `${move}; the global data (${names(glob)}) still needs one lock for all callers: ` +
          'keep one for it at file scope';
  } else if (c.class === 'global') {
    hit.severity = 'info';
    hit.message = `${head} is a global lock by design: it ${guards(glob)}`;
    hit.notes!.push('one lock for every caller is what global data needs; nothing to move into a per-instance struct');
  } else {
    hit.message = `${head}: what it guards is out of sight: ${unseen(c)}`;
    hit.fix =
      `read what ${c.helpers.length ? c.helpers.join('(), ') : callees(c)}() does under it: ` +
      `if it changes one object's state, ` +
      `make '${name}' a ${k.type} member of that object's struct; if only global data, the lock is deliberate ` +
      `(say so with /* netback-policy: ignore function-static-lock */)`;
  }
  hit.data = data;
  return hit;
}

/** The struct most of the instance evidence goes through, and the name it is reached by. */
function ownerOf(inst: Evidence[]): { struct: string; via: string } {
  const count = new Map<string, number>();
  // A struct type over a plain pointer (`void **pp`), whenever there is one.
  const typed = inst.filter((e) => e.struct && !/^(?:void|char|u8)\b/.test(e.struct));
  for (const e of typed.length ? typed : inst)
    count.set(`${e.struct}\0${e.via}`, (count.get(`${e.struct}\0${e.via}`) ?? 0) + 1);
  let best = '';
  for (const [key, n] of count) if (!best || n > count.get(best)!) best = key;
  const [struct, via] = best.split('\0');
  return { struct: struct && struct !== 'void' ? struct : `the object '${via}' points to`, via: via ?? '' };
}

/** One per name (`traps`, not also `traps[out]`). */
function byRoot(es: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return es.filter((e) => {
    const root = e.scope === 'register' ? e.expr : (/^\w+/.exec(e.expr)?.[0] ?? e.expr);
    if (seen.has(root)) return false;
    seen.add(root);
    return true;
  });
}

function list(es: Evidence[]): string {
  const shown = es.slice(0, SHOWN).map((e) => `${e.expr} (line ${e.line})`);
  return shown.join(', ') + (es.length > SHOWN ? ', ...' : '');
}

function names(es: Evidence[]): string {
  return [...new Set(es.map((e) => `'${/^\w+/.exec(e.expr)?.[0] ?? e.expr}'`))].slice(0, SHOWN).join(', ');
}

/** "guards the function-static 'tmp_mask' (line 252)". */
function guards(glob: Evidence[]): string {
  if (!glob.length) return 'guards no data in this function: it serialises the calls in its critical section';
  const regs = glob.filter((e) => e.scope === 'register');
  const data = glob.filter((e) => e.scope !== 'register');
  const parts: string[] = [];
  for (const scope of ['function-static', 'file-scope', 'global'] as const) {
    const xs = data.filter((e) => e.scope === scope);
    if (xs.length)
      parts.push(
        `the ${scope} ${xs
          .slice(0, SHOWN)
          .map((e) => `'${/^\w+/.exec(e.expr)?.[0] ?? e.expr}' (line ${e.line})`)
          .join(', ')}`,
      );
  }
  if (regs.length) parts.push(`hardware or firmware access (${list(regs)})`);
  return `guards ${parts.join(', ')}`;
}

function unseen(c: Classification): string {
  if (!c.sections && c.helpers.length)
    return `it is handed to ${c.helpers.join('(), ')}(), which take it where this rule does not look`;
  if (!c.sections) return 'no critical section of it is in this function';
  const calls = c.evidence.filter((e) => e.scope === 'call');
  return `its critical section hands ${calls
    .slice(0, SHOWN)
    .map((e) => `'${e.via}' (${e.struct}) to ${/^\w+/.exec(e.expr)?.[0]}() (line ${e.line})`)
    .join(', ')}, whose bodies are not read here`;
}

function callees(c: Classification): string {
  return (
    [...new Set(c.evidence.filter((e) => e.scope === 'call').map((e) => /^\w+/.exec(e.expr)?.[0]))].join('(), ') ||
    'the code'
  );
}
