/*
 * Stryker ignorer `rule-prose`: a rule's why/fix/sources/limits/versions text and cmdline list is documentation (the
 * README's rule table, checked by its drift test), not behaviour; mutating its words only adds noise.
 * Only the rule object's own properties are skipped: a finding's `fix` (what the user is told) is kept.
 */
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

// `cmdline` of a config rule: the boot parameters its docs list (`netback-policy rules <id>`).
const PROSE = new Set(['why', 'fix', 'sources', 'limits', 'versions', 'cmdline']);

function keyName(prop) {
  const k = prop.node.key;
  return k && (k.type === 'Identifier' ? k.name : k.type === 'StringLiteral' ? k.value : undefined);
}

/** The object literal declares a rule: it has both `id` and `severity`, and `why`. */
function isRuleObject(obj) {
  const keys = new Set(obj.node.properties.map((p) => p.key && (p.key.name ?? p.key.value)));
  return keys.has('id') && keys.has('severity') && keys.has('why');
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'rule-prose', {
    shouldIgnore(path) {
      const prop = path.findParent((p) => p.isObjectProperty());
      if (!prop || !PROSE.has(keyName(prop)) || !prop.parentPath.isObjectExpression()) return undefined;
      // Only the rule object's own property (not one nested deeper, like a finding's fix).
      if (!isRuleObject(prop.parentPath)) return undefined;
      return 'rule prose (documentation, checked by the README drift test)';
    },
  }),
];
