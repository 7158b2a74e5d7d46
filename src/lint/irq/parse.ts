/*
 * /proc/interrupts as data. The layout (kernel/irq/proc.c show_interrupts(), and the x86
 * arch_show_interrupts() rows) is: a header of `CPU<n>` labels, one per ONLINE cpu (so ids may
 * be sparse after hotplug), then one row per IRQ — `<irq>: <count per cpu> <chip> [hwirq]
 * [-<handler name>]  <action>, <action>` — then architecture rows (NMI, LOC, ..., ERR, MIS) that
 * may carry fewer counts than there are CPUs. Column widths change with the IRQ count and the
 * era (2.6.32 prints `xen-dyn-event`, 6.x `xen-dyn-lateeoi    -event`), so this parser splits on
 * whitespace and never relies on column positions.
 */
import { NetbackError } from '../../core/errors.js';
import { MAX_CPU_ID } from './cpu-list.js';

export interface IrqRow {
  /** `93`, or an architecture row's id (`NMI`, `LOC`, `ERR`). */
  irq: string;
  /** True for numbered IRQs: only these have /proc/irq/<irq>/ entries. */
  numeric: boolean;
  /** 1-based line in the input. */
  line: number;
  /** One count per header column (missing trailing columns of arch rows are 0). */
  counts: number[];
  /** Everything after the counts, trimmed (`xen-dyn-lateeoi    -event     vif1.0-q0-tx`). */
  desc: string;
  /** First word of desc for numbered IRQs (`xen-dyn-lateeoi`, `xen-dyn-event`, `Dynamic-irq`). */
  chip: string;
  /** Action (handler) names: the comma-separated list that ends the row. */
  actions: string[];
}

export interface ProcInterrupts {
  file: string;
  /** CPU ids of the header columns, in order (`CPU0 CPU1 CPU3` → [0, 1, 3]). */
  cpus: number[];
  rows: IrqRow[];
}

const CPU_LABEL = /^CPU(\d+)$/;
const COUNT = /^\d+$/;

/** Parses the text of /proc/interrupts; malformed input is a NetbackError naming file:line. */
export function parseInterrupts(text: string, file: string): ProcInterrupts {
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  if (i === lines.length) {
    throw new NetbackError('irq-empty', 'empty input, expected the text of /proc/interrupts', {
      file,
      hint: 'save it with: cat /proc/interrupts > interrupts.txt',
    });
  }
  const header = lines[i]!.trim().split(/\s+/);
  const cpus: number[] = [];
  const seenCpus = new Set<number>();
  for (const label of header) {
    const m = CPU_LABEL.exec(label);
    if (!m) {
      throw new NetbackError('irq-bad-header', `expected a header of CPU columns (CPU0 CPU1 ...), found '${label}'`, {
        file,
        line: i + 1,
        hint: 'is this a copy of /proc/interrupts?',
      });
    }
    const id = Number(m[1]);
    if (id > MAX_CPU_ID || seenCpus.has(id)) {
      const why = id > MAX_CPU_ID ? `CPU id above ${MAX_CPU_ID}` : `column ${label} appears twice`;
      const hint = 'is this a copy of /proc/interrupts?';
      throw new NetbackError('irq-bad-header', `${why} in the header`, { file, line: i + 1, hint });
    }
    cpus.push(id);
    seenCpus.add(id);
  }
  const headerLine = i + 1;
  const rows: IrqRow[] = [];
  const seen = new Set<string>();
  for (i++; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    rows.push(parseRow(raw, i + 1, { ncpu: cpus.length, headerLine }, file, seen));
  }
  return { file, cpus, rows };
}

interface Header {
  ncpu: number;
  /** 1-based line of the CPU labels. */
  headerLine: number;
}

function parseRow(raw: string, line: number, header: Header, file: string, seen: Set<string>): IrqRow {
  const { ncpu } = header;
  const colon = raw.indexOf(':');
  const id = colon > 0 ? raw.slice(0, colon).trim() : '';
  if (!id || /\s/.test(id)) {
    throw new NetbackError('irq-bad-row', `expected '<irq>: <counts...>', found '${clip(raw)}'`, { file, line });
  }
  if (seen.has(id)) throw new NetbackError('irq-bad-row', `IRQ ${id} appears twice`, { file, line });
  seen.add(id);
  const numeric = COUNT.test(id);
  const words = raw
    .slice(colon + 1)
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const counts: number[] = [];
  let w = 0;
  while (w < words.length && counts.length < ncpu && COUNT.test(words[w]!)) counts.push(Number(words[w++]));
  // A numbered IRQ always prints one count per online CPU; only arch rows (ERR, MIS) print fewer.
  if (numeric && counts.length < ncpu) {
    throw new NetbackError('irq-bad-row', `IRQ ${id} has ${counts.length} counts for ${ncpu} CPU columns`, {
      file,
      line,
      hint: 'the file looks truncated or edited; save /proc/interrupts again',
    });
  }
  if (!numeric && !/^[A-Za-z][A-Za-z0-9_]*$/.test(id)) {
    throw new NetbackError('irq-bad-row', `'${id}' is neither an IRQ number nor an architecture row`, { file, line });
  }
  // After the counts comes the chip name, never a number: more counts than columns means the
  // header lost some of its CPU labels.
  if (numeric && w < words.length && COUNT.test(words[w]!)) {
    throw new NetbackError('irq-bad-row', `IRQ ${id} has more counts than the ${ncpu} CPU columns of the header`, {
      file,
      line,
      hint: `the header (line ${header.headerLine}) looks truncated; save /proc/interrupts again`,
    });
  }
  while (counts.length < ncpu) counts.push(0);
  // Position of the description in the raw text, so its inner spacing survives.
  const desc = words.slice(w).join(' ') === '' ? '' : raw.slice(offsetOfWord(raw, colon + 1, w)).trim();
  return { irq: id, numeric, line, counts, desc, chip: numeric ? (words[w] ?? '') : '', actions: actionsOf(desc) };
}

/**
 * The actions list is the last field, set off by two spaces (`"  %s"`, then `", %s"`). Chip and
 * handler-name padding also uses runs of spaces, so take what follows the last run of 2+ spaces
 * that is not part of a `, ` separator.
 */
function actionsOf(desc: string): string[] {
  if (!desc) return [];
  const parts = desc.split(/ {2,}/);
  const tail = parts.length > 1 ? parts[parts.length - 1]! : desc.split(/\s+/).slice(-1)[0]!;
  return tail
    .split(/,\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function offsetOfWord(raw: string, from: number, n: number): number {
  const re = /\S+/g;
  re.lastIndex = from;
  let m: RegExpExecArray | null = null;
  for (let k = 0; k <= n; k++) m = re.exec(raw);
  return m ? m.index : raw.length;
}

function clip(s: string): string {
  const t = s.trim();
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}
