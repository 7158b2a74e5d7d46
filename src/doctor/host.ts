/*
 * What `doctor` can learn about a host, read under --root so a fake host (samples/hosts/...) is
 * read exactly like a real one. Every source is optional: a missing or unreadable one becomes a
 * note in the report, never an error — a doctor works with what the patient brings. The root may
 * be a dump made by someone else: every read goes through ConfinedRoot (src/io/confined.ts), so
 * nothing outside it is read, and each read is bounded (docs/threat-model.md).
 */
import { join } from 'node:path';
import { isNetbackError } from '../core/errors.js';
import { quotePath } from '../core/quote-path.js';
import { ConfinedRoot } from '../io/confined.js';
import { DEFAULT_MAX_INPUT } from '../io/bounded.js';
import { decodeText } from '../io/read-input.js';
import { parseCpuList } from '../lint/irq/cpu-list.js';

export interface SourceNote {
  /** What it is: 'config', 'cmdline', 'interrupts', ... */
  name: string;
  /** Host path (`/proc/cmdline`). */
  path: string;
  status: 'read' | 'missing' | 'unreadable';
  detail?: string;
}

export interface TextSource {
  /** Host path. */
  path: string;
  /** Path to show in evidence (under the root as the user gave it). */
  shown: string;
  text: string;
}

export interface HostFacts {
  root: string;
  sources: SourceNote[];
  /** `uname -r`, from /proc/sys/kernel/osrelease (else /proc/version). */
  release?: string;
  config?: TextSource;
  cmdline?: TextSource;
  interrupts?: TextSource;
  /** Online CPU list text and ids, from /sys/devices/system/cpu/online. */
  onlineCpus?: number[];
  /** /sys/module/xen_netback exists: the driver is loaded (or built in). */
  netbackLoaded: boolean;
  /** /sys/module/xen_netback/parameters/<name> → value (trimmed). */
  netbackParams: Map<string, string>;
  /** `options xen-netback|xen_netback|netbk ...` lines from /etc/modprobe.d. */
  modprobeOptions: Array<{ shown: string; line: number; text: string }>;
  /** Kernel thread and process names from /proc/<pid>/comm. */
  threads: string[];
  /** /proc/xen/capabilities says control_d. */
  dom0?: boolean;
}

export interface GatherOptions {
  /** Most bytes read from one file, and decompressed from /proc/config.gz (default 64 MiB). */
  maxSize?: number;
}

/** The path as evidence shows it: the host path under the root as the user gave it, quoted if odd. */
export function showPath(root: string, hostPath: string): string {
  return quotePath(root === '/' ? hostPath : join(root, hostPath));
}

/** A kernel release as uname prints it: one plain name, never a path (it builds /boot/config-<release>). */
export function isPlainRelease(s: string): boolean {
  return s.length <= 64 && /^[A-Za-z0-9][A-Za-z0-9._+~-]*$/.test(s) && !s.includes('..');
}

interface Reader {
  facts: HostFacts;
  root: ConfinedRoot;
  maxSize: number;
}

/**
 * Reads one host file as text; gzip is undone. undefined (with a note) when absent or bad. A
 * refusal (a link leaving the root, a FIFO, a device, too large) is always noted.
 */
function readHost(h: Reader, name: string, hostPath: string, record = true): TextSource | undefined {
  const { facts } = h;
  const shown = showPath(facts.root, hostPath);
  const r = h.root.readFile(hostPath, h.maxSize, 'raise it with --max-input-size');
  if (!r.ok) {
    if (record || r.status === 'refused') {
      facts.sources.push(
        r.status === 'missing'
          ? { name, path: hostPath, status: 'missing' }
          : { name, path: hostPath, status: 'unreadable', detail: r.detail },
      );
    }
    return undefined;
  }
  try {
    const text = decodeText(r.bytes, shown);
    if (record) facts.sources.push({ name, path: hostPath, status: 'read' });
    return { path: hostPath, shown, text };
  } catch (e) {
    if (record) facts.sources.push({ name, path: hostPath, status: 'unreadable', detail: (e as Error).message });
    return undefined;
  }
}

