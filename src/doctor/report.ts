/* The doctor's one ranked report: text for people, json for scripts. */
import type { DoctorReport } from './diagnose.js';
import { ERA_LABEL } from './diagnosis.js';
import { notDom0Reasons } from './role.js';
import { escapeControls, quotePath } from '../core/quote-path.js';

export function renderDoctorText(r: DoctorReport): string {
  const f = r.facts;
  const out: string[] = [];
  const cpus = f.onlineCpus
    ? `${f.onlineCpus.length} online CPU${f.onlineCpus.length === 1 ? '' : 's'}`
    : 'online CPUs unknown';
  const role = f.dom0 === true ? 'dom0' : f.dom0 === false ? 'a Xen guest, not dom0' : 'Xen role unknown';
  out.push(`netback-policy doctor: ${f.root === '/' ? 'this host' : quotePath(f.root)}`);
  const notDom0 = notDom0Reasons(f);
  if (notDom0.length) {
    out.push('  NOT A XEN DOM0: netback does not run here, so nothing below is a clean bill of health.');
    for (const why of notDom0) out.push(`    ${why}`);
  }
  out.push(`  kernel ${f.release ?? 'unknown'} (${ERA_LABEL[r.era]}), ${cpus}, ${role}`);
  const params = f.netbackParams.size ? `: ${[...f.netbackParams].map(([k, v]) => `${k}=${v}`).join(' ')}` : '';
  out.push(`  netback ${f.netbackLoaded ? 'loaded' : 'not loaded'}${params}`);
  out.push('', 'Sources:');
  for (const s of f.sources) {
    out.push(
      `  ${s.status === 'read' ? 'read   ' : s.status === 'missing' ? 'missing' : 'failed '} ` +
        `${quotePath(s.path)}${s.detail ? ` (${s.detail})` : ''}`,
    );
  }
  for (const p of r.problems) out.push(`  note: ${p}`);
  if (r.checked.length) {
    out.push('', 'Checked:');
    for (const c of r.checked) out.push(`  ${c}`);
  }
  out.push('');
  if (!r.diagnoses.length) {
    out.push(
      notDom0.length
        ? 'Nothing found, but this host is not a Xen dom0 (see the top).'
        : 'No known netback throughput hazard found on this host.',
    );
    if (!f.config) out.push('(the running config was not found: debug options were not checked)');
    if (!f.interrupts) out.push('(/proc/interrupts was not found: the IRQ spread was not checked)');
    return lines(out);
  }
  out.push(`Most likely causes of lost network throughput, most likely first (${r.diagnoses.length}):`);
  r.diagnoses.forEach((d, i) => {
    out.push('', `${i + 1}. ${d.severity}: ${d.title} [${d.id}]`);
    for (const e of d.evidence) out.push(`   evidence: ${e}`);
    for (const x of d.fix) out.push(x.startsWith('  ') ? `        ${x}` : `   fix: ${x}`);
  });
  const n = { error: 0, warning: 0, info: 0 };
  for (const d of r.diagnoses) n[d.severity]++;
  out.push(
    '',
    `${n.error} error${n.error === 1 ? '' : 's'}, ${n.warning} warning${n.warning === 1 ? '' : 's'}, ${n.info} info`,
  );
  return lines(out);
}

/** The report's lines for a terminal: host files' bytes (values, evidence) may hold control characters. */
function lines(out: string[]): string {
  return out.map(escapeControls).join('\n') + '\n';
}

export function renderDoctorJson(r: DoctorReport, version: string): string {
  const f = r.facts;
  const summary = { error: 0, warning: 0, info: 0 };
  for (const d of r.diagnoses) summary[d.severity]++;
  return (
    JSON.stringify(
      {
        tool: 'netback-policy',
        version,
        host: {
          root: f.root,
          release: f.release ?? null,
          era: r.era,
          onlineCpus: f.onlineCpus ?? null,
          dom0: f.dom0 ?? null,
          notDom0Reasons: notDom0Reasons(f),
          netbackLoaded: f.netbackLoaded,
          netbackParams: Object.fromEntries(f.netbackParams),
        },
        sources: f.sources,
        problems: r.problems,
        checked: r.checked,
        diagnoses: r.diagnoses.map((d, i) => ({ rank: i + 1, ...d })),
        summary,
      },
      null,
      2,
    ) + '\n'
  );
}
