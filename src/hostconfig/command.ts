/*
 * `generate-host-config`: policy + the host under --root → the run-time configuration in --out
 * (atomically), or its plan on stdout (--dry-run). Only this end touches the file system.
 */
import { NetbackError } from '../core/errors.js';
import type { Policy } from '../dsl/policy.js';
import { gatherHost, showPath } from '../doctor/host.js';
import { hostEra } from '../doctor/diagnose.js';
import { ERA_LABEL, type Era } from '../doctor/diagnosis.js';
import { notDom0Reasons, netbackBuiltIn } from '../doctor/role.js';
import { writeOwnedDir } from '../io/out-dir.js';
import { decide, type HostDecision } from './decide.js';
import { renderHostConfig, HOWTO } from './render.js';

export interface HostConfigOptions {
  root?: string;
  target?: string;
  out?: string;
  dryRun?: boolean;
}

export const ERAS: ReadonlyArray<HostDecision['era']> = [
  'pvops-2.6.32',
  'upstream-groups',
  'upstream-1to1',
  'upstream-mq',
];

export interface HostConfig {
  decision: HostDecision;
  files: Map<string, string>;
  report: string;
}

function eraFor(target: string | undefined, detected: Era, release: string | undefined): HostDecision['era'] {
  if (target !== undefined) {
    const t = ERAS.find((e) => e === target);
    if (!t) {
      throw new NetbackError('unknown-target', `unknown target '${target}'`, { hint: `known: ${ERAS.join(', ')}` });
    }
    return t;
  }
  if (detected === 'unknown') {
    const what = `cannot tell the netback era from the kernel release (${release ?? 'not found'})`;
    throw new NetbackError('unknown-era', what, {
      hint: `pass --target ${ERAS.join('|')}`,
    });
  }
  return detected;
}

/** Everything but the writing: deterministic for one policy and one host. */
export function buildHostConfig(policy: Policy, policyFile: string, opts: HostConfigOptions): HostConfig {
  const facts = gatherHost(opts.root ?? '/');
  const era = eraFor(opts.target, hostEra(facts).era, facts.release);
  if (!facts.onlineCpus?.length) {
    const file = showPath(facts.root, '/sys/devices/system/cpu/online');
    throw new NetbackError('no-cpus', 'cannot read the online CPUs', { file });
  }
  const decision = decide(policy, era, facts);
  const notDom0 = notDom0Reasons(facts);
  const hostShown = facts.root === '/' ? 'this host' : facts.root;
  const files = renderHostConfig({
    decision,
    policyName: policy.name ?? 'unnamed',
    policyFile,
    hostShown,
    release: facts.release ?? 'unknown',
    eraLabel: ERA_LABEL[era],
    notDom0,
    builtIn: netbackBuiltIn(facts),
  });
  const kernel = `kernel ${facts.release ?? 'unknown'} (${era})`;
  const lines = [`host: ${hostShown}: ${kernel}, online CPUs ${decision.cpus.join(',')}`];
  for (const why of notDom0) lines.push(`warning: not a Xen dom0: ${why}`);
  const width = Math.max(0, ...decision.rows.map((r) => r.knob.length + r.value.length + 1));
  for (const r of decision.rows) lines.push(`  ${`${r.knob} ${r.value}`.padEnd(width)}  ${r.route}: ${r.why}`);
  if (!decision.rows.length) lines.push('  (the policy sets no knob)');
  const patch = decision.rows.filter((r) => r.route === 'needs-patch').map((r) => r.knob);
  if (patch.length) {
    lines.push(
      `needs a kernel patch (netback-policy generate-patch ${policyFile} --tree <kernel tree>): ${patch.join(', ')}`,
    );
  }
  for (const name of files.keys()) lines.push(`file: ${name}`);
  return { decision, files, report: lines.join('\n') + '\n' };
}

export function runHostConfig(policy: Policy, policyFile: string, opts: HostConfigOptions): string {
  if (!opts.dryRun && !opts.out) {
    throw new NetbackError('usage', 'no --out directory given', { hint: 'pass --out DIR, or --dry-run' });
  }
  const r = buildHostConfig(policy, policyFile, opts);
  if (opts.dryRun) return `${r.report}dry run: ${r.files.size} files, nothing written\n`;
  writeOwnedDir(opts.out!, r.files);
  return `${r.report}wrote ${r.files.size} files to ${opts.out} (start with ${opts.out}/${HOWTO})\n`;
}
