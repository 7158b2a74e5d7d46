/* doctor --root on a host dump made by someone else: nothing outside the root is read or shown. */
import { describe, it, expect, afterAll } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { diagnoseHost } from '../../src/doctor/diagnose.js';
import { renderDoctorJson, renderDoctorText } from '../../src/doctor/report.js';
import { REPO } from '../support/cli.js';

const HEALTHY = join(REPO, 'samples', 'hosts', 'dom0-6.1-healthy');
const base = mkdtempSync(join(tmpdir(), 'nbp-doctor-conf-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const CANARY = 'CANARY-7f3e-outside-root';
writeFileSync(join(base, 'canary'), `${CANARY}\n`);
mkdirSync(join(base, 'boot'));
writeFileSync(join(base, 'boot', 'config-x'), `CONFIG_${CANARY.replace(/-/g, '_')}=y\n`);

let n = 0;
/** A copy of the healthy host with one hostile change: text, a link, a FIFO, or removal. */
function host(path: string, what: string | Buffer | { link: string } | 'fifo' | null): string {
  const dir = join(base, `host${n++}`);
  cpSync(HEALTHY, dir, { recursive: true });
  const abs = join(dir, path);
  mkdirSync(dirname(abs), { recursive: true });
  rmSync(abs, { force: true, recursive: true });
  if (what === null) return dir;
  if (what === 'fifo') execFileSync('mkfifo', [abs]);
  else if (typeof what === 'string' || Buffer.isBuffer(what)) writeFileSync(abs, what);
  else symlinkSync(what.link.replace('$BASE', base), abs);
  return dir;
}

describe('doctor --root confines every read to the root', () => {
  // [what, host path, change, expected note on that path]
  const rows: Array<[string, string, Parameters<typeof host>[1], RegExp]> = [
    [
      'cmdline linked to a file outside',
      'proc/cmdline',
      { link: '$BASE/canary' },
      /symbolic link to .*canary leaves the root, not followed/,
    ],
    [
      'interrupts linked outside by ../',
      'proc/interrupts',
      { link: '../../canary' },
      /symbolic link to \.\.\/\.\.\/canary leaves the root/,
    ],
    ['osrelease climbing out', 'proc/sys/kernel/osrelease', '../../x\n', /is not a plain release name, ignored/],
    ['osrelease naming /boot outside', 'proc/sys/kernel/osrelease', '/../../boot/x\n', /is not a plain release name/],
    ['online CPUs out of range', 'sys/devices/system/cpu/online', '0-999999999\n', /CPU id above 65535/],
    ['cmdline is a FIFO', 'proc/cmdline', 'fifo', /a FIFO \(named pipe\), not read/],
    ['cmdline is a device link', 'proc/cmdline', { link: '/dev/zero' }, /symbolic link to \/dev\/zero leaves the root/],
    [
      'config.gz bomb',
      'proc/config.gz',
      gzipSync(Buffer.alloc(70 << 20, 0x0a)),
      /decompresses to more than the 64 MiB input limit \(raise it with --max-input-size\)/,
    ],
    [
      'a module parameter linked outside',
      'sys/module/xen_netback/parameters/max_queues',
      { link: '$BASE/canary' },
      /leaves the root/,
    ],
  ];
  it.each(rows)('%s', (_what, path, change, note) => {
    const r = diagnoseHost(host(path, change));
    const shown = renderDoctorText(r) + renderDoctorJson(r, '0');
    expect(shown).not.toContain(CANARY);
    expect(shown).not.toMatch(/CANARY_7f3e/);
    const src = r.facts.sources.find((s) => s.path === `/${path}` && s.status !== 'read');
    expect(src?.detail).toMatch(note);
  });

  it('a release that is a plain name still finds /boot/config-<release> inside the root', () => {
    const dir = host('proc/config.gz', null);
    writeFileSync(join(dir, 'proc/sys/kernel/osrelease'), '6.1.0-nbp\n');
    mkdirSync(join(dir, 'boot'), { recursive: true });
    writeFileSync(join(dir, 'boot/config-6.1.0-nbp'), 'CONFIG_XEN_NETDEV_BACKEND=m\n');
    expect(diagnoseHost(dir).facts.config?.path).toBe('/boot/config-6.1.0-nbp');
  });

  it('odd names in evidence are quoted, control bytes from host files escaped', () => {
    const dir = host('proc/cmdline', 'ro quiet \x1b[2J xen-netback.netback_kthread=0\n');
    const text = renderDoctorText(diagnoseHost(dir));
    expect(text).not.toContain('\x1b');
    const odd = join(base, 'odd\nroot');
    cpSync(HEALTHY, odd, { recursive: true });
    const t2 = renderDoctorText(diagnoseHost(odd));
    expect(t2).toContain(`netback-policy doctor: "${base}/odd\\nroot"`);
    expect(t2.split('\n').every((l) => !l.startsWith('root'))).toBe(true);
  });
});
