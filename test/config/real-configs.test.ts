/*
 * Real inputs: Debian's three amd64 configs, the real tree's kernel/configs/debug.config, and a
 * Debian config with debug.config merged in by the kernel's own tooling (merge_config.sh +
 * make olddefconfig, run in a temp O= directory; the cached tree is never modified).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { debianConfigs, linuxTree } from '../support/linux-tree.js';
import { lintConfigText } from '../../src/linters/config.js';
import { readKconfigRelations } from '../../src/lint/config/kconfig-tree.js';

const brief = (r: ReturnType<typeof lintConfigText>) =>
  r.findings.map((f) => `${f.severity}:${f.ruleId}:${f.data?.['option']}`);

/*
 * What each Debian 6.1 flavour must produce, and why. A production distro config has no
 * error-level finding: Debian ships only hardening and zero-idle-cost debugging.
 *  - INIT_ON_ALLOC_DEFAULT_ON: info (help text: <1% in most cases; a hardening trade-off).
 *  - PAGE_POISONING: info (off unless page_poison=1; not in the cloud flavour).
 *  - SCHEDSTATS: info (a runtime switch since 4.6, off by default).
 *  - DEBUG_LIST: info, grouped under BUG_ON_DATA_CORRUPTION which selects it (hardening).
 *  - X86_DEBUG_FPU: info (FPU state assertions).
 *  - rt only: SCHED/HWLAT/OSNOISE/TIMERLAT tracers: info (cost only while tracing).
 * Not findings: SLUB_DEBUG (off until slub_debug=), FUNCTION_TRACER + FUNCTION_GRAPH_TRACER with
 * DYNAMIC_FTRACE (NOPs until used), DEBUG_INFO/BTF, DEBUG_FS, DYNAMIC_DEBUG, DEBUG_WX, STACK_TRACER.
 */
const COMMON = [
  'info:init-on-free:INIT_ON_ALLOC_DEFAULT_ON',
  'info:schedstats:SCHEDSTATS',
  'info:list-checks:DEBUG_LIST',
  'info:misc-debug-checks:X86_DEBUG_FPU',
];
const EXPECTED: Record<string, string[]> = {
  amd64_none_amd64: [...COMMON, 'info:page-poisoning:PAGE_POISONING'],
  'amd64_none_cloud-amd64': COMMON,
  amd64_rt_amd64: [
    ...COMMON,
    'info:page-poisoning:PAGE_POISONING',
    'info:idle-tracers:SCHED_TRACER',
    'info:idle-tracers:HWLAT_TRACER',
    'info:idle-tracers:OSNOISE_TRACER',
    'info:idle-tracers:TIMERLAT_TRACER',
  ],
};