/** The kernel release from osrelease, else /proc/version; a value that is not a plain name is noted and dropped. */
function releaseOf(h: Reader): string | undefined {
  const rel = readHost(h, 'kernel release', '/proc/sys/kernel/osrelease');
  const ver = readHost(h, 'kernel version', '/proc/version');
  const release = rel?.text.trim() || /Linux version (\S+)/.exec(ver?.text ?? '')?.[1];
  if (release === undefined || isPlainRelease(release)) return release;
  const path = rel?.text.trim() ? '/proc/sys/kernel/osrelease' : '/proc/version';
  const note = h.facts.sources.find((n) => n.path === path)!;
  const detail = `${JSON.stringify(release.slice(0, 80))} is not a plain release name, ignored`;
  Object.assign(note, { status: 'unreadable', detail });
  return undefined;
}

export function gatherHost(root: string, opts: GatherOptions = {}): HostFacts {
  const confined = new ConfinedRoot(root);
  const facts: HostFacts = {
    root,
    sources: [],
    netbackLoaded: false,
    netbackParams: new Map(),
    modprobeOptions: [],
    threads: [],
  };
  const h: Reader = { facts, root: confined, maxSize: opts.maxSize ?? DEFAULT_MAX_INPUT };

  facts.release = releaseOf(h);

  // The running config: /proc/config.gz (CONFIG_IKCONFIG_PROC), else the distro's /boot copy.
  facts.config = readHost(h, 'running config', '/proc/config.gz');
  if (!facts.config && facts.release) facts.config = readHost(h, 'running config', `/boot/config-${facts.release}`);

  facts.cmdline = readHost(h, 'boot parameters', '/proc/cmdline');
  facts.interrupts = readHost(h, 'interrupts', '/proc/interrupts');
  const online = readHost(h, 'online CPUs', '/sys/devices/system/cpu/online');
  if (online) {
    try {
      facts.onlineCpus = parseCpuList(online.text, online.shown);
    } catch (e) {
      if (!isNetbackError(e)) throw e;
      Object.assign(facts.sources[facts.sources.length - 1]!, { status: 'unreadable', detail: e.message });
    }
  }
  const caps = readHost(h, 'Xen capabilities', '/proc/xen/capabilities');
  if (caps) facts.dom0 = /\bcontrol_d\b/.test(caps.text);

  const mod = '/sys/module/xen_netback';
  facts.netbackLoaded = confined.exists(mod);
  const params = confined.list(`${mod}/parameters`);
  for (const p of params) {
    const t = readHost(h, 'netback parameter', `${mod}/parameters/${p}`, false);
    if (t) facts.netbackParams.set(p, t.text.trim());
  }
  facts.sources.push(
    facts.netbackLoaded
      ? {
          name: 'netback parameters',
          path: `${mod}/parameters`,
          status: 'read',
          detail: params.length ? params.map(quotePath).join(', ') : 'none exported',
        }
      : { name: 'netback parameters', path: mod, status: 'missing', detail: 'xen-netback not loaded' },
  );

  for (const f of confined.list('/etc/modprobe.d')) {
    if (!f.endsWith('.conf')) continue;
    const t = readHost(h, 'modprobe options', `/etc/modprobe.d/${f}`, false);
    t?.text.split('\n').forEach((line, i) => {
      if (/^\s*options\s+(?:xen[-_]netback|netbk)\s/.test(line))
        facts.modprobeOptions.push({ shown: t.shown, line: i + 1, text: line.trim() });
    });
  }

  for (const pid of confined.list('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const t = readHost(h, 'thread', `/proc/${pid}/comm`, false);
    if (t) facts.threads.push(t.text.trim());
  }
  return facts;
}
