/*
 * The doctor on hosts that are not a netback dom0 says so at the top; every option group it counts
 * is listed; it points at generate-host-config where the run-time route fixes a cause.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { cpSync, mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { diagnoseHost } from '../../src/doctor/diagnose.js';
import { renderDoctorText, renderDoctorJson } from '../../src/doctor/report.js';
import { notDom0Reasons } from '../../src/doctor/role.js';
import { REPO } from '../support/cli.js';

const HOSTS = join(REPO, 'samples', 'hosts');
const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

function hostFrom(base: string, changes: Record<string, string | null>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nbp-role-'));
  temps.push(dir);
  cpSync(join(HOSTS, base), dir, { recursive: true });
  for (const [p, text] of Object.entries(changes)) {
    if (text === null) unlinkSync(join(dir, p));
    else writeFileSync(join(dir, p), text);
  }
  return dir;
}
const config61 = gunzipSync(readFileSync(join(HOSTS, 'dom0-6.1-healthy/proc/config.gz'))).toString();

describe('not a dom0', () => {
  it.each<[string, Record<string, string | null>, RegExp[]]>([
    ['a dom0', {}, []],
    ['no /proc/xen', { 'proc/xen/capabilities': null }, [/capabilities is missing: not running on Xen/]],
    ['a domU', { 'proc/xen/capabilities': '\n' }, [/does not say control_d: a Xen guest, not dom0/]],
    [
      'CONFIG_XEN unset',
      { 'proc/config.gz': config61.replace('CONFIG_XEN=y', '# CONFIG_XEN is not set') },
      [/CONFIG_XEN is not set in the running config/],
    ],
  ])('%s', (_t, changes, want) => {
    const r = diagnoseHost(hostFrom('dom0-6.1-healthy', changes));
    const reasons = notDom0Reasons(r.facts);
    expect(reasons).toHaveLength(want.length);
    want.forEach((re, i) => expect(reasons[i]).toMatch(re));
    const text = renderDoctorText(r);
    if (want.length) {
      expect(text.split('\n')[1]).toBe(
        '  NOT A XEN DOM0: netback does not run here, so nothing below is a clean bill of health.',
      );
      expect(text).not.toContain('No known netback throughput hazard');
      expect(JSON.parse(renderDoctorJson(r, 'x')).host.notDom0Reasons).toEqual(reasons);
    } else expect(text).not.toContain('NOT A XEN DOM0');
  });

  it('no xen_netback loaded nor configured', () => {
    const dir = hostFrom('dom0-6.1-healthy', { 'proc/config.gz': 'CONFIG_XEN=y\n' });
    rmSync(join(dir, 'sys/module/xen_netback'), { recursive: true });
    expect(notDom0Reasons(diagnoseHost(dir).facts)).toEqual([
      expect.stringMatching(
        /no xen_netback: .*sys\/module\/xen_netback is missing and the config has no CONFIG_XEN_NETDEV_BACKEND$/,
      ),
    ]);
  });
});

describe('every option group counted is listed', () => {
  it('an info-only option (hardening) becomes an info diagnosis, not a clean bill', () => {
    const r = diagnoseHost(
      hostFrom('dom0-6.1-healthy', {
        'proc/config.gz': 'CONFIG_XEN=y\nCONFIG_XEN_NETDEV_BACKEND=m\nCONFIG_DEBUG_LIST=y\n',
      }),
    );
    expect(r.checked[0]).toMatch(/: 1 option group\(s\) with a runtime cost$/);
    expect(r.diagnoses.map((d) => [d.id, d.severity])).toEqual([['config-info', 'info']]);
    expect(renderDoctorText(r)).toMatch(/CONFIG_DEBUG_LIST=y.*\[list-checks\][\s\S]*0 errors, 0 warnings, 1 info\n$/);
  });
});

describe('the run-time route', () => {
  it.each<[string, string, Record<string, string | null>, string]>([
    ['IRQs on one CPU and tasklets (2.6.32)', 'dom0-2.6.32-seed', {}, 'vif-irq-single-cpu'],
    ['tasklets (2.6.32)', 'dom0-2.6.32-seed', {}, 'netback-tasklets'],
    [
      'max_queues=1 (6.1)',
      'dom0-6.1-healthy',
      { 'sys/module/xen_netback/parameters/max_queues': '1\n' },
      'netback-max-queues',
    ],
  ])('recommended with the exact command: %s', (_t, host, changes, id) => {
    const root = hostFrom(host, changes);
    const d = diagnoseHost(root).diagnoses.find((x) => x.id === id)!;
    expect(d.fix.join('\n')).toContain(
      `netback-policy init policy.ts && netback-policy generate-host-config policy.ts --root ${root} --out host-config (then follow host-config/HOWTO.md)`,
    );
  });
});
