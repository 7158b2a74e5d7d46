import { describe, it, expect } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { lintIrqText } from '../../src/linters/irq.js';
import { runCli, REPO } from '../support/cli.js';

const S = (name: string) => join(REPO, 'samples', 'proc-interrupts', name);
const lint = (name: string, opts = {}) => lintIrqText(readFileSync(S(name), 'utf8'), `samples/${name}`, opts);

/** Per-CPU VIF load if the plan were applied (each IRQ keeps its history's total). */
function loadAfter(r: ReturnType<typeof lintIrqText>): Map<number, number> {
  const load = new Map<number, number>();
  for (const m of r.plan) {
    const q = r.spread.irqs.find((x) => x.irq === m.irq)!;
    load.set(m.cpu, (load.get(m.cpu) ?? 0) + q.total);
  }
  return load;
}

describe('lint-irq on the samples', () => {
  // sample, CPUs, VIFs, VIF IRQs, rule ids found, hot CPU, legacy (pre-3.0) kernel
  const table: Array<[string, number, number, number, string[], number, boolean]> = [
    ['pvops-2.6.32-unbalanced.txt', 4, 6, 6, ['vif-irq-single-cpu'], 0, true],
    ['mq-6.1-unbalanced.txt', 8, 4, 19, ['vif-irq-single-cpu'], 0, false],
    ['mq-6.1-balanced.txt', 8, 4, 19, [], 0, false],
    ['mq-6.1-64cpu-unbalanced.txt', 64, 16, 256, ['vif-irq-single-cpu'], 0, false],
    ['mq-6.1-sparse-cpus.txt', 6, 1, 8, ['vif-irq-single-cpu'], 0, false],
  ];
  it.each(table)('%s', (name, cpus, vifs, irqs, rules, hot, legacy) => {
    const r = lint(name);
    expect(r.spread.cpus).toHaveLength(cpus);
    expect(r.spread.vifs).toHaveLength(vifs);
    expect(r.spread.irqs).toHaveLength(irqs);
    expect(r.findings.map((f) => f.ruleId)).toEqual(rules);
    expect(r.spread.hotCpu).toBe(hot);
    expect(r.spread.legacy).toBe(legacy);
    // A fix is offered exactly when something was found; it moves every VIF IRQ, onto online CPUs.
    expect(r.plan.length).toBe(rules.length ? irqs : 0);
    for (const m of r.plan) expect(r.spread.cpus).toContain(m.cpu);
    expect(r.commands).toHaveLength(r.plan.length);
  });

  it('the finding points at a VIF IRQ row and says how much landed where', () => {
    const r = lint('pvops-2.6.32-unbalanced.txt');
    const f = r.findings[0]!;
    const line = readFileSync(S('pvops-2.6.32-unbalanced.txt'), 'utf8').split('\n')[f.line - 1]!;
    expect(line).toMatch(/xen-dyn-event\s+vif\d+\.0$/);
    expect(f.severity).toBe('error');
    expect(f.message).toBe('100.0% of VIF interrupts (6 IRQs of 6 VIFs) land on CPU0 of 4 online CPUs');
  });

  it('2.6.32 has no smp_affinity_list: the writes use hex masks', () => {
    const r = lint('pvops-2.6.32-unbalanced.txt');
    for (const c of r.commands)
      expect(c).toMatch(/^echo [0-9a-f]+ > \/proc\/irq\/\d+\/smp_affinity   # vif\d+\.0 -> CPU\d$/);
  });

  it('6.x writes cpu lists, and the plan spreads the load evenly (within one IRQ of the ideal)', () => {
    for (const name of ['mq-6.1-unbalanced.txt', 'mq-6.1-64cpu-unbalanced.txt']) {
      const r = lint(name);
      for (const c of r.commands)
        expect(c).toMatch(/^echo \d+ > \/proc\/irq\/\d+\/smp_affinity_list   # vif\d+\.0-q\d+(-[tr]x)?$/);
      const load = [...loadAfter(r).values()];
      const biggest = Math.max(...r.spread.irqs.map((q) => q.total));
      const ideal = r.spread.total / r.spread.cpus.length;
      expect(Math.max(...load)).toBeLessThanOrEqual(ideal + biggest);
      expect(load.length).toBe(Math.min(r.spread.cpus.length, r.spread.irqs.length));
    }
  });

  it('sparse CPU ids: the plan never names the offline CPU2', () => {
    const r = lint('mq-6.1-sparse-cpus.txt');
    expect(r.spread.cpus).toEqual([0, 1, 3, 4, 5, 6]);
    expect(r.plan.map((m) => m.cpu)).not.toContain(2);
    expect(new Set(r.plan.map((m) => m.cpu)).size).toBe(6);
  });

  it('targetCpus keeps CPU0 free', () => {
    const r = lint('mq-6.1-unbalanced.txt', { targetCpus: [1, 2, 3, 4, 5, 6, 7] });
    expect(r.plan.length).toBe(19);
    expect(r.plan.map((m) => m.cpu)).not.toContain(0);
  });

  it('thresholds: 89% on CPU0 passes at 90%, fails at 80%; idle hosts are not judged', () => {
    // At 90% the host passes; in this sample every VIF has a queue IRQ moved off CPU0, so no VIF
    // has all its queues on one CPU either.
    const at90 = lint('mq-6.1-64cpu-unbalanced.txt', { threshold: 0.9 });
    expect(at90.findings).toEqual([]);
    expect(at90.spread.vifs.every((v) => new Set(v.irqs.map((q) => q.busiestCpu)).size > 1)).toBe(true);
    expect(lint('mq-6.1-64cpu-unbalanced.txt', { threshold: 0.8 }).findings).toHaveLength(1);
    expect(lint('mq-6.1-unbalanced.txt', { minInterrupts: 1e12 }).findings).toEqual([]);
  });

  const H = '       CPU0       CPU1       CPU2       CPU3\n';
  const row = (irq: number, c: number[], name: string) =>
    ` ${irq}: ${c.join(' ')}  xen-dyn-lateeoi    -event     ${name}\n`;
  it('a multi-queue VIF with every queue on one CPU, on an otherwise spread host', () => {
    const text =
      H +
      row(70, [9000, 0, 0, 0], 'vif1.0-q0') +
      row(71, [0, 9000, 0, 0], 'vif2.0-q0') +
      row(72, [0, 0, 9000, 0], 'vif3.0-q0') +
      row(73, [0, 0, 0, 5000], 'vif4.0-q0') +
      row(74, [0, 0, 0, 5000], 'vif4.0-q1') +
      row(75, [0, 0, 0, 5000], 'vif4.0-q2');
    const r = lintIrqText(text, 'mq.txt');
    expect(r.findings.map((f) => [f.ruleId, f.line, f.message])).toEqual([
      ['vif-queues-one-cpu', 5, "vif4.0: 100.0% of its 3 queues' interrupts land on CPU3"],
    ]);
  });

  it('queues on different CPUs with uneven traffic (flow hashing) are not a finding', () => {
    const text =
      H +
      row(70, [90000, 0, 0, 0], 'vif1.0-q0') +
      row(71, [0, 900, 0, 0], 'vif1.0-q1') +
      row(72, [0, 0, 5000, 0], 'vif2.0-q0');
    expect(lintIrqText(text, 'x').findings).toEqual([]);
  });

  it('one VIF IRQ cannot be spread; a single CPU has nowhere to spread to', () => {
    expect(lintIrqText(H + row(70, [90000, 0, 0, 0], 'vif1.0'), 'a').findings).toEqual([]);
    expect(
      lintIrqText('  CPU0\n 70: 90000 xen-dyn-event vif1.0\n 71: 90000 xen-dyn-event vif2.0\n', 'b').findings,
    ).toEqual([]);
  });
});

describe('netback-policy lint-irq (built CLI)', () => {
  it('unbalanced sample: exit 1, gcc-style finding, per-CPU/per-VIF report and the fixes', () => {
    const r = runCli(['lint-irq', 'samples/proc-interrupts/mq-6.1-unbalanced.txt']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^samples\/proc-interrupts\/mq-6\.1-unbalanced\.txt:\d+:1: error: 100\.0% of VIF interrupts .* \[vif-irq-single-cpu\]$/m,
    );
    expect(r.stdout).toMatch(/^ {2}CPU0 +62,518,304 +100\.0% +19 IRQs$/m);
    expect(r.stdout).toMatch(/^ {2}vif1\.0 +8 IRQs +4 queues/m);
    expect(r.stdout).toContain('systemctl enable --now irqbalance');
    expect(r.stdout).toMatch(/^ {2}echo \d > \/proc\/irq\/78\/smp_affinity_list {3}# vif1\.0-q0-tx$/m);
    expect(r.stdout).toContain("irq: { spread: 'group-cpu' }");
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('1 error, 0 warnings, 0 info');
  });

  it('balanced sample: exit 0; --fail-on decides the exit code', () => {
    expect(runCli(['lint-irq', 'samples/proc-interrupts/mq-6.1-balanced.txt']).code).toBe(0);
    // The pvops finding is an error: --fail-on error still fails.
    expect(runCli(['lint-irq', '--fail-on', 'error', 'samples/proc-interrupts/pvops-2.6.32-unbalanced.txt']).code).toBe(
      1,
    );
  });

  it('stdin and json: the spread and the plan are machine-readable', () => {
    const r = runCli(['lint-irq', '-', '--format', 'json'], { input: readFileSync(S('pvops-2.6.32-unbalanced.txt')) });
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.summary).toEqual({ error: 1, warning: 0, info: 0 });
    expect(j.findings[0].file).toBe('-');
    expect(j.irq.cpus).toEqual([0, 1, 2, 3]);
    expect(j.irq.vifs.map((v: { vif: string }) => v.vif)).toEqual([
      'vif1.0',
      'vif2.0',
      'vif3.0',
      'vif4.0',
      'vif5.0',
      'vif6.0',
    ]);
    expect(j.irq.plan).toHaveLength(6);
    expect(j.irq.commands[0]).toMatch(/smp_affinity /);
  });

  it('sarif carries the irq rules', () => {
    const r = runCli(['lint-irq', '--format', 'sarif', 'samples/proc-interrupts/mq-6.1-unbalanced.txt']);
    const s = JSON.parse(r.stdout);
    expect(s.version).toBe('2.1.0');
    expect(JSON.stringify(s.runs[0].tool.driver.rules)).toContain('vif-irq-single-cpu');
    expect(s.runs[0].results).toHaveLength(1);
  });

  it('--cpus keeps CPU0 out of the plan; a CPU that is not online is a usage error', () => {
    const ok = runCli(['lint-irq', '--cpus', '1-7', 'samples/proc-interrupts/mq-6.1-unbalanced.txt']);
    expect(ok.code).toBe(1); // every VIF IRQ on CPU0: vif-irq-single-cpu, an error
    const targets = [...ok.stdout.matchAll(/^ {2}echo (\d+) > \/proc\/irq\/\d+\/smp_affinity_list/gm)].map((m) =>
      Number(m[1]),
    );
    expect(targets).toHaveLength(19);
    expect(new Set(targets)).toEqual(new Set([1, 2, 3, 4, 5, 6, 7]));
    const bad = runCli(['lint-irq', '--cpus', '2', 'samples/proc-interrupts/mq-6.1-sparse-cpus.txt']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not online .*: 2 \(online: 0-1,3-6\)/);
  });

  const errors: Array<[string, string[], string, RegExp]> = [
    [
      'malformed row',
      ['-'],
      '  CPU0 CPU1\n 1: 5 6 x\n 2: 7 xen-dyn vif1.0\n',
      /^netback-policy: -:3: error: IRQ 2 has 1 counts for 2 CPU columns/,
    ],
    ['not /proc/interrupts', ['-'], 'CONFIG_XEN=y\n', /^netback-policy: -:1: error: expected a header of CPU columns/],
    [
      'missing file',
      ['/nonexistent/interrupts'],
      '',
      /^netback-policy: \/nonexistent\/interrupts: error: cannot read: no such file/,
    ],
    ['binary', ['-'], '  CPU0\n\0\0', /^netback-policy: -:2: error: binary file/],
    ['bad --fail-on', ['--fail-on', 'fatal', '-'], '', /unknown --fail-on 'fatal'/],
    ['bad --threshold', ['--threshold', '0', '-'], '', /--threshold must be a percentage/],
    ['bad --format', ['--format', 'xml', '-'], '', /unknown --format 'xml'/],
  ];
  it.each(errors)('%s: exit 2, one line on stderr, nothing on stdout', (_n, args, input, msg) => {
    const r = runCli(['lint-irq', ...args], { input });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it.runIf(existsSync('/proc/interrupts'))("reads this machine's real /proc/interrupts by default", () => {
    const r = runCli(['lint-irq', '--format', 'json']);
    const j = JSON.parse(r.stdout);
    expect(j.irq.cpus.length).toBeGreaterThan(0);
    // Whatever this host has, the exit code is the one its own report implies (--fail-on warning).
    expect(r.code).toBe(j.summary.error + j.summary.warning > 0 ? 1 : 0);
  });

  it('--help has an example', () => {
    expect(runCli(['lint-irq', '--help']).stdout).toMatch(/Examples:\n {2}netback-policy lint-irq/);
  });
});
