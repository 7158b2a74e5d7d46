/*
 * Hostile inputs, each run as a real CLI process with a time bound: devices, FIFOs, links out of
 * --root, gzip bombs, huge ranges, odd file names. Every row ends (no hang, no abort) with the exit
 * code a user would expect, a one-line message naming the file when it is an error, and no byte of
 * the canary file outside the roots in any output.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { CLI, REPO } from '../support/cli.js';

const T = mkdtempSync(join(tmpdir(), 'nbp-hostile-'));
afterAll(() => rmSync(T, { recursive: true, force: true }));
const CANARY = 'CANARY-d41d8-never-printed';
writeFileSync(join(T, 'canary'), `${CANARY}\nCONFIG_${CANARY.replace(/-/g, '_')}=y\n`);
const at = (p: string) => join(T, p);
const put = (p: string, data: string | Buffer) => {
  mkdirSync(dirname(at(p)), { recursive: true });
  writeFileSync(at(p), data);
  return at(p);
};
const fifo = (p: string) => {
  mkdirSync(dirname(at(p)), { recursive: true });
  execFileSync('mkfifo', [at(p)]);
  return at(p);
};
/** A copy of a sample host to make hostile. */
const hostDump = (name: string) => {
  cpSync(join(REPO, 'samples/hosts/dom0-6.1-healthy'), at(name), { recursive: true });
  return at(name);
};

const IRQ_HDR = '           CPU0       CPU1\n';
/** A name argv can carry (Node decodes argv as UTF-8, so non-UTF-8 bytes are tried in a directory walk). */
const ODD = 'odd\nname\x1b[31m.config';
const CONFIG = '# Linux/x86 6.1.0 Kernel Configuration\nCONFIG_PROVE_LOCKING=y\nCONFIG_XEN_NETDEV_BACKEND=m\n';

interface Row {
  name: string;
  args: () => string[];
  /** A file opened as standard input. */
  stdin?: () => string;
  code: number;
  /** For exit 2: the one stderr line; else matched against stdout. */
  out: RegExp;
  /** Run as this uid (root only: permission rows are meaningless as root). */
  uid?: number;
  /** Time bound in ms (default 60 s). */
  bound?: number;
}

