/*
 * Runs the source rules over one file's bytes: scan once, run each enabled rule, drop suppressed
 * findings. Pure (bytes in, findings out); the walker, the worker pool and the pre-commit hook
 * all come through here.
 */
import { NetbackError } from '../../../core/errors.js';
import type { Finding } from '../../../core/finding.js';
import type { CandidateMatches, RuleOptions, SourceRule } from '../rule.js';
import { scanC, scanKbuild } from '../scanning/scan.js';
import { isSuppressed, suppressions } from '../scanning/suppress.js';
import type { RuleHit } from '../scanning/model.js';
import { kindOf, type FileKind } from '../scanning/file-kind.js';
import { latin1 } from '../../../c/bytes.js';

/**
 * The rules a run may use, given by the caller (the engine imports no rule): `module` is the URL of
 * a module whose `SOURCE_RULES` export is `rules`, which worker threads load for themselves.
 */
export interface SourceRuleSet {
  rules: readonly SourceRule[];
  module: string;
}

export interface RuleSelection extends RuleOptions {
  set: SourceRuleSet;
  /** Only these rule ids (default: all). */
  rules?: string[];
  /** Minus these. */
  disable?: string[];
}

/** The rules chosen by --rule/--disable; an unknown id is a usage error naming the known ones. */
export function selectRules(sel: RuleSelection): SourceRule[] {
  const known = new Set(sel.set.rules.map((r) => r.id));
  for (const id of [...(sel.rules ?? []), ...(sel.disable ?? [])]) {
    if (!known.has(id)) {
      throw new NetbackError('unknown-rule', `unknown source rule '${id}'`, {
        hint: `known: ${[...known].join(', ')}`,
      });
    }
  }
  const only = sel.rules?.length ? new Set(sel.rules) : undefined;
  const off = new Set(sel.disable ?? []);
  return sel.set.rules.filter((r) => (!only || only.has(r.id)) && !off.has(r.id)).map((r) => r.withOptions?.(sel) ?? r);
}

/**
 * `text`: the bytes as latin-1, when the caller has made it already. `known`: where each rule's
 * candidate matches lie, for the rules the caller knows it of.
 */
export function lintBytes(
  buf: Uint8Array,
  path: string,
  rules: SourceRule[],
  kind: FileKind = kindOf(path),
  text?: string,
  known?: Map<SourceRule, CandidateMatches>,
): Finding[] {
  const hits: Array<[SourceRule, RuleHit]> = [];
  if (kind === 'kbuild') {
    const file = scanKbuild(buf, path, text);
    for (const r of rules) for (const h of r.checkKbuild?.(file) ?? []) hits.push([r, h]);
  } else {
    let withC = rules.filter((r) => r.checkC);
    if (withC.some((r) => r.fast?.provesClean)) {
      const whole = (text ??= latin1(buf));
      withC = withC.filter((r) => !r.fast?.provesClean?.(buf, whole, known?.get(r)));
    }
    if (withC.some((r) => r.fast?.hitsFromPrefix)) {
      const whole = (text ??= latin1(buf));
      withC = withC.filter((r) => {
        const found = r.fast?.hitsFromPrefix?.(buf, whole, path);
        if (found) for (const h of found) hits.push([r, h]);
        return !found;
      });
    }
    if (withC.length) {
      const file = scanC(buf, path, text);
      for (const r of withC) for (const h of r.checkC!(file)) hits.push([r, h]);
    }
  }
  if (!hits.length) return [];
  const sup = suppressions(text ?? latin1(buf));
  const out: Finding[] = [];
  for (const [r, h] of hits) if (!isSuppressed(sup, r.id, h.line)) out.push(findingOf(r, h, path));
  return out;
}

/** A rule's hit in a file as the Finding every output formats. */
export function findingOf(r: SourceRule, h: RuleHit, path: string): Finding {
  const severity = h.severity ?? r.severity;
  const f: Finding = { ruleId: r.id, severity, file: path, line: h.line, column: h.column, message: h.message };
  if (h.notes?.length) f.notes = h.notes;
  if (h.fix) f.fix = h.fix;
  if (h.data) f.data = h.data;
  return f;
}

/**
 * The pure API for one file's text (what the pre-commit hook lints from the index).
 * `path` decides the kind (Makefile/Kbuild vs C, .h vs .c) and is reported as given.
 */
export function lintSourceText(text: string, path: string, opts: RuleSelection & { kind?: FileKind }): Finding[] {
  return lintBytes(Buffer.from(text, 'utf8'), path, selectRules(opts), opts.kind ?? kindOf(path));
}
