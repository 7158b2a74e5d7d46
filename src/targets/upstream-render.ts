/*
 * Renders the upstream targets' handlebars templates (templates/upstream/**): C fragments and
 * commit message bodies. noEscape, because the output is C; every value passed in is either a
 * validated integer from the policy or a constant chosen here, never free text from the policy.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from '../io/package-root.js';
import { wrapBody } from '../patch/wrap.js';

type Template = (ctx: object) => string;
interface Handlebars {
  compile(src: string, opts: { noEscape: boolean; strict: boolean }): Template;
}

const cache = new Map<string, Template>();
let hb: Handlebars | undefined;

/**
 * templates/upstream/<name>.hbs rendered with `ctx`; strict, so a missing value is an error. A
 * commit message (`*.msg`) comes back wrapped at 72 columns, as the series will carry it.
 */
export function render(name: string, ctx: object = {}): string {
  let t = cache.get(name);
  if (!t) {
    // handlebars is CommonJS: createRequire avoids Node's named-export scan of its source.
    hb ??= createRequire(import.meta.url)('handlebars') as Handlebars;
    const src = readFileSync(join(packageRoot(), 'templates', 'upstream', `${name}.hbs`), 'utf8');
    t = hb.compile(src, { noEscape: true, strict: true });
    cache.set(name, t);
  }
  return name.endsWith('.msg') ? wrapBody(t(ctx)) : t(ctx);
}
