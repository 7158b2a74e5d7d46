/*
 * The pure API of the irq linter (used by `lint-irq` and `doctor`): text in, spread + plan +
 * findings out. No file system, no process.
 */
import { compareFindings, type Finding } from '../../core/finding.js';
import { parseInterrupts } from './parse.js';
import { analyzeSpread, planSpread, affinityCommands, type IrqSpread, type AffinityMove } from './analyze.js';
import { DEFAULT_IRQ_OPTIONS, type IrqCheckOptions, type IrqRule } from './rule.js';

export interface IrqLintOptions extends Partial<IrqCheckOptions> {
  /** The rules to run, given by the caller (src/linters/irq.ts): the engine imports none. */
  rules: readonly IrqRule[];
  /** CPUs the plan may use (default: every online CPU in the header). */
  targetCpus?: number[];
}

export interface IrqLintResult {
  spread: IrqSpread;
  /** Where each VIF IRQ should go; empty when no rule fired (nothing to fix). */
  plan: AffinityMove[];
  /** The shell lines applying `plan`. */
  commands: string[];
  findings: Finding[];
}

export function lintIrqText(text: string, file: string, opts: IrqLintOptions): IrqLintResult {
  const spread = analyzeSpread(parseInterrupts(text, file));
  const checkOpts: IrqCheckOptions = {
    threshold: opts.threshold ?? DEFAULT_IRQ_OPTIONS.threshold,
    minInterrupts: opts.minInterrupts ?? DEFAULT_IRQ_OPTIONS.minInterrupts,
  };
  const full = planSpread(spread, opts.targetCpus?.length ? opts.targetCpus : spread.cpus);
  const findings = opts.rules.flatMap((r) => r.check({ spread, plan: full, opts: checkOpts })).sort(compareFindings);
  const plan = findings.length ? full : [];
  return { spread, plan, commands: affinityCommands(plan, spread.legacy), findings };
}
