/*
 * The Date: header. Patches are byte-identical run to run, so the date never comes from the
 * clock: it is the policy's `date`, or `--date`, or DEFAULT_DATE. The ISO offset is kept, as git
 * keeps the author's zone.
 */
import { NetbackError } from '../core/errors.js';

/** Used when neither the policy nor --date gives one: the epoch says "no date was given". */
export const DEFAULT_DATE = '1970-01-01T00:00:00Z';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/** RFC 2822 date (`Tue, 1 Mar 2011 09:30:00 +0100`) from an ISO 8601 date; bad input → exit 2. */
export function mailDate(iso: string, source = '--date'): string {
  const m = ISO.exec(iso.trim());
  const ms = m ? Date.parse(iso.trim().replace(' ', 'T')) : NaN;
  if (!m || Number.isNaN(ms)) {
    throw new NetbackError('bad-date', `${source}: '${iso}' is not an ISO 8601 date`, {
      hint: 'e.g. 2011-03-01T09:30:00+01:00',
    });
  }
  const zone = m[7] && m[7] !== 'Z' ? m[7].replace(':', '') : '+0000';
  const offMin = (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  const local = new Date((m[4] ? ms : Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)) + offMin * 60_000);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return (
    `${DAYS[local.getUTCDay()]}, ${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ` +
    `${p2(local.getUTCHours())}:${p2(local.getUTCMinutes())}:${p2(local.getUTCSeconds())} ${zone}`
  );
}
