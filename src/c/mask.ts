/*
 * Comments and the insides of string/character literals replaced by spaces, with the same length
 * and every newline kept, so offsets and line numbers in the masked text are those of the real
 * text. Used for C (anchors of the patch engine) and for TypeScript (policy key positions); the
 * only difference is that TypeScript's backtick templates are literals too and may span lines.
 */
export function maskCommentsAndLiterals(text: string, opts: { templateLiterals?: boolean } = {}): string {
  const out = text.split('');
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'" || (c === '`' && opts.templateLiterals)) {
      // An unterminated ' or " ends at the line's end (as a compiler would complain there).
      let j = i + 1;
      while (j < text.length && text[j] !== c && (c === '`' || text[j] !== '\n')) j += text[j] === '\\' ? 2 : 1;
      // The quotes stay, so a literal still reads as an expression; only its contents go.
      blank(i + 1, Math.min(j, text.length));
      i = j + 1;
    } else {
      i++;
    }
  }
  return out.join('');
}
