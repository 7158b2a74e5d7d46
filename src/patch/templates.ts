/*
 * Handlebars templates under templates/: C fragments, commit messages, the cover letter.
 * noEscape because the output is C and mail, not HTML; strict so a misspelt variable is an
 * error instead of an empty string in a patch. Only validated policy values reach a context.
 */
import { createRequire } from 'node:module';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../io/package-root.js';
import { NetbackError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';

type Compiled = (ctx: object) => string;
type HandlebarsLike = { compile(src: string, opts: object): Compiled };

let hb: HandlebarsLike | undefined;
const compiled = new Map<string, Compiled>();

function handlebars(): HandlebarsLike {
  // CJS package: createRequire is faster than import() on Node 20 (no named-export scan).
  return (hb ??= createRequire(import.meta.url)('handlebars') as HandlebarsLike);
}

/** Renders `templates/<name>` with `ctx`. */
export function render(name: string, ctx: object = {}): string {
  let fn = compiled.get(name);
  if (!fn) {
    const path = join(packageRoot(), 'templates', name);
    if (!existsSync(path)) {
      throw new NetbackError('template-missing', `template ${name} not found`, { file: path, exitCode: EXIT.INTERNAL });
    }
    fn = handlebars().compile(readFileSync(path, 'utf8'), { noEscape: true, strict: true });
    compiled.set(name, fn);
  }
  return fn(ctx);
}
