/**
 * The kernel command line (`/proc/cmdline`): boot parameters switch compiled-in debugging on
 * or off (slub_debug=, debug_pagealloc=on, page_poison=1...). Parsed the way the kernel's
 * parse_args() does: whitespace-separated, double quotes group, `-` and `_` are the same in a
 * parameter name, and everything after a bare `--` belongs to init, not the kernel.
 */
export interface Cmdline {
  /** The file it came from, for notes. */
  source: string;
  /** name (with `-` normalised to `_`) → value, or `true` for a bare flag. Last one wins. */
  params: Map<string, string | true>;
}

export function parseCmdline(text: string, source: string): Cmdline {
  const params = new Map<string, string | true>();
  const tokens = text.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
  for (const tok of tokens) {
    if (tok === '--') break;
    // next_arg(): a quoted whole token or a quoted value loses its quotes.
    const t = tok.startsWith('"') ? tok.slice(1).replace(/"$/, '') : tok;
    const eq = t.indexOf('=');
    const name = (eq < 0 ? t : t.slice(0, eq)).replace(/-/g, '_');
    const value = eq < 0 ? true : t.slice(eq + 1).replace(/^"(.*)"$/, '$1');
    params.set(name, value);
  }
  return { source, params };
}

/** The kernel's own boolean parsing (kstrtobool): 1/y/Y/on → true, 0/n/N/off → false. */
export function cmdlineBool(v: string | true | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === true) return true;
  const s = v.toLowerCase();
  if (['1', 'y', 'yes', 'on', 'enable'].includes(s)) return true;
  if (['0', 'n', 'no', 'off', 'disable'].includes(s)) return false;
  return undefined;
}
