/* Commit message text: paragraphs re-flowed to 72 columns; indented lines (code, lists) kept. */

export function wrapBody(text: string, width = 72): string {
  const out: string[] = [];
  for (const para of text.trim().split(/\n\s*\n/)) {
    const lines = para.split('\n');
    if (lines.some((l) => /^(\s|[-*] |\d+\. )/.test(l))) {
      out.push(lines.map((l) => l.trimEnd()).join('\n'));
      continue;
    }
    const words = para.split(/\s+/).filter(Boolean);
    const wrapped: string[] = [];
    let cur = '';
    for (const w of words) {
      if (cur && cur.length + 1 + w.length > width) {
        wrapped.push(cur);
        cur = w;
      } else {
        cur = cur ? `${cur} ${w}` : w;
      }
    }
    if (cur) wrapped.push(cur);
    out.push(wrapped.join('\n'));
  }
  return out.join('\n\n');
}
