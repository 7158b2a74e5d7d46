/* lint-irq bound to its rules (rules/irq/): the engine in src/lint/irq/ imports none. */
import { IRQ_RULES } from '../../rules/irq/index.js';

export { IRQ_RULES };
import { lintIrqText as lint, type IrqLintOptions, type IrqLintResult } from '../lint/irq/lint.js';

export function lintIrqText(text: string, file: string, opts: Omit<IrqLintOptions, 'rules'> = {}): IrqLintResult {
  return lint(text, file, { ...opts, rules: IRQ_RULES });
}
