/*
 * Runtime validation of a policy: the same rules as the types in policy.ts, for users who never
 * run tsc and for values the type checker cannot see (ranges, formats, objects built in
 * variables). It returns a fresh, frozen Policy holding only known keys, so nothing a target
 * receives (and so nothing that reaches generated C or patch headers) skipped a check.
 *
 * Contradictions, decided here and documented on the types:
 *  - model 'tasklet' with bindToCpu true: a tasklet runs on the CPU that scheduled it and cannot
 *    be bound; the fix is model 'kthread'.
 *  - keepTaskletOption without model 'kthread': it says whether the tasklet path survives a switch
 *    to kthreads, so it means nothing otherwise.
 *  - strictBinding true without bindToCpu true: it says how threads are bound.
 *  - queueCap with model 'tasklet': queues exist only on the multi-queue era, which has no tasklets.
 */
import type { Policy } from './policy.js';
import { locateKey, type Position } from './locate.js';
import { suggest } from './suggest.js';

export type IssueKind = 'unknown-key' | 'wrong-type' | 'out-of-range' | 'malformed' | 'contradiction';

export interface PolicyIssue {
  kind: IssueKind;
  /** Dotted path of the offending key, '' for the policy itself. */
  path: string;
  message: string;
  /** Where it is written, when the source text was given and the key is found in it. */
  at?: Position;
}

export const LIMITS = {
  groups: { min: 1, max: 4096 },
  onlineCpusDividedBy: { min: 2, max: 64 },
  queueCap: { min: 1, max: 256 },
  nameLength: 64,
  /* The author fills `From: ` and `Signed-off-by: ` lines. git am (mailinfo's get_sane_name)
   * replaces a name longer than 60 bytes with the address, so the author would be lost; an address
   * is at most 254 octets (RFC 5321). Both keep the lines far under RFC 5322's 998 octets. */
  authorNameBytes: 60,
  emailLength: 254,
} as const;

/* Formats are anchored and exclude control characters: these strings reach mbox headers. */
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const AUTHOR = /^([^<>\p{Cc}@]*[^<>\p{Cc}\s@]) <([^<>\s\p{Cc}@]+@[^<>\s\p{Cc}@]+\.[^<>\s\p{Cc}@]+)>$/u;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?)?$/;

type Check = (value: unknown, path: string, ctx: Ctx) => unknown;

interface Ctx {
  issues: PolicyIssue[];
  source: string | undefined;
}

function report(ctx: Ctx, kind: IssueKind, path: string, message: string, onKey = false): undefined {
  let at: Position | undefined;
  if (ctx.source !== undefined && path) {
    const loc = locateKey(ctx.source, path.split('.'));
    if (loc) at = onKey ? loc.key : loc.value;
  }
  ctx.issues.push({ kind, path, message, ...(at ? { at } : {}) });
  return undefined;
}

/** How a value reads in a message: strings quoted, objects by their kind. */
export function show(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 40 ? v.slice(0, 40) + '…' : v}'`.replace(/[\p{Cc}]/gu, '?');
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'bigint') return `${v}n`;
  return String(v);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const oneOf = (values: readonly string[]) => values.map((v) => `'${v}'`).join(' or ');

function enumOf(values: readonly string[]): Check {
  return (v, path, ctx) => {
    if (typeof v === 'string' && values.includes(v)) return v;
    const hint = typeof v === 'string' ? suggest(v, values) : undefined;
    return report(
      ctx,
      'wrong-type',
      path,
      `${path}: expected ${oneOf(values)}, got ${show(v)}${hint ? ` (did you mean '${hint}'?)` : ''}`,
    );
  };
}

const bool: Check = (v, path, ctx) =>
  typeof v === 'boolean' ? v : report(ctx, 'wrong-type', path, `${path}: expected true or false, got ${show(v)}`);

