import type { Command } from 'commander';
import { register as lintIrq } from './lint-irq.js';
import { register as hook } from './hook.js';
import { register as doctor } from './doctor.js';
import { register as checkPolicy } from './check-policy.js';
import { register as init } from './init.js';
import { register as lintConfig } from './lint-config.js';
import { register as lintSource } from './lint-source.js';
import { register as rules } from './rules.js';
import { register as generatePatch } from './generate-patch.js';
import { register as generateHostConfig } from './generate-host-config.js';

/** Each command's registration (light: commander options only; the work is imported lazily). */
export const COMMANDS: Array<(program: Command) => void> = [
  // The order of --help: the linters, the diagnosis, the patch generator and its policy tools, the hook.
  lintConfig,
  lintSource,
  lintIrq,
  doctor,
  generatePatch,
  generateHostConfig,
  checkPolicy,
  init,
  hook,
  rules,
];
