import type { Command } from 'commander';
import { register as lintIrq } from './lint-irq.js';

/** Each command's registration (light: commander options only; the work is imported lazily). */
export const COMMANDS: Array<(program: Command) => void> = [lintIrq];
