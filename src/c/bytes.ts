/*
 * Views of a file's bytes. The scanner works on Uint8Arrays (a file read, or the blanked copy
 * of one), and reads them through Buffer for its native searches (indexOf runs at memchr speed)
 * and as latin-1 text (one character per byte, so an offset in the text is one in the file).
 */

/** A Buffer over the same memory as `bytes` (no copy). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The bytes as latin-1 text. */
export function latin1(bytes: Uint8Array): string {
  return asBuffer(bytes).toString('latin1');
}
