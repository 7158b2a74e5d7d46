/*
 * Folding away a constant condition: once the tasklet mode is gone, every
 * `if (MODPARM_netback_kthread) A else B` is just A, `if (!MODPARM_netback_kthread) A` is nothing,
 * and `if (MODPARM_netback_kthread && x)` is `if (x)`. Done on the C text with the masked copy
 * (comments and strings cannot fool it), one statement at a time, re-reading the text after each,
 * so the result is what a person would write by hand: the kept branch, one tab shallower.
 */
import { cText, lineEnd, lineStart, matchBracket, type CText } from '../patch/c-text.js';
import { NetbackError } from '../core/errors.js';

/** End offset (exclusive) of the statement starting at `at` (a block, an if/else chain, or up to `;`). */
export function statementEnd(m: string, at: number): number {
  const i = skipWs(m, at);
  if (m[i] === '{') return matchBracket(m, i) + 1;
  const kw = /^(if|for|while)\s*\(/.exec(m.slice(i));
  if (kw) {
    const close = matchBracket(m, i + kw[0].length - 1);
    const end = statementEnd(m, close + 1);
    if (kw[1] !== 'if') return end;
    const j = skipWs(m, end);
    return /^else\b/.test(m.slice(j)) ? statementEnd(m, j + 4) : end;
  }
  for (let k = i; k < m.length; k++) {
    if (m[k] === '(') k = matchBracket(m, k);
    else if (m[k] === ';') return k + 1;
  }
  return m.length;
}

export function skipWs(m: string, at: number): number {
  while (/\s/.test(m[at] ?? '')) at++;
  return at;
}

/** The lines of a branch (a block's inside, or a lone statement), one tab shallower. */
function branchLines(text: string, m: string, from: number, to: number): string {
  const i = skipWs(m, from);
  const [a, b] = m[i] === '{' ? [lineEnd(m, i), lineStart(m, to - 1)] : [lineStart(m, i), lineEnd(m, to - 1)];
  return text
    .slice(a, b)
    .split('\n')
    .map((l) => l.replace(/^\t/, ''))
    .join('\n');
}

/** One rewrite of the first `if` whose condition mentions `name`; null when none is left. */
function foldOne(src: CText, name: string, value: boolean): string | null {
  const { text, masked: m } = src;
  const use = new RegExp(`\\b${name}\\b`).exec(m);
  if (!use) return null;
  const at = (what: string): NetbackError =>
    new NetbackError(
      'anchor-missing',
      `cannot remove ${name}: ${what} at line ${text.slice(0, use.index).split('\n').length}`,
      {
        file: src.path,
        hint:
          'only `if (' + name + ')`, `if (!' + name + ')` and `&&` conditions are folded; edit that line by hand first',
      },
    );
  const ifs = [...m.slice(0, use.index).matchAll(/\bif\s*\(/g)];
  const kw = ifs.at(-1);
  if (!kw) throw at('a use outside an if condition');
  const open = kw.index! + kw[0].length - 1;
  const close = matchBracket(m, open);
  if (close < use.index) throw at('a use outside an if condition');
  const cond = m
    .slice(open + 1, close)
    .replace(/\s+/g, ' ')
    .trim();
  const thenEnd = statementEnd(m, close + 1);
  const j = skipWs(m, thenEnd);
  const elseEnd = /^else\b/.test(m.slice(j)) ? statementEnd(m, j + 4) : -1;
  const stmtStart = lineStart(m, kw.index!);
  const stmtEnd = lineEnd(m, (elseEnd > 0 ? elseEnd : thenEnd) - 1);
  const splice = (s: number, e: number, t: string): string => text.slice(0, s) + t + text.slice(e);

  const conj = new RegExp(`^${name} && (.+)$|^(.+) && ${name}$`).exec(cond);
  if (conj) {
    const rest = (conj[1] ?? conj[2])!;
    if (/\|\||\?/.test(rest)) throw at(`condition '${cond}'`);
    return value ? splice(open + 1, close, rest) : splice(stmtStart, stmtEnd, branchOrEmpty(text, m, j + 4, elseEnd));
  }
  const truth = cond === name ? value : cond === `!${name}` ? !value : undefined;
  if (truth === undefined) throw at(`condition '${cond}'`);
  const kept = truth ? branchLines(text, m, close + 1, thenEnd) : branchOrEmpty(text, m, j + 4, elseEnd);
  // An `else if` keeps its `if` on a line of its own; a lone kept statement is re-indented above.
  return splice(stmtStart, stmtEnd, kept);
}

function branchOrEmpty(text: string, m: string, from: number, end: number): string {
  return end < 0 ? '' : branchLines(text, m, from, end);
}

/** Folds every condition on `name` (a module parameter now always `value`) out of `src`. */
export function foldConstant(src: CText, name: string, value: boolean): string {
  let cur = src;
  for (let n = 0; n < 64; n++) {
    const next = foldOne(cur, name, value);
    if (next === null) return cur.text;
    cur = cText(cur.path, next);
  }
  throw new NetbackError('anchor-missing', `too many uses of ${name} to fold`, { file: src.path });
}