const rows: Row[] = [
  // lint-config
  {
    name: 'lint-config /dev/zero',
    args: () => ['lint-config', '/dev/zero'],
    code: 2,
    out: /^netback-policy: \/dev\/zero: error: is a character device, expected a regular file/,
  },
  {
    name: 'lint-config on a FIFO nobody writes',
    args: () => ['lint-config', fifo('in.fifo')],
    code: 2,
    out: /in\.fifo: error: is a FIFO \(named pipe\)/,
  },
  {
    name: 'lint-config - with /dev/zero on stdin',
    args: () => ['lint-config', '-'],
    stdin: () => '/dev/zero',
    code: 2,
    out: /^netback-policy: -: error: larger than the 64 MiB input limit \(raise it with --max-input-size\)$/,
  },
  {
    name: 'lint-config gzip bomb',
    args: () => ['lint-config', put('bomb.config.gz', gzipSync(Buffer.alloc(80 << 20, 0x0a)))],
    code: 2,
    out: /bomb\.config\.gz: error: decompresses to more than the 64 MiB input limit/,
  },
  {
    name: 'lint-config over --max-input-size',
    args: () => ['lint-config', '--max-input-size', '1K', put('big.config', CONFIG.repeat(40))],
    code: 2,
    out: /big\.config: error: larger than the 1 KiB input limit \(raise it with --max-input-size\)/,
  },
  {
    name: 'lint-config --max-input-size beyond the ceiling',
    args: () => ['lint-config', '--max-input-size', '9G', put('c1.config', CONFIG)],
    code: 2,
    out: /--max-input-size is at most 512 MiB/,
  },
  {
    name: 'lint-config --cmdline on a FIFO',
    args: () => ['lint-config', put('c2.config', CONFIG), '--cmdline', fifo('cmdline.fifo')],
    code: 2,
    out: /cmdline\.fifo: error: is a FIFO/,
  },
  {
    name: 'lint-config on a file named with newline, ESC and a non-UTF-8 byte',
    args: () => ['lint-config', join(T, ODD)],
    code: 1,
    out: /^"\/.*\/odd\\nname\\033\[31m\.config":2:1: error: /,
  },
  // lint-irq
  {
    name: 'lint-irq --cpus 0-999999999',
    args: () => ['lint-irq', '--cpus', '0-999999999', put('ints1', `${IRQ_HDR} 1: 5 6 xen-dyn-event vif1.0\n`)],
    code: 2,
    out: /--cpus: error: CPU id above 65535 in '0-999999999'/,
  },
  {
    name: 'lint-irq truncated header',
    args: () => ['lint-irq', put('ints2', `${IRQ_HDR} 1: 5 6 7 8 xen-dyn-event vif1.0\n`)],
    code: 2,
    out: /ints2:2: error: IRQ 1 has more counts than the 2 CPU columns of the header \(the header \(line 1\) looks truncated/,
  },
  {
    name: 'lint-irq duplicate CPU columns',
    args: () => ['lint-irq', put('ints3', `  CPU0 CPU1 CPU1\n 1: 5 6 7 xen-dyn-event vif1.0\n`)],
    code: 2,
    out: /ints3:1: error: column CPU1 appears twice in the header/,
  },
  // Inputs that took quadratic time (minutes to hours) before: now within the bound.
  {
    name: 'lint-irq: 50,000 IRQs of one VIF',
    args: () => [
      'lint-irq',
      put(
        'ints4',
        `${IRQ_HDR}${Array.from({ length: 50_000 }, (_, i) => ` ${i}: 9000 1 xen-dyn-event vif1.0-q${i}`).join('\n')}\n`,
      ),
    ],
    code: 1,
    out: /50000 VIF event-channel IRQs/,
    bound: 30_000,
  },
  {
    name: 'lint-config: a 1 MB header line of digits',
    args: () => ['lint-config', put('hdr.config', `# Linux/x86 1.${'1'.repeat(1 << 20)}\nCONFIG_PROVE_LOCKING=y\n`)],
    code: 1,
    out: /hdr\.config:2:1: error: CONFIG_PROVE_LOCKING=y/,
  },
  {
    name: 'lint-irq /dev/zero',
    args: () => ['lint-irq', '/dev/zero'],
    code: 2,
    out: /\/dev\/zero: error: is a character device/,
  },
  {
    name: 'lint-irq - from a gzip bomb on stdin',
    args: () => ['lint-irq', '-', '--max-input-size', '1M'],
    stdin: () => put('ints.gz', gzipSync(Buffer.alloc(8 << 20, 0x20))),
    code: 2,
    out: /^netback-policy: -: error: decompresses to more than the 1 MiB input limit/,
  },
  // doctor --root
  {
    name: 'doctor: proc/cmdline linked to a file outside the root',
    args: () => ['doctor', '--root', hostWith('h1', 'proc/cmdline', { link: at('canary') })],
    code: 0,
    out: /failed  \/proc\/cmdline \(symbolic link to .*canary leaves the root, not followed\)/,
  },
  {
    name: 'doctor: osrelease holding ../.. towards a config outside',
    args: () => [
      'doctor',
      '--root',
      hostWith('h2', 'proc/sys/kernel/osrelease', '../../../canary\n', 'proc/config.gz'),
    ],
    code: 0,
    out: /failed  \/proc\/sys\/kernel\/osrelease \("\.\.\/\.\.\/\.\.\/canary" is not a plain release name, ignored\)/,
  },
  {
    name: 'doctor: online CPUs 0-999999999',
    args: () => ['doctor', '--root', hostWith('h3', 'sys/devices/system/cpu/online', '0-999999999\n')],
    code: 0,
    out: /failed  \/sys\/devices\/system\/cpu\/online \(CPU id above 65535/,
  },
  {
    name: 'doctor: online CPUs 0-65535 a hundred thousand times',
    args: () => [
      'doctor',
      '--root',
      hostWith('h8', 'sys/devices/system/cpu/online', `${Array(100_000).fill('0-65535').join(',')}\n`),
    ],
    code: 0,
    out: /65536 online CPUs/,
  },
  {
    name: 'doctor: /proc/interrupts is a FIFO',
    args: () => ['doctor', '--root', hostWith('h4', 'proc/interrupts', 'fifo')],
    code: 0,
    out: /failed  \/proc\/interrupts \(a FIFO \(named pipe\), not read\)/,
  },
  {
    name: 'doctor: /proc/cmdline is a character device',
    args: () => ['doctor', '--root', hostWith('h5', 'proc/cmdline', 'zero-device')],
    code: 0,
    out: /failed  \/proc\/cmdline \(a character device, not read\)/,
  },
  {
    name: 'doctor: /proc/config.gz is a gzip bomb',
    args: () => ['doctor', '--root', hostWith('h6', 'proc/config.gz', gzipSync(Buffer.alloc(80 << 20, 0x0a)))],
    code: 0,
    out: /failed  \/proc\/config\.gz \(decompresses to more than the 64 MiB input limit \(raise it with --max-input-size\)\)/,
  },
  {
    name: 'doctor: a module parameter linked to /dev/zero',
    args: () => [
      'doctor',
      '--root',
      hostWith('h7', 'sys/module/xen_netback/parameters/max_queues', { link: '/dev/zero' }),
    ],
    code: 0,
    out: /max_queues \(symbolic link to \/dev\/zero leaves the root, not followed\)/,
  },
  {
    name: 'doctor: a modprobe.d link named with newline and ESC',
    args: () => [
      'doctor',
      '--root',
      hostWith('h9', 'etc/modprobe.d/x\nfailed  fake\x1b[2J.conf', { link: at('canary') }),
    ],
    code: 0,
    out: /^  failed  "\/etc\/modprobe\.d\/x\\nfailed  fake\\033\[2J\.conf" \(symbolic link to .*canary leaves the root, not followed\)$/m,
  },
  {
    name: 'doctor: --root is a file',
    args: () => ['doctor', '--root', at('canary')],
    code: 2,
    out: /canary: error: not a directory/,
  },
  // lint-source
  {
    name: 'lint-source: a 150 MB file named explicitly',
    args: () => ['lint-source', sparse('big/netback.c', 150 << 20)],
    code: 2,
    out: /netback\.c: error: larger than --max-size 33554432 bytes \(raise --max-size\)/,
  },
  {
    name: 'lint-source: --max-size above its ceiling',
    args: () => ['lint-source', '--max-size', '200M', put('s1.c', 'int x;\n')],
    code: 2,
    out: /--max-size is at most 64 MiB, got '200M'/,
  },
  {
    name: 'lint-source --jobs 100000',
    args: () => ['lint-source', '--jobs', '100000', oddTree('jobs-tree')],
    code: 2,
    out: /--jobs is at most 256, got '100000'/,
  },
  {
    name: 'lint-source: a FIFO named explicitly',
    args: () => ['lint-source', fifo('src.fifo.c')],
    code: 2,
    out: /src\.fifo\.c: error: not a regular file or directory/,
  },
  {
    name: 'lint-source: an unreadable directory named explicitly',
    args: () => ['lint-source', locked('locked', { 'x.c': 'int x;\n' }, '.')],
    uid: 65534,
    code: 2,
    out: /locked: error: cannot read directory: EACCES/,
  },
  {
    name: 'lint-config: an unreadable config named explicitly',
    args: () => ['lint-config', join(locked('lc', { 'a.config': CONFIG }, 'a.config'), 'a.config')],
    uid: 65534,
    code: 2,
    out: /a\.config: error: cannot read: permission denied$/,
  },
  {
    name: 'lint-config --tree with an unreadable directory',
    args: () => [
      'lint-config',
      join(OPEN, 'kt/c3.config'),
      '--tree',
      locked('kt', { 'c3.config': CONFIG, 'lib/Kconfig.debug': 'config X\n', 'net/Kconfig': 'config Y\n' }, 'net'),
    ],
    uid: 65534,
    code: 2,
    out: /kt\/net: error: cannot read directory: permission denied$/,
  },
  {
    name: 'lint-source: non-UTF-8 and newline names in a directory',
    args: () => ['lint-source', '--no-rg', oddTree('odd-tree')],
    code: 1,
    out: /^"\/.*odd-tree\/lock\\377\\nx\.c":2:\d+: warning: .*\[function-static-lock\]$/m,
  },
  {
    name: 'lint-source (rg path): non-UTF-8 names, a link out of the tree',
    args: () => ['lint-source', oddTree('odd-tree2')],
    code: 1,
    out: /^"\/.*odd-tree2\/lock\\377\\nx\.c":2:\d+: warning: [^]*^note: "\/.*odd-tree2\/out\\376\\033\.c": symbolic link out of the tree \(to \/.*canary\), not followed$/m,
  },
];

function hostWith(
  name: string,
  path: string,
  what: string | Buffer | { link: string } | 'fifo' | 'zero-device',
  remove?: string,
): string {
  const root = hostDump(name);
  const abs = join(root, path);
  mkdirSync(dirname(abs), { recursive: true });
  rmSync(abs, { force: true });
  if (remove) rmSync(join(root, remove), { force: true });
  if (what === 'fifo') execFileSync('mkfifo', [abs]);
  else if (what === 'zero-device') execFileSync('mknod', [abs, 'c', '1', '5']);
  else if (typeof what === 'string' || Buffer.isBuffer(what)) writeFileSync(abs, what);
  else symlinkSync(what.link, abs);
  return root;
}

function sparse(p: string, size: number): string {
  const f = put(p, '');
  truncateSync(f, size);
  return f;
}

/** A place anyone may enter (mkdtemp makes 0700), for the rows run as another user. */
const OPEN = mkdtempSync(join(tmpdir(), 'nbp-hostile-open-'));
chmodSync(OPEN, 0o755);
afterAll(() => rmSync(OPEN, { recursive: true, force: true }));

/** `files` under OPEN/p (readable by all), then `locked` (a file or directory below p) made mode 000. */
function locked(p: string, files: Record<string, string>, lock: string): string {
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(OPEN, p, f)), { recursive: true });
    writeFileSync(join(OPEN, p, f), text);
  }
  chmodSync(join(OPEN, p, lock), 0o000);
  return join(OPEN, p);
}

