/* Runs every check over a host's facts and ranks the causes, most likely first. */
import { parseKernelVersion } from '../lint/config/kernel-version.js';
import { isNetbackError } from '../core/errors.js';
import { severityRank } from '../core/finding.js';
import { gatherHost, type GatherOptions, type HostFacts } from './host.js';
import { eraOf, type Check, type Diagnosis, type HostContext, type Era } from './diagnosis.js';
import { configCheck } from './checks/config.js';
import { irqCheck } from './checks/irq.js';
import { threadingCheck } from './checks/threading.js';
import { resourcesCheck } from './checks/resources.js';

/** In order: the irq check records what the threading check builds on. */
const CHECKS: Array<[string, Check]> = [
  ['config', configCheck],
  ['interrupts', irqCheck],
  ['threading', threadingCheck],
  ['resources', resourcesCheck],
];

export interface DoctorReport {
  facts: HostFacts;
  era: Era;
  diagnoses: Diagnosis[];
  /** A check that could not run on what it was given (e.g. a malformed /proc/interrupts). */
  problems: string[];
  /** What each check looked at and concluded. */
  checked: string[];
}

/** The kernel version and netback era the host's release names (unknown when it does not parse). */
export function hostEra(facts: HostFacts): { era: Era; version?: readonly [number, number, number] } {
  try {
    if (facts.release) {
      const version = parseKernelVersion(facts.release, 'kernel release');
      return { era: eraOf(version), version };
    }
  } catch {
    /* unknown below */
  }
  return { era: 'unknown' };
}

export function diagnoseFacts(facts: HostFacts): DoctorReport {
  const { era, version } = hostEra(facts);
  const ctx: HostContext = { facts, era, shared: {}, checked: [], ...(version ? { version } : {}) };
  const diagnoses: Diagnosis[] = [];
  const problems: string[] = [];
  for (const [name, check] of CHECKS) {
    try {
      diagnoses.push(...check(ctx));
    } catch (e) {
      // Bad input in one source must not hide what the others show.
      if (!isNetbackError(e)) throw e;
      const where = e.file ? `${e.file}${e.line ? `:${e.line}` : ''}: ` : '';
      problems.push(`${name} check skipped: ${where}${e.message}`);
    }
  }
  diagnoses.sort(
    (a, b) => b.score - a.score || severityRank(b.severity) - severityRank(a.severity) || (a.id < b.id ? -1 : 1),
  );
  return { facts, era: ctx.era, diagnoses, problems, checked: ctx.checked };
}

export function diagnoseHost(root: string, opts: GatherOptions = {}): DoctorReport {
  return diagnoseFacts(gatherHost(root, opts));
}
