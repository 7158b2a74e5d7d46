/*
 * The series as files: `0000-cover-letter.patch`, `0001-<slug>.patch`..., and quilt's `series`.
 * Each patch is one mbox message the way `git format-patch` writes it, so `git am` and
 * checkpatch.pl read it as a hand-made one. Everything is a function of the series, the author
 * and the date: two runs give the same bytes.
 */
import type { Series, SeriesPatch } from './series.js';
import { diffstat } from './unified.js';
import { sha1 } from './git-hash.js';
import { mailDate, DEFAULT_DATE } from './mail-date.js';
import { wrapBody } from './wrap.js';
import { render } from './templates.js';

export const COVER_LETTER = '0000-cover-letter.patch';
export const DEFAULT_AUTHOR = 'netback-policy <netback-policy@localhost.localdomain>';

export interface MboxOptions {
  /** ISO date: overrides the policy's. */
  date?: string;
  version: string;
}

export function patchFileName(n: number, p: SeriesPatch): string {
  return `${String(n).padStart(4, '0')}-${p.change.slug}.patch`;
}

function subject(n: number, total: number, prefix: string, summary: string): string {
  return `[PATCH ${n}/${total}] ${prefix}: ${summary}`;
}

function message(from: string, date: string, subj: string, body: string, rest: string, version: string): string {
  // The From_ line carries a stable id (git puts the commit id there; we have none yet).
  const id = sha1(`${subj}\n${body}\n${rest}`);
  return (
    `From ${id} Mon Sep 17 00:00:00 2001\nFrom: ${from}\nDate: ${date}\nSubject: ${subj}\n\n` +
    `${body}${rest}-- \nnetback-policy ${version}\n\n`
  );
}

/** Every file of the series, by name, in order. Empty when the series has no patch. */
export function formatSeries(series: Series, opts: MboxOptions): Map<string, string> {
  const files = new Map<string, string>();
  const total = series.patches.length;
  if (!total) return files;
  const author = series.policy.author ?? DEFAULT_AUTHOR;
  const dateSource = opts.date !== undefined ? '--date' : 'policy date';
  const date = mailDate(opts.date ?? series.policy.date ?? DEFAULT_DATE, dateSource);
  const names: string[] = [];
  series.patches.forEach((p, i) => {
    const n = i + 1;
    const name = patchFileName(n, p);
    names.push(name);
    const body = `${wrapBody(p.change.body)}\n\nSigned-off-by: ${author}\n`;
    const rest = `---\n${diffstat(p.files)}\n${p.files.map((f) => f.text).join('')}`;
    files.set(
      name,
      message(author, date, subject(n, total, p.change.subsystem, p.change.summary), body, rest, opts.version),
    );
  });
  const cover = render('series/cover-letter.hbs', {
    policyName: series.policy.name ?? 'unnamed',
    target: `${series.target.id} (${series.target.description})`,
    knobs: describePolicy(series),
    notes: series.notes,
    patches: series.patches.map((p, i) => ({
      subject: `${p.change.subsystem}: ${p.change.summary}`,
      n: i + 1,
      stat: diffstat(p.files).trimEnd(),
    })),
  });
  const all = series.patches.flatMap((p) => p.files);
  const merged = new Map<string, { path: string; text: string; added: number; removed: number }>();
  for (const f of all) {
    const m = merged.get(f.path) ?? { path: f.path, text: '', added: 0, removed: 0 };
    m.added += f.added;
    m.removed += f.removed;
    merged.set(f.path, m);
  }
  const stat = diffstat([...merged.values()].sort((a, b) => (a.path < b.path ? -1 : 1)));
  const coverSubj = `[PATCH 0/${total}] ${mainSubsystem(series)}: apply the ${series.policy.name ?? 'netback'} policy`;
  files.set(COVER_LETTER, message(author, date, coverSubj, `${wrapBody(cover)}\n\n`, `${stat}\n`, opts.version));
  files.set('series', names.map((n) => `${n}\n`).join(''));
  // Cover letter first in the map for readers; the writer does not care about order.
  return new Map([[COVER_LETTER, files.get(COVER_LETTER)!], ...[...files].filter(([k]) => k !== COVER_LETTER)]);
}

/** The subsystem prefix most patches carry (xen/netback on pvops, xen-netback upstream). */
function mainSubsystem(series: Series): string {
  const count = new Map<string, number>();
  for (const p of series.patches) count.set(p.change.subsystem, (count.get(p.change.subsystem) ?? 0) + 1);
  return [...count].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
}

/** The knobs the policy sets, one `key: value` line each, for the cover letter and --dry-run. */
export function describePolicy(series: Series): string[] {
  const out: string[] = [];
  const walk = (prefix: string, v: unknown): void => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, x);
    } else if (!['name', 'author', 'date'].includes(prefix)) {
      out.push(`${prefix}: ${JSON.stringify(v)}`);
    }
  };
  walk('', series.policy);
  return out;
}
