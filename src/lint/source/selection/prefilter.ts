/*
 * The byte prefilter: does a file contain any rule token? Most of a kernel tree does not, and
 * answering that must cost about as much as reading the bytes. One Buffer.indexOf per token
 * rescans the file per token (0.25 GB/s for ten tokens); this is Wu-Manber (a multi-pattern
 * Horspool over byte pairs), which looks at every few bytes once for all tokens (~1.5 GB/s).
 */
import { asBuffer } from '../../../c/bytes.js';

export interface Prefilter {
  /**
   * Bit k set when `buf` contains a token of group k (0 when none: the usual answer). Stops
   * as soon as every group has matched.
   */
  match(buf: Uint8Array): number;
}

/**
 * `groups[k]` are the tokens of rule k (at most 30 groups). `wordEnd[k]`: a token of group k
 * counts only where the byte after it cannot continue an identifier (` mutex` in `struct mutex`
 * but not in ` mutex_lock(`): a third of the kernel's files hold a token only that way.
 */
export function buildPrefilter(groups: readonly (readonly string[])[], wordEnd: readonly boolean[] = []): Prefilter {
  const all = (1 << groups.length) - 1;
  const bitOf = new Map<string, number>();
  const endsWord = new Map<string, boolean>();
  groups.forEach((g, k) =>
    g.forEach((t) => {
      bitOf.set(t, (bitOf.get(t) ?? 0) | (1 << k));
      // A token also in a group that does not ask for word ends is not checked (checking less
      // than asked only lets more files through, which is safe).
      endsWord.set(t, (endsWord.get(t) ?? true) && wordEnd[k] === true);
    }),
  );
  const pats = [...bitOf.keys()].map((t) =>
    Object.assign(Buffer.from(t, 'latin1'), { bit: bitOf.get(t)!, wordEnd: endsWord.get(t)! }),
  );
  if (!pats.length) return { match: () => 0 };
  const m = Math.min(...pats.map((p) => p.length));
  if (m < 2) {
    // Too short for pairs: plain search (rule tokens are never this short in practice).
    return {
      match: (buf) => {
        const b = asBuffer(buf);
        let found = 0;
        for (const p of pats) {
          for (let i = b.indexOf(p); i >= 0; i = b.indexOf(p, i + 1)) {
            if (!p.wordEnd || !IDENT[b[i + p.length] ?? 0]) {
              found |= p.bit;
              break;
            }
          }
        }
        return found;
      },
    };
  }
  const maxShift = Math.min(m - 1, 255);
  const shift = new Uint8Array(65536).fill(maxShift);
  const buckets: Array<Array<Buffer & { bit: number; wordEnd: boolean }> | undefined> = new Array(65536);
  for (const p of pats) {
    // Index each pattern by its first m bytes: a pair ending at j shifts by m-1-j.
    for (let j = 1; j < m; j++) {
      const h = (p[j - 1]! << 8) | p[j]!;
      const s = m - 1 - j;
      if (s < shift[h]!) shift[h] = s;
    }
    const h = (p[m - 2]! << 8) | p[m - 1]!;
    (buckets[h] ??= []).push(p);
  }
  const match = (buf: Uint8Array): number => {
    const n = buf.length;
    let found = 0;
    let i = m - 1;
    while (i < n) {
      const h = (buf[i - 1]! << 8) | buf[i]!;
      const s = shift[h]!;
      if (s !== 0) {
        i += s;
        continue;
      }
      const start = i - m + 1;
      for (const p of buckets[h]!) {
        const len = p.length;
        if (start + len > n || (found & p.bit) === p.bit) continue;
        let k = 0;
        while (k < len && buf[start + k] === p[k]) k++;
        // The byte after a token at the end of the buffer is 0: not an identifier byte.
        if (k === len && !(p.wordEnd && IDENT[buf[start + len] ?? 0])) {
          found |= p.bit;
          if (found === all) return found;
        }
      }
      i++;
    }
    return found;
  };
  return { match };
}

/** Bytes that continue a C identifier. */
const IDENT = new Uint8Array(256);
for (let c = 0; c < 256; c++) IDENT[c] = /[A-Za-z0-9_]/.test(String.fromCharCode(c)) ? 1 : 0;
