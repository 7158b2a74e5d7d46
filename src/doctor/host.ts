/*
 * What `doctor` can learn about a host, read under --root so a fake host (samples/hosts/...) is
 * read exactly like a real one. Every source is optional: a missing or unreadable one becomes a
 * note in the report, never an error — a doctor works with what the patient brings.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { NetbackError } from '../core/errors.js';
import { decodeText } from '../io/read-input.js';

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

export function showPath(root: string, hostPath: string): string {
  return root === '/' ? hostPath : join(root, hostPath);
}

/** Reads one host file as text; gzip is undone. undefined (with a note) when absent or bad. */
function readHost(facts: HostFacts, name: string, hostPath: string, record = true): TextSource | undefined {
  const abs = join(facts.root, hostPath);
  const shown = showPath(facts.root, hostPath);
  let buf: Buffer;
  try {
    buf = readFileSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (record) {
      facts.sources.push(
        code === 'ENOENT' || code === 'ENOTDIR'
          ? { name, path: hostPath, status: 'missing' }
          : { name, path: hostPath, status: 'unreadable', detail: code === 'EACCES' ? 'permission denied (run as root?)' : (e as Error).message },
      );
    }
    return undefined;
  }
  try {
    if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
    const text = decodeText(buf, shown);
    if (record) facts.sources.push({ name, path: hostPath, status: 'read' });
    return { path: hostPath, shown, text };
  } catch (e) {
    if (record) facts.sources.push({ name, path: hostPath, status: 'unreadable', detail: (e as Error).message });
    return undefined;
  }
}

function parseOnline(text: string): number[] | undefined {
  const out: number[] = [];
  for (const part of text.trim().split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return undefined;
    for (let c = Number(m[1]); c <= Number(m[2] ?? m[1]); c++) out.push(c);
  }
  return out;
}

function listDir(abs: string): string[] {
  try {
    return readdirSync(abs);
  } catch {
    return [];
  }
}

export function gatherHost(root: string): HostFacts {
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir) {
    throw new NetbackError('bad-root', 'not a directory', { file: root, hint: "--root names the host's / (default /)" });
  }
  const facts: HostFacts = { root, sources: [], netbackLoaded: false, netbackParams: new Map(), modprobeOptions: [], threads: [] };

  const rel = readHost(facts, 'kernel release', '/proc/sys/kernel/osrelease');
  const ver = readHost(facts, 'kernel version', '/proc/version');
  facts.release = rel?.text.trim() || /Linux version (\S+)/.exec(ver?.text ?? '')?.[1];

  // The running config: /proc/config.gz (CONFIG_IKCONFIG_PROC), else the distro's /boot copy.
  facts.config = readHost(facts, 'running config', '/proc/config.gz');
  if (!facts.config && facts.release) facts.config = readHost(facts, 'running config', `/boot/config-${facts.release}`);

  facts.cmdline = readHost(facts, 'boot parameters', '/proc/cmdline');
  facts.interrupts = readHost(facts, 'interrupts', '/proc/interrupts');
  const online = readHost(facts, 'online CPUs', '/sys/devices/system/cpu/online');
  if (online) facts.onlineCpus = parseOnline(online.text);
  const caps = readHost(facts, 'Xen capabilities', '/proc/xen/capabilities');
  if (caps) facts.dom0 = /\bcontrol_d\b/.test(caps.text);

  const mod = join(root, 'sys/module/xen_netback');
  facts.netbackLoaded = existsSync(mod);
  const params = listDir(join(mod, 'parameters')).sort();
  for (const p of params) {
    const t = readHost(facts, 'netback parameter', `/sys/module/xen_netback/parameters/${p}`, false);
    if (t) facts.netbackParams.set(p, t.text.trim());
  }
  facts.sources.push(
    facts.netbackLoaded
      ? { name: 'netback parameters', path: '/sys/module/xen_netback/parameters', status: 'read', detail: params.length ? params.join(', ') : 'none exported' }
      : { name: 'netback parameters', path: '/sys/module/xen_netback', status: 'missing', detail: 'xen-netback not loaded' },
  );

  for (const f of listDir(join(root, 'etc/modprobe.d')).sort()) {
    if (!f.endsWith('.conf')) continue;
    const t = readHost(facts, 'modprobe options', `/etc/modprobe.d/${f}`, false);
    t?.text.split('\n').forEach((line, i) => {
      if (/^\s*options\s+(?:xen[-_]netback|netbk)\s/.test(line)) facts.modprobeOptions.push({ shown: t.shown, line: i + 1, text: line.trim() });
    });
  }

  for (const pid of listDir(join(root, 'proc'))) {
    if (!/^\d+$/.test(pid)) continue;
    const t = readHost(facts, 'thread', `/proc/${pid}/comm`, false);
    if (t) facts.threads.push(t.text.trim());
  }
  return facts;
}
