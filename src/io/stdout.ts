/** Writes to stdout and waits for it to drain (pipes to `head` must not lose output or crash). */
export function writeOut(s: string): Promise<void> {
  return new Promise((res) => {
    if (!s) return res();
    if (process.stdout.write(s)) res();
    else process.stdout.once('drain', () => res());
  });
}
