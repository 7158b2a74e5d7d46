/* Git object ids, so `index` lines name real blobs and `git am -3` can fall back to a merge. */
import { createHash } from 'node:crypto';

export function blobId(content: string): string {
  const buf = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${buf.length}\0`).update(buf).digest('hex');
}

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
