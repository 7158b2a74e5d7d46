/*
 * The built-in Kconfig relations (rules/config/relations.ts, used when no --tree is given) against
 * the kernel's own: every select and depends-on edge of the table is one linux-6.1's Kconfig files
 * state, except the few that only older kernels have (listed here with the reason).
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_RELATIONS } from '../../rules/config/relations.js';
import { readKconfigRelations } from '../../src/lint/config/kconfig-tree.js';
import { linuxTree } from '../support/linux-tree.js';

const OLDER_KERNELS = [
  'selects LOCKDEP FRAME_POINTER', // 2.6.32: lockdep selected FRAME_POINTER on x86
  'selects LATENCYTOP FRAME_POINTER', // 6.1 selects it only on other architectures than x86
  'dependsOn DEBUG_VM_VMACACHE DEBUG_VM', // the vmacache went away in 6.1
];

describe('built-in Kconfig relations', () => {
  const edges = (r: typeof BUILTIN_RELATIONS) => [
    ...Object.entries(r.selects).flatMap(([p, cs]) => cs.map((c) => `selects ${p} ${c}`)),
    ...Object.entries(r.dependsOn).flatMap(([c, ps]) => ps.map((p) => `dependsOn ${c} ${p}`)),
  ];

  it('name at least one symbol for every entry', () => {
    for (const list of [...Object.values(BUILTIN_RELATIONS.selects), ...Object.values(BUILTIN_RELATIONS.dependsOn)]) {
      expect(list.length).toBeGreaterThan(0);
      for (const s of list) expect(s).toMatch(/^[A-Z][A-Z0-9_]+$/);
    }
  });

  it("are linux-6.1's own, but for the edges of older kernels", () => {
    const tree = new Set(edges(readKconfigRelations(linuxTree())));
    const missing = edges(BUILTIN_RELATIONS).filter((e) => !tree.has(e));
    expect(missing).toEqual(OLDER_KERNELS);
  });
});
