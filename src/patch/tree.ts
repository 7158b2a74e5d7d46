/*
 * A kernel tree as the engine sees it: files read lazily by relative path, decoded strictly
 * (binary, bad UTF-8 or CRLF line endings are a NetbackError with the path), and an in-memory working copy that the
 * series' patches edit one after another. Nothing here writes to the user's tree.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NetbackError } from '../core/errors.js';
import { decodeText } from '../io/read-input.js';
import { type CText, cText } from './c-text.js';

/** netback.c and the few files a series edits are well under 1 MiB; 16 MiB is no kernel source we patch. */
export const MAX_TREE_FILE_BYTES = 16 << 20;

export class KernelTree {
  readonly root: string;
  private readonly cache = new Map<string, string | null>();

  constructor(root: string) {
    this.root = resolve(root);
    if (!existsSync(this.root) || !statSync(this.root).isDirectory()) {
      throw new NetbackError('tree-missing', 'not a directory', {
        file: root,
        hint: 'pass the root of a kernel tree with --tree',
      });
    }
  }

  has(rel: string): boolean {
    return this.read(rel) !== undefined;
  }

  /** The file's text, or undefined when it does not exist. */
  read(rel: string): string | undefined {
    if (!this.cache.has(rel)) {
      const p = join(this.root, rel);
      let v: string | null = null;
      const st = existsSync(p) ? statSync(p) : undefined;
      if (st?.isFile() && st.size > MAX_TREE_FILE_BYTES) {
        throw new NetbackError(
          'tree-file-too-large',
          `is ${st.size} bytes, over the ${MAX_TREE_FILE_BYTES}-byte limit for a file the series edits`,
          {
            file: p,
            hint: 'is this the kernel tree you meant?',
          },
        );
      }
      if (st?.isFile()) v = decodeText(readFileSync(p), p);
      if (v?.includes('\r\n')) {
        // git am strips a mail's CRs, so no patch to a CRLF file would apply (without --keep-cr).
        throw new NetbackError('tree-crlf', 'has CRLF (DOS) line endings; git am would reject any patch to it', {
          file: p,
          hint: 'convert the tree to LF line endings (e.g. dos2unix) and run again',
        });
      }
      this.cache.set(rel, v);
    }
    return this.cache.get(rel) ?? undefined;
  }

  /** The file's text; a missing file is an error naming what needed it. */
  require(rel: string, why: string): string {
    const t = this.read(rel);
    if (t === undefined) {
      throw new NetbackError('tree-file-missing', `missing ${rel} (needed for ${why})`, { file: join(this.root, rel) });
    }
    return t;
  }
}

/** The working copy: the tree's files as edited by the patches applied so far. */
export class Workspace {
  readonly tree: KernelTree;
  private readonly files = new Map<string, string>();

  constructor(tree: KernelTree) {
    this.tree = tree;
  }

  has(rel: string): boolean {
    return this.files.has(rel) || this.tree.has(rel);
  }

  read(rel: string, why = 'this change'): string {
    return this.files.get(rel) ?? this.tree.require(rel, why);
  }

  /** The file prepared for anchor lookups (comments and literals masked). */
  c(rel: string, why?: string): CText {
    return cText(rel, this.read(rel, why));
  }

  write(rel: string, text: string): void {
    this.files.set(rel, text);
  }

  /** A copy of the current contents of every file written so far (for diffing a step). */
  snapshot(): Map<string, string> {
    return new Map(this.files);
  }
}
