/**
 * Kconfig relations used to find a finding's root cause: `selects[A]` are the symbols A forces on,
 * `dependsOn[B]` the symbols B cannot exist without. Either way, turning the parent off is what
 * removes the child, so the report groups the child under the parent and the fix disables the root.
 */
export interface Relations {
  selects: Record<string, string[]>;
  dependsOn: Record<string, string[]>;
}

/** For each symbol, the symbols that force it (select) or that it needs (depends on). */
export type ParentIndex = Map<string, Array<{ parent: string; how: 'selects' | 'depends' }>>;

export function indexParents(rel: Relations): ParentIndex {
  const idx: ParentIndex = new Map();
  const add = (child: string, parent: string, how: 'selects' | 'depends') => {
    const list = idx.get(child) ?? [];
    if (!list.some((p) => p.parent === parent)) list.push({ parent, how });
    idx.set(child, list);
  };
  for (const [parent, children] of Object.entries(rel.selects)) for (const c of children) add(c, parent, 'selects');
  for (const [child, parents] of Object.entries(rel.dependsOn)) for (const p of parents) add(child, p, 'depends');
  return idx;
}

/**
 * The roots above `option`: follow parents that `follow` accepts (enabled ones) upwards until an
 * option no accepted parent forces. Returns [] when the option itself is a root. Cycles (Kconfig
 * forbids them, a hand-written table might not) are cut.
 */
export function rootsOf(
  option: string,
  parents: ParentIndex,
  follow: (p: { parent: string; how: 'selects' | 'depends' }) => boolean,
): string[] {
  const roots = new Set<string>();
  const seen = new Set<string>([option]);
  const walk = (sym: string) => {
    const ups = (parents.get(sym) ?? []).filter((p) => p.parent !== option && follow(p));
    if (!ups.length) {
      if (sym !== option) roots.add(sym);
      return;
    }
    for (const p of ups) {
      if (seen.has(p.parent)) continue;
      seen.add(p.parent);
      walk(p.parent);
    }
  };
  walk(option);
  return [...roots];
}
