/* `netback-policy lint-irq`: the only part of the irq linter that touches files and the process. */
import { exitCodeFor, parseFailOn } from '../../core/fail-on.js';
import { NetbackError } from '../../core/errors.js';
import { quotePath } from '../../core/quote-path.js';
import { readTextInput } from '../../io/read-input.js';
import { parseSize } from '../../io/bounded.js';
import { version } from '../../version.js';
import { renderFindings, parseFormat } from '../format/index.js';
import { summarize } from '../format/text.js';
import { writeOut } from '../../io/stdout.js';
import { wantColor } from '../../io/color.js';
import { lintIrqText } from './lint.js';
import { renderSpread, renderFixes } from './report.js';
import { formatCpuList, parseCpuList } from './cpu-list.js';
import type { IrqRule } from './rule.js';

export async function runLintIrq(
  file: string,
  opts: Record<string, string | undefined>,
  rules: readonly IrqRule[],
): Promise<number> {
  const format = parseFormat(opts.format ?? 'text');
  const failOn = parseFailOn(opts.failOn ?? 'warning');
  const threshold = Number(opts.threshold ?? '80');
  if (!Number.isFinite(threshold) || threshold <= 0 || threshold > 100) {
    throw new NetbackError('bad-option', `--threshold must be a percentage in (0, 100], got '${opts.threshold}'`);
  }
  const minInterrupts = Number(opts.minInterrupts ?? '1000');
  if (!Number.isInteger(minInterrupts) || minInterrupts < 0) {
    throw new NetbackError('bad-option', `--min-interrupts must be a whole number, got '${opts.minInterrupts}'`);
  }
  const maxSize = parseSize('--max-input-size', opts.maxInputSize ?? '64M');
  const text = readTextInput(file, { maxSize, raise: 'raise it with --max-input-size' });
  const targetCpus = opts.cpus !== undefined ? parseCpuList(opts.cpus, '--cpus') : undefined;
  const r = lintIrqText(text, file, { rules, threshold: threshold / 100, minInterrupts, targetCpus });
  if (targetCpus) {
    const offline = targetCpus.filter((c) => !r.spread.cpus.includes(c));
    if (offline.length) {
      throw new NetbackError(
        'bad-option',
        `--cpus names CPUs that are not online in ${quotePath(file)}: ${formatCpuList(offline)}`,
        {
          hint: `online: ${formatCpuList(r.spread.cpus)}`,
        },
      );
    }
  }
  const color = format === 'text' && wantColor(process.stdout);
  let out: string;
  if (format === 'text') {
    out = renderSpread(r);
    const f = renderFindings(r.findings, { format, rules, version: version(), color });
    if (f) out += '\n' + f;
    out += renderFixes(r);
    out += `\n${summarize(r.findings)}\n`;
  } else {
    out = renderFindings(r.findings, {
      format,
      rules,
      version: version(),
      extra: {
        irq: {
          file,
          cpus: r.spread.cpus,
          total: r.spread.total,
          /** true: the fixes write smp_affinity masks (smp_affinity_list may not exist). */
          legacy: r.spread.legacy,
          perCpu: Object.fromEntries(r.spread.cpus.map((c, k) => [`CPU${c}`, r.spread.perCpu[k]])),
          vifs: r.spread.vifs.map((v) => ({
            vif: v.vif,
            total: v.total,
            busiestCpu: v.busiestCpu,
            busiestShare: v.busiestShare,
            irqs: v.irqs.map((q) => ({
              irq: q.irq,
              name: q.name,
              queue: q.queue ?? null,
              dir: q.dir,
              chip: q.chip,
              total: q.total,
              busiestCpu: q.busiestCpu,
            })),
          })),
          plan: r.plan,
          commands: r.commands,
        },
      },
    });
  }
  await writeOut(out);
  return exitCodeFor(r.findings, failOn);
}
