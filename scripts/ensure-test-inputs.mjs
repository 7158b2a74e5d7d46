#!/usr/bin/env node
// Before `npm test`: the real-kernel tests need Debian's kernel packages and a few tools. On a
// Debian machine as root, install what is missing (as .ci/run does); elsewhere, say what to install.
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const needs = [
  ['linux-source-6.1', () => existsSync('/usr/src/linux-source-6.1.tar.xz')],
  ['linux-config-6.1', () => existsSync('/usr/src/linux-config-6.1')],
  [
    'linux-headers-amd64',
    () => existsSync('/usr/src') && readdirSync('/usr/src').some((d) => /^linux-headers-.*-amd64$/.test(d)),
  ],
];
const tools = {
  git: 'git',
  patch: 'patch',
  perl: 'perl',
  gcc: 'gcc',
  make: 'make',
  flex: 'flex',
  bison: 'bison',
  bc: 'bc',
  xz: 'xz-utils',
  rg: 'ripgrep',
};
const onPath = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
for (const [cmd, pkg] of Object.entries(tools)) needs.push([pkg, () => onPath(cmd)]);

const missing = needs.filter(([, ok]) => !ok()).map(([pkg]) => pkg);
if (!missing.length) process.exit(0);
const canInstall = process.getuid?.() === 0 && onPath('apt-get');
const cmd = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
if (!canInstall || process.env.NETBACK_POLICY_NO_APT === '1') {
  process.stderr.write(
    `npm test needs Debian packages that are missing: ${missing.join(', ')}\n  install them: sudo ${cmd}\n`,
  );
  process.exit(1);
}
process.stderr.write(`installing the test inputs: ${missing.join(', ')}\n`);
const r = spawnSync('sh', ['-c', `${cmd} > /dev/null`], {
  stdio: 'inherit',
  env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
});
process.exit(r.status ?? 1);
