import type { IrqRule } from '../../src/lint/irq/rule.js';
import { vifIrqSingleCpu } from './vif-irq-single-cpu.js';
import { vifQueuesOneCpu } from './vif-queues-one-cpu.js';

/** Every irq rule, in report order (each is also its own RuleMeta for `netback-policy rules`). */
export const IRQ_RULES: IrqRule[] = [vifIrqSingleCpu, vifQueuesOneCpu];
