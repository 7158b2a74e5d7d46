/* `netback-policy doctor`: gather, diagnose, print. */
import { NetbackError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import { atOrAbove, isSeverity } from '../core/finding.js';
import { writeOut } from '../commands/run-action.js';
import { version } from '../version.js';
import { diagnoseHost } from './diagnose.js';
import { renderDoctorText, renderDoctorJson } from './report.js';

export async function runDoctor(opts: { root?: string; format?: string; failOn?: string }): Promise<number> {
  const format = opts.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new NetbackError('bad-format', `unknown --format '${format}'`, { hint: 'use text or json' });
  }
  const failOn = opts.failOn ?? 'warning';
  if (!isSeverity(failOn)) throw new NetbackError('bad-option', `unknown --fail-on '${failOn}'`, { hint: 'use error, warning or info' });
  const r = diagnoseHost(opts.root ?? '/');
  await writeOut(format === 'json' ? renderDoctorJson(r, version()) : renderDoctorText(r));
  return r.diagnoses.some((d) => atOrAbove(d.severity, failOn)) ? EXIT.FINDINGS : EXIT.OK;
}
