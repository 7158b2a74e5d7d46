/* Debugging compiled into the running kernel: lint-config over the running config and cmdline. */
import { lintConfigText } from '../../linters/config.js';
import type { Check, Diagnosis } from '../diagnosis.js';

export const configCheck: Check = (ctx) => {
  const { facts } = ctx;
  const cfg = facts.config;
  if (!cfg) return [];
  const r = lintConfigText(cfg.text, {
    file: cfg.shown,
    ...(facts.release ? { kernelVersion: facts.release } : {}),
    ...(facts.cmdline ? { cmdline: facts.cmdline.text } : {}),
  });
  const found = r.findings.length
    ? r.findings.length + ' option group(s) with a runtime cost'
    : 'no debugging option with a known throughput cost';
  ctx.checked.push(`running config (${cfg.shown}${facts.cmdline ? ' with the boot parameters' : ''}): ${found}`);
  const out: Diagnosis[] = [];
  const errors = r.findings.filter((f) => f.severity === 'error');
  const warnings = r.findings.filter((f) => f.severity === 'warning');
  const infos = r.findings.filter((f) => f.severity === 'info');
  const evidence = (fs: typeof errors) => fs.map((f) => `${f.file}:${f.line}: ${f.message} [${f.ruleId}]`);
  const fix = (cmdline: boolean): string[] => [
    ...(r.fixCommand
      ? [`in the kernel tree, with this config as .config: ${r.fixCommand} && make olddefconfig, rebuild and reboot`]
      : []),
    ...(cmdline && r.cmdlineRemove.length ? [`remove from the boot parameters: ${r.cmdlineRemove.join(' ')}`] : []),
  ];
  if (errors.length) {
    out.push({
      id: 'config-debug',
      severity: 'error',
      score: 95,
      title:
        'debugging compiled into the running kernel ' +
        `(${errors.length} option group${errors.length > 1 ? 's' : ''} with a known throughput cost)`,
      evidence: evidence(errors),
      fix: fix(true),
    });
  }
  if (warnings.length) {
    out.push({
      id: 'config-overhead',
      severity: 'warning',
      score: errors.length ? 40 : 60,
      title:
        `${warnings.length} more option${warnings.length > 1 ? 's' : ''} ` +
        'with a runtime cost in the running kernel',
      evidence: evidence(warnings),
      fix: errors.length ? ['the same scripts/config line disables these too'] : fix(true),
    });
  }
  // Counted in the line above, so listed too: cheap options worth knowing about, not a cause.
  if (infos.length) {
    out.push({
      id: 'config-info',
      severity: 'info',
      score: 10,
      title: `${infos.length} option${infos.length > 1 ? 's' : ''} with a small runtime cost (hardening; usually kept)`,
      evidence: evidence(infos),
      fix: [...new Set(infos.map((f) => f.fix).filter((x): x is string => !!x))],
    });
  }
  return out;
};
