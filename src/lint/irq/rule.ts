import type { Finding } from '../../core/finding.js';
import type { RuleMeta } from '../../core/rule-meta.js';
import type { IrqSpread, AffinityMove } from './analyze.js';

/** Knobs of the irq checks (CLI flags map onto these). */
export interface IrqCheckOptions {
  /** Share of VIF interrupts on one CPU that counts as "all on one CPU" (0..1). */
  threshold: number;
  /** Below this many VIF interrupts since boot there is no traffic worth judging. */
  minInterrupts: number;
}

export const DEFAULT_IRQ_OPTIONS: IrqCheckOptions = { threshold: 0.8, minInterrupts: 1000 };

export interface IrqContext {
  spread: IrqSpread;
  plan: AffinityMove[];
  opts: IrqCheckOptions;
}

/** An irq rule: its documentation (RuleMeta) beside the check that produces its findings. */
export interface IrqRule extends RuleMeta {
  kind: 'irq';
  check(ctx: IrqContext): Finding[];
}

/** `93.4%` */
export function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
