import type { Command } from 'commander';

/** Each command's registration (light: commander options only; the work is imported lazily). */
export const COMMANDS: Array<(program: Command) => void> = [];