function str(test: (s: string) => string | undefined): Check {
  return (v, path, ctx) => {
    if (typeof v !== 'string') return report(ctx, 'wrong-type', path, `${path}: expected a string, got ${show(v)}`);
    const why = test(v);
    return why ? report(ctx, 'malformed', path, `${path}: ${show(v)} ${why}`) : v;
  };
}

function intIn(min: number, max: number, what: string): Check {
  return (v, path, ctx) => {
    if (typeof v !== 'number') return report(ctx, 'wrong-type', path, `${path}: expected ${what}, got ${show(v)}`);
    if (!Number.isInteger(v) || v < min || v > max) {
      return report(ctx, 'out-of-range', path, `${path}: ${show(v)} is out of range (an integer ${min}..${max})`);
    }
    return v;
  };
}

function object(name: string, keys: Record<string, Check>): Check {
  const known = Object.keys(keys);
  return (v, path, ctx) => {
    if (!isPlainObject(v))
      return report(ctx, 'wrong-type', path, `${path || 'the policy'}: expected an object literal, got ${show(v)}`);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      const sub = path ? `${path}.${k}` : k;
      if (!Object.prototype.hasOwnProperty.call(keys, k)) {
        const hint = suggest(k, known);
        report(
          ctx,
          'unknown-key',
          sub,
          `unknown key '${k}' in ${name}` +
            (hint ? ` (did you mean '${hint}'?)` : ` (known keys: ${known.join(', ')})`),
          true,
        );
        continue;
      }
      if (v[k] === undefined) continue; // `key: undefined` is the same as leaving it out
      const r = keys[k]!(v[k], sub, ctx);
      if (r !== undefined) out[k] = r;
    }
    return Object.freeze(out);
  };
}

const GROUPS_WHAT =
  `an integer ${LIMITS.groups.min}..${LIMITS.groups.max}, ` + "'online-cpus' or { onlineCpusDividedBy: n }";

const groups: Check = (v, path, ctx) => {
  if (typeof v === 'number') return intIn(LIMITS.groups.min, LIMITS.groups.max, GROUPS_WHAT)(v, path, ctx);
  if (v === 'online-cpus') return v;
  if (isPlainObject(v)) {
    const { min, max } = LIMITS.onlineCpusDividedBy;
    const r = object(path, { onlineCpusDividedBy: intIn(min, max, 'an integer') })(v, path, ctx) as
      Record<string, unknown> | undefined;
    if (r && r.onlineCpusDividedBy === undefined && !('onlineCpusDividedBy' in v)) {
      return report(
        ctx,
        'wrong-type',
        path,
        `${path}: expected ${GROUPS_WHAT}, got an object without onlineCpusDividedBy`,
      );
    }
    return r && r.onlineCpusDividedBy !== undefined ? r : undefined;
  }
  const hint = typeof v === 'string' ? suggest(v, ['online-cpus']) : undefined;
  return report(
    ctx,
    'wrong-type',
    path,
    `${path}: expected ${GROUPS_WHAT}, got ${show(v)}${hint ? ` (did you mean '${hint}'?)` : ''}`,
  );
};

function isoDate(s: string): string | undefined {
  const m = ISO_DATE.exec(s);
  const bad = 'is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])';
  if (!m) return bad;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', zone] = m;
  const day = new Date(Date.UTC(+y!, +mo! - 1, +d!));
  const realDay = day.getUTCFullYear() === +y! && day.getUTCMonth() === +mo! - 1 && day.getUTCDate() === +d!;
  const zoneOk = !zone || zone === 'Z' || (+zone.slice(1, 3) <= 14 && +zone.slice(4, 6) < 60);
  if (!realDay || +h > 23 || +mi > 59 || +sec > 59 || !zoneOk)
    return 'is not a real date or time (no such day, hour, minute or zone)';
  if (+y! < 1970) return 'is before 1970 (git am and mbox want a Unix time)';
  return undefined;
}