describe("Debian's own 6.1 configs", () => {
  const configs = debianConfigs();
  it('are the three amd64 flavours', () => {
    expect(configs.map((c) => c.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });
  for (const { name, path } of configs) {
    it(`${name}: no error or warning, exactly the documented infos`, () => {
      const r = lintConfigText(readFileSync(path, 'utf8'), { file: path });
      expect(r.kernelVersion).toMatch(/^6\.1\./);
      expect(r.fragment).toBe(false);
      expect(r.config.malformed).toEqual([]);
      expect(brief(r).sort()).toEqual([...EXPECTED[name]!].sort());
      expect(r.findings.find((f) => f.ruleId === 'list-checks')!.data!['root']).toBe('BUG_ON_DATA_CORRUPTION');
      expect(r.fixCommand).toBeUndefined();
    });
  }
  it('with a production command line, the boot-time infos resolve to nothing', () => {
    const { path } = configs.find((c) => c.name === 'amd64_none_amd64')!;
    const r = lintConfigText(readFileSync(path, 'utf8'), {
      file: path,
      cmdline: 'BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet',
    });
    expect(brief(r).sort()).toEqual([
      'info:init-on-free:INIT_ON_ALLOC_DEFAULT_ON',
      'info:list-checks:DEBUG_LIST',
      'info:misc-debug-checks:X86_DEBUG_FPU',
    ]);
  });
});

describe("the real tree's kernel/configs/debug.config", () => {
  it('lints as a fragment: the debugging it turns on, grouped, with no noise for what it does not state', () => {
    const path = join(linuxTree(), 'kernel', 'configs', 'debug.config');
    const r = lintConfigText(readFileSync(path, 'utf8'), { file: path });
    expect(r.fragment).toBe(true);
    expect(r.config.malformed).toEqual([]);
    const errors = r.findings.filter((f) => f.severity === 'error').map((f) => f.data!['option']);
    expect(errors.sort()).toEqual([
      'DEBUG_KMEMLEAK',
      'DEBUG_OBJECTS',
      'DEBUG_VM',
      'KASAN',
      'PROVE_LOCKING',
      'SLUB_DEBUG_ON',
    ]);
    // PROVE_RCU(_LIST) come with PROVE_LOCKING; DYNAMIC_FTRACE is stated, so FUNCTION_TRACER is fine.
    expect(r.findings.find((f) => f.data!['option'] === 'PROVE_LOCKING')!.data!['disable']).toEqual([
      'PROVE_LOCKING',
      'PROVE_RCU',
      'PROVE_RCU_LIST',
    ]);
    expect(r.findings.map((f) => f.ruleId)).not.toContain('static-function-tracer');
  });
});

describe('Debian config + debug.config, resolved by the kernel tooling', () => {
  let merged: string;
  let tree: string;
  beforeAll(() => {
    tree = linuxTree();
    const base = debianConfigs().find((c) => c.name === 'amd64_none_amd64')!.path;
    const key = createHash('sha256')
      .update(readFileSync(base))
      .update(readFileSync(join(tree, 'kernel/configs/debug.config')))
      .digest('hex')
      .slice(0, 12);
    const out = join(process.env.NETBACK_POLICY_CACHE ?? join(tmpdir(), 'netback-policy-cache'), `merged-debug-${key}`);
    merged = join(out, '.config');
    if (existsSync(merged)) return;
    const work = `${out}.${process.pid}`;
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    // merge_config.sh writes a temp file in its cwd: run it in the output dir, not the tree.
    execFileSync(
      'sh',
      [
        join(tree, 'scripts/kconfig/merge_config.sh'),
        '-m',
        '-O',
        work,
        base,
        join(tree, 'kernel/configs/debug.config'),
      ],
      { cwd: work, stdio: 'pipe' },
    );
    execFileSync('make', ['-s', '-C', tree, `O=${work}`, 'olddefconfig'], { stdio: 'pipe' });
    try {
      renameSync(work, out);
    } catch {
      rmSync(work, { recursive: true, force: true }); // another worker won the race
    }
  }, 300_000);

  it('is a full 6.1 config with the debug options resolved: lockdep under PROVE_LOCKING, errors for each hazard', () => {
    const r = lintConfigText(readFileSync(merged, 'utf8'), { file: merged });
    expect(r.fragment).toBe(false);
    expect(r.kernelVersion).toMatch(/^6\.1\./);
    const errors = r.findings
      .filter((f) => f.severity === 'error')
      .map((f) => f.data!['option'])
      .sort();
    expect(errors).toEqual(['DEBUG_KMEMLEAK', 'DEBUG_OBJECTS', 'DEBUG_VM', 'KASAN', 'PROVE_LOCKING', 'SLUB_DEBUG_ON']);
    const lock = r.findings.find((f) => f.data!['option'] === 'PROVE_LOCKING')!;
    const pulled = (lock.data!['pulledIn'] as Array<{ option: string }>).map((p) => p.option).sort();
    // Resolved by Kconfig itself: everything PROVE_LOCKING selects on x86 without PREEMPT_RT.
    expect(pulled).toEqual([
      'DEBUG_LOCK_ALLOC',
      'DEBUG_MUTEXES',
      'DEBUG_RT_MUTEXES',
      'DEBUG_RWSEMS',
      'DEBUG_SPINLOCK',
      'DEBUG_WW_MUTEX_SLOWPATH',
      'LOCKDEP',
      'PROVE_RCU',
    ]);
    // UBSAN_SANITIZE_ALL defaulted to y during olddefconfig.
    expect(r.findings.find((f) => f.ruleId === 'ubsan')!.severity).toBe('warning');
  });

  it("--tree reads the tree's own select/depends on and names the same roots", () => {
    const rel = readKconfigRelations(tree);
    expect(rel.selects['PROVE_LOCKING']).toEqual(
      expect.arrayContaining(['LOCKDEP', 'DEBUG_SPINLOCK', 'DEBUG_LOCK_ALLOC', 'DEBUG_RWSEMS']),
    );
    expect(rel.selects['BUG_ON_DATA_CORRUPTION']).toContain('DEBUG_LIST');
    expect(rel.dependsOn['DEBUG_OBJECTS_TIMERS']).toContain('DEBUG_OBJECTS');
    expect(rel.dependsOn['DEBUG_VM_PGFLAGS']).toContain('DEBUG_VM');
    const text = readFileSync(merged, 'utf8');
    const withTree = lintConfigText(text, { file: merged, kconfig: rel });
    const builtin = lintConfigText(text, { file: merged });
    const roots = (r: typeof builtin) =>
      r.findings
        .filter((f) => f.severity !== 'info')
        .map((f) => `${f.data!['option']}<${f.data!['root'] ?? '-'}`)
        .sort();
    expect(roots(withTree)).toEqual(roots(builtin));
  });
});
