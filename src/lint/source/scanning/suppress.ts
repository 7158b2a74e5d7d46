// Suppression comments: `/* netback-policy: ignore <rule-id>[, <rule-id>...] */` (or `//`, or
// `#` in a Kbuild file) on the finding's line or the line above it.
const MARK = 'netback-policy:';
const RE = /netback-policy:\s*ignore\s+([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)/g;

/** line (1-based) → rule ids ignored there. Empty when the file has no marker (the usual case). */
export function suppressions(text: string): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  if (!text.includes(MARK)) return out;
  RE.lastIndex = 0;
  for (let m = RE.exec(text); m; m = RE.exec(text)) {
    let line = 1;
    for (let i = text.indexOf('\n'); i >= 0 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    const ids = out.get(line) ?? new Set<string>();
    for (const id of m[1]!.split(',')) ids.add(id.trim());
    out.set(line, ids);
  }
  return out;
}

export function isSuppressed(map: Map<number, Set<string>>, ruleId: string, line: number): boolean {
  return !!(map.get(line)?.has(ruleId) || map.get(line - 1)?.has(ruleId));
}