const threadingKeys = {
  model: enumOf(['kthread', 'tasklet']),
  keepTaskletOption: bool,
  groups,
  bindToCpu: bool,
  strictBinding: bool,
  queueCap: intIn(
    LIMITS.queueCap.min,
    LIMITS.queueCap.max,
    `an integer ${LIMITS.queueCap.min}..${LIMITS.queueCap.max}`,
  ),
};

function authorProblem(s: string): string | undefined {
  const max = LIMITS.authorNameBytes + LIMITS.emailLength + 3;
  if (s.length > max) return `is ${s.length} characters, longer than a mail header's 'Name <email>' can be (${max})`;
  const m = AUTHOR.exec(s);
  if (!m) return "is not 'Name <email>' (e.g. 'Jane Doe <jane@example.com>')";
  const nameBytes = Buffer.byteLength(m[1]!);
  if (nameBytes > LIMITS.authorNameBytes) {
    return (
      `has a ${nameBytes}-byte name: ` +
      `git am keeps at most ${LIMITS.authorNameBytes} bytes (a longer name becomes the email address)`
    );
  }
  if (m[2]!.length > LIMITS.emailLength) return `has an email address longer than ${LIMITS.emailLength} characters`;
  return undefined;
}

const root = object('the policy', {
  name: str((s) =>
    s.length > LIMITS.nameLength
      ? `is longer than ${LIMITS.nameLength} characters`
      : KEBAB.test(s)
        ? undefined
        : "is not kebab-case (lower-case letters and digits joined by single hyphens, e.g. 'dom0-scale-out')",
  ),
  author: str(authorProblem),
  date: str(isoDate),
  threading: object('threading', threadingKeys),
  assignment: enumOf(['least-loaded', 'round-robin']),
  locks: object('locks', { idxRelease: enumOf(['per-group', 'global']) }),
  irq: object('irq', { spread: enumOf(['none', 'group-cpu']) }),
});

function contradictions(p: Policy, ctx: Ctx): void {
  // Loosely typed on purpose: these are the combinations the types already forbid.
  const t = p.threading as
    | { model?: string; keepTaskletOption?: boolean; bindToCpu?: boolean; strictBinding?: boolean; queueCap?: number }
    | undefined;
  if (!t) return;
  if (t.strictBinding === true && t.bindToCpu !== true) {
    report(
      ctx,
      'contradiction',
      'threading.strictBinding',
      'threading.strictBinding: says how bound threads are bound, so it needs bindToCpu: true',
      true,
    );
  }
  if (t.model === 'tasklet' && t.queueCap !== undefined) {
    report(
      ctx,
      'contradiction',
      'threading.queueCap',
      "threading.queueCap: caps multi-queue queues, which run in kernel threads; use model 'kthread' or drop queueCap",
      true,
    );
  }
  if (t.model === 'tasklet' && t.bindToCpu === true) {
    report(
      ctx,
      'contradiction',
      'threading.bindToCpu',
      'threading.bindToCpu: tasklets cannot be bound to a CPU (they run on the CPU that scheduled them); ' +
        "use model 'kthread' or drop bindToCpu",
      true,
    );
  }
  if (t.keepTaskletOption !== undefined && t.model !== 'kthread') {
    report(
      ctx,
      'contradiction',
      'threading.keepTaskletOption',
      "threading.keepTaskletOption: applies only with model 'kthread' " +
        '(it keeps the tasklet path reachable after the switch to kthreads)' +
        (t.model === 'tasklet' ? "; with model 'tasklet' the tasklet path is the default and always kept" : ''),
      true,
    );
  }
}

/**
 * Checks a loaded policy value. `source` (the policy file's text) lets each issue carry the
 * line and column where the key is written. The policy is returned only when there is no issue.
 */
export function validatePolicy(value: unknown, source?: string): { policy?: Policy; issues: PolicyIssue[] } {
  const ctx: Ctx = { issues: [], source };
  const policy = root(value, '', ctx) as Policy | undefined;
  if (policy) contradictions(policy, ctx);
  return ctx.issues.length === 0 && policy ? { policy, issues: [] } : { issues: ctx.issues };
}
