import type { Severity } from '../core/finding.js';
import type { HostFacts } from './host.js';

/** The netback generation a kernel release carries (see DESIGN.md, Targets). */
export type Era = 'pvops-2.6.32' | 'upstream-groups' | 'upstream-1to1' | 'upstream-mq' | 'unknown';

export interface HostContext {
  facts: HostFacts;
  era: Era;
  /** [major, minor, patch] of the release, when it parses. */
  version?: readonly [number, number, number];
  /** Results other checks may build on (the irq check records whether VIF IRQs pile up). */
  shared: { irqSingleCpu?: number };
  /** One line per check that ran: what it looked at and what it concluded. */
  checked: string[];
}

/**
 * One probable cause of lost throughput. `score` ranks the report: how much throughput the
 * mechanism is known to cost (the seed measured debug options halving inter-VM throughput) times
 * how sure the evidence makes us. Evidence lines name the file (and line) they came from.
 */
export interface Diagnosis {
  id: string;
  severity: Severity;
  score: number;
  title: string;
  evidence: string[];
  fix: string[];
}

export type Check = (ctx: HostContext) => Diagnosis[];

export function eraOf(v: readonly [number, number, number] | undefined): Era {
  if (!v) return 'unknown';
  const n = v[0] * 1_000_000 + v[1] * 1000 + v[2];
  if (n < 2_006_039) return 'pvops-2.6.32';
  if (n < 3_012_000) return 'upstream-groups';
  if (n < 3_016_000) return 'upstream-1to1';
  return 'upstream-mq';
}

export const ERA_LABEL: Record<Era, string> = {
  'pvops-2.6.32': 'pvops netback (drivers/xen/netback, groups of tasklets or kthreads)',
  'upstream-groups': 'upstream netback, per-CPU groups of kthreads (2.6.39-3.11)',
  'upstream-1to1': 'upstream netback, one kthread per VIF (3.12-3.15)',
  'upstream-mq': 'upstream multi-queue netback (3.16+)',
  unknown: 'unknown netback generation',
};
