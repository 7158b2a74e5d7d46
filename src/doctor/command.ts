/* `netback-policy doctor`: gather, diagnose, print. */
import { exitCodeFor, parseFailOn } from '../core/fail-on.js';
import { NetbackError } from '../core/errors.js';
import { writeOut } from '../io/stdout.js';
import { version } from '../version.js';
import { parseSize } from '../io/bounded.js';
import { diagnoseHost } from './diagnose.js';
import { renderDoctorText, renderDoctorJson } from './report.js';

export interface DoctorCliOptions {
  root?: string;
  format?: string;
  failOn?: string;
  maxInputSize?: string;
}

export async function runDoctor(opts: DoctorCliOptions): Promise<number> {
  const format = opts.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new NetbackError('bad-format', `unknown --format '${format}'`, { hint: 'use text or json' });
  }
  const failOn = parseFailOn(opts.failOn ?? 'warning');
  const maxSize = parseSize('--max-input-size', opts.maxInputSize ?? '64M');
  const r = diagnoseHost(opts.root ?? '/', { maxSize });
  await writeOut(format === 'json' ? renderDoctorJson(r, version()) : renderDoctorText(r));
  return exitCodeFor(r.diagnoses, failOn);
}
