/*
 * The upstream targets' templates (templates/upstream/**): C fragments and commit message bodies,
 * through the one template renderer (src/patch/templates.ts). Every value passed in is either a
 * validated integer from the policy or a constant chosen here, never free text from the policy.
 */
import { render as renderTemplate } from '../patch/templates.js';
import { wrapBody } from '../patch/wrap.js';

/**
 * templates/upstream/<name>.hbs rendered with `ctx`; strict, so a missing value is an error. A
 * commit message (`*.msg`) comes back wrapped at 72 columns, as the series will carry it.
 */
export function render(name: string, ctx: object = {}): string {
  const text = renderTemplate(`upstream/${name}.hbs`, ctx);
  return name.endsWith('.msg') ? wrapBody(text) : text;
}
