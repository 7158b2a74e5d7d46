/*
 * A Target is one netback flavour (a kernel era). It says *what* changes, by name; the engine
 * (src/patch/) finds *where*, diffs and writes the series. Adding an era = one module implementing
 * this interface + one line in src/targets/index.ts (+ its templates and sample tree).
 */
import type { Policy } from '../dsl/policy.js';
import type { KernelTree, Workspace } from './tree.js';
import type { AnchorKind } from './locate.js';

/** A name the target relies on, for docs and `--dry-run`: file + kind + name. */
export interface AnchorRef {
  file: string;
  kind: AnchorKind;
  name: string;
}

/** What detect() found: how sure it is and why (names the tree defines). */
export interface Detection {
  /** 0..1; the highest wins, ties are an error asking for --target. */
  confidence: number;
  evidence: string[];
}

/** Policy knob paths, in the order patches are emitted. */
export type Knob =
  | 'irq.export'
  | 'locks.idxRelease'
  | 'threading.model'
  | 'threading.groups'
  | 'threading.bindToCpu'
  | 'assignment'
  | 'irq.spread';

/**
 * One patch of the series: one logical change. `apply` edits the working copy, which already
 * holds every earlier patch of the series; the engine diffs before/after.
 */
export interface Change {
  knob: Knob;
  /** File name part: `0001-<slug>.patch` (kebab-case). */
  slug: string;
  /** Subsystem prefix of the subject, e.g. `xen/netback` or `genirq`. */
  subsystem: string;
  /** Imperative summary after the prefix, no trailing period (`Make ... per group`). */
  summary: string;
  /** The commit message body: why, citing the problem; paragraphs separated by blank lines. */
  body: string;
  apply(ws: Workspace): void;
}

/** A knob the target cannot honour on this tree: always an error, never a skipped patch. */
export interface Refusal {
  knob: Knob;
  message: string;
  hint: string;
}

export interface Plan {
  changes: Change[];
  /** Knobs already satisfied by the tree, policy values that were adjusted, and the like. */
  notes: string[];
  refusals: Refusal[];
}

export interface Target {
  /** `--target` value, e.g. `pvops-2.6.32`. */
  id: string;
  description: string;
  /** Files that must exist for this flavour (relative to the tree root). */
  files: readonly string[];
  /** The names this target's changes anchor on. */
  anchors: readonly AnchorRef[];
  /** Null when the tree is not this flavour. Reads files, never edits. */
  detect(tree: KernelTree): Detection | null;
  /** The changes for the policy, in series order; pure except for reading the tree. */
  plan(policy: Policy, tree: KernelTree): Plan;
}