function oddTree(p: string): string {
  mkdirSync(at(p), { recursive: true });
  const name = Buffer.concat([Buffer.from(at(p) + '/lock'), Buffer.from([0xff]), Buffer.from('\nx.c')]);
  writeFileSync(
    name,
    'struct s { int n; };\nvoid f(struct s *p) { static DEFINE_SPINLOCK(l); spin_lock(&l); p->n++; spin_unlock(&l); }\n',
  );
  symlinkSync(at('canary'), Buffer.concat([Buffer.from(at(p) + '/out'), Buffer.from([0xfe]), Buffer.from('\x1b.c')]));
  return at(p);
}

describe('hostile inputs to the reading commands (real CLI processes, 60 s bound each)', () => {
  put(ODD, CONFIG);

  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    // As root, a permission row runs as another user (root reads everything); else as ourselves.
    const asUser = row.uid !== undefined && process.getuid?.() === 0;
    const args = row.args();
    const stdinFd = row.stdin ? openSync(row.stdin(), 'r') : undefined;
    const r = spawnSync(process.execPath, [CLI, ...args], {
      cwd: asUser ? '/' : T,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: [stdinFd ?? 'ignore', 'pipe', 'pipe'],
      encoding: 'latin1',
      timeout: row.bound ?? 60_000,
      maxBuffer: 64 << 20,
      ...(asUser ? { uid: row.uid, gid: row.uid } : {}),
    });
    if (stdinFd !== undefined) closeSync(stdinFd);
    expect(r.error, 'the process must end within its time bound').toBeUndefined();
    expect(r.signal).toBeNull();
    const all = r.stdout + r.stderr;
    expect(all).not.toContain(CANARY);
    expect(all).not.toContain(CANARY.replace(/-/g, '_'));
    expect(all).not.toContain('\x1b');
    expect(r.stderr).not.toMatch(/internal error/);
    if (row.code === 2) {
      expect(r.stderr.split('\n').filter(Boolean), r.stderr).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(row.out);
    } else expect(r.stdout).toMatch(row.out);
    expect(r.status, r.stderr).toBe(row.code);
  });

  it('JSON carries an odd file name exactly (as a JSON string, each non-UTF-8 byte a lone surrogate escape)', () => {
    const r = spawnSync(process.execPath, [CLI, 'lint-config', '--format', 'json', join(T, ODD)], {
      cwd: T,
      encoding: 'utf8',
      timeout: 60_000,
    });
    const files = (JSON.parse(r.stdout) as { findings: Array<{ file: string }> }).findings.map((f) => f.file);
    expect(new Set(files)).toEqual(new Set([join(T, ODD)]));
  });

  it('JSON and SARIF from lint-source carry a non-UTF-8, newline name exactly', () => {
    const tree = oddTree('odd-tree3');
    const want = `${tree}/lock\udcff\nx.c`;
    const run = (format: string) =>
      spawnSync(process.execPath, [CLI, 'lint-source', '--format', format, tree], {
        cwd: T,
        encoding: 'utf8',
        timeout: 60_000,
      }).stdout;
    const json = JSON.parse(run('json')) as { findings: Array<{ file: string }> };
    expect(json.findings.map((f) => f.file)).toEqual([want]);
    type Location = { physicalLocation: { artifactLocation: { uri: string } } };
    const sarif = JSON.parse(run('sarif')) as { runs: Array<{ results: Array<{ locations: Location[] }> }> };
    expect(sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual([want]);
  });
});
