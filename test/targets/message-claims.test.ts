/*
 * Issue 20's false claims, one row each: every series the sample policies (and policies with every
 * knob) make on every era is generated, and no commit message or added comment may say what was
 * found untrue there, while the corrected statements must be present where they apply.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Policy } from '../../src/dsl/policy.js';
import { loadPolicyFile } from '../../src/dsl/load.js';
import { generate } from '../../src/generate/generate.js';
import { REPO } from '../support/cli.js';
import { linuxTree } from '../support/linux-tree.js';
import { patchedInterface } from '../cpu-choice/mq-driver.js';

const TREES: Array<[string, () => string]> = [
  ['pvops-2.6.32', () => join(REPO, 'samples/trees/pvops-2.6.32')],
  ['upstream-groups', () => join(REPO, 'samples/trees/upstream-groups-3.0')],
  ['upstream-mq', () => linuxTree()],
];

const EVERYTHING: Policy[] = [
  {
    threading: { model: 'kthread', groups: { onlineCpusDividedBy: 2 }, bindToCpu: true },
    assignment: 'round-robin',
    irq: { spread: 'group-cpu' },
  },
  {
    threading: { model: 'kthread', keepTaskletOption: false, bindToCpu: true, strictBinding: true, queueCap: 16 },
    assignment: 'least-loaded',
    irq: { spread: 'group-cpu' },
  },
];

async function policies(): Promise<Policy[]> {
  const dir = join(REPO, 'samples/policies');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  const loaded = await Promise.all(files.map(async (f) => (await loadPolicyFile(join(dir, f))).policy));
  return [...loaded, ...EVERYTHING];
}

/**
 * Every patch of every series the policies make on `root`: its message and the lines it adds (the
 * comments in the code claim things too), without the tree's context and removed lines.
 */
async function messages(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const p of await policies()) {
    let r;
    try {
      r = generate(p, { tree: root, out: 'unused', version: 't' });
    } catch {
      continue; // refused on this era: no series, nothing claimed
    }
    for (const [name, text] of r.files) if (/^\d{4}-/.test(name) && !name.startsWith('0000-')) out.push(added(text));
  }
  return out;
}

function added(patch: string): string {
  const cut = patch.indexOf('\n---\n');
  const diff = patch
    .slice(cut)
    .split('\n')
    .filter((l) => l.startsWith('+') && !l.startsWith('+++'))
    .map((l) => l.slice(1).replace(/^\s*(\/\*|\*\/|\*)?\s*/, ''));
  // One line, so that a claim wrapped over two lines (or two comment lines) is still one phrase.
  return `${patch.slice(0, cut)}\n${diff.join('\n')}`.replace(/\s+/g, ' ');
}

// [what was untrue, pattern that must not appear, the eras where it is untrue (all when omitted)]
const UNTRUE: Array<[string, RegExp, string[]?]> = [
  ['the hint keeps irqbalance from moving interrupts', /keeps irqbalance from/i],
  ['least-loaded races without any lock (both callers hold RTNL)', /without any lock/i],
  ['netfront_count is kept for the statistics (nothing reads it)', /for the statistics/i],
  [
    "dom0's CPUs are left to the guests",
    /(leaving|leave|left) (the other (half|CPUs) )?(\w+ )?to the guests|the rest run guests|against the guests/i,
  ],
  ['kthread-only removes the netback_kthread parameter', /netback_kthread parameter goes|must drop that option/i],
  ["a hint on 3.0 'points' the interrupt", /Subject: .*point each vif's interrupt/i],
  ['max_queues uncapped without the cost', /default max_queues to the number of online CPUs/i],
  [
    'mq interrupts stay where bound, usually CPU0 (select_target_cpu() spreads them)',
    /stay on the CPU they were bound on/i,
    ['upstream-mq'],
  ],
  [
    'the interrupt is away from the CPU running NAPI (NAPI runs where it is taken)',
    /away from the CPU that runs the queue's NAPI/i,
  ],
  [
    'queue->cpu serves threads and interrupts where the series points no interrupt',
    /so its threads and its interrupts are pointed at the same one/i,
  ],
  ["0001's member comment claims the interrupts 0002 points", /unsigned int cpu; \/\* of its threads and interrupts/],
  [
    'on 6.1 nothing puts a queue back on its CPU when it comes online (the series adds a cpuhp callback)',
    /nothing moves (them|it) back/i,
    ['upstream-mq'],
  ],
  [
    'after kthread_bind() only the scheduler moves the threads (the online callback does too)',
    /only the scheduler moves/i,
  ],
  [
    'kthread_bind() is all 3.0 has for a kernel thread (set_cpus_allowed_ptr() was there, exported)',
    /kthread_bind\(\) is what this kernel has/i,
  ],
];

describe.each(TREES)('commit messages on %s', (era, root) => {
  it.each(UNTRUE.filter(([, , eras]) => !eras || eras.includes(era)))(
    'never claim that %s',
    async (_claim, pattern) => {
      const all = await messages(root());
      expect(all.length).toBeGreaterThan(0);
      expect(
        all.filter((m) => pattern.test(m)).map((m) => /Subject: (.*?) (?=\S+:|$)/.exec(m)?.[1] ?? m.slice(0, 120)),
      ).toEqual([]);
    },
  );
});

describe('corrected statements are where they apply', () => {
  it('multi-queue: every series that pins threads or points interrupts ends by putting queues back on CPU online', async () => {
    const all = await messages(linuxTree());
    const pins = all.filter((m) => /Subject: \[PATCH \d+\/\d+\] xen-netback: (set|bind|point) each queue's/.test(m));
    const online = all.filter((m) => /Subject: .*put queues back on their CPU when it comes online/.test(m));
    expect(pins.length).toBeGreaterThan(0);
    expect(online.length).toBeGreaterThan(0);
    for (const m of pins) expect(m).toMatch(/a later patch of this series (moves|binds) them back/i);
    for (const m of online) {
      expect(m).toMatch(/cpuhp_setup_state_multi\(CPUHP_AP_ONLINE_DYN/);
      expect(m).toMatch(/if \(queue->cpu != cpu\) return 0;/);
    }
  });

  it('multi-queue: the queue cap message gives the per-queue cost', async () => {
    const all = (await messages(linuxTree())).filter((m) => /max_queues/.test(m));
    expect(all.length).toBeGreaterThan(0);
    for (const m of all)
      expect(m).toMatch(
        /MAX_PENDING_REQS \(256\) pages for grant mappings .* two kernel threads .* one or two event channels/,
      );
  });

  it('multi-queue: pinning says what strict binding costs, and that connect() holds no RTNL', async () => {
    const all = await messages(linuxTree());
    expect(
      all.some((m) =>
        /strict binding, and it has a cost: kthread_bind\(\) marks the threads PF_NO_SETAFFINITY/.test(m),
      ),
    ).toBe(true);
    expect(all.some((m) => /set_cpus_allowed_ptr\(\)/.test(m) && /taskset and cpusets can still move/.test(m))).toBe(
      true,
    );
    expect(all.some((m) => /connect\(\) in xenbus\.c connects the queues without holding RTNL/.test(m))).toBe(true);
  });

  it('multi-queue: the IRQ message says where 6.1 puts interrupts and that they land with the threads', async () => {
    const all = (await messages(linuxTree())).filter((m) => /Subject: .*point each queue's interrupts/.test(m));
    expect(all.length).toBeGreaterThan(0);
    for (const m of all)
      expect(m).toMatch(/the online CPU with the fewest event channels bound to it \(select_target_cpu\(\)\)/);
    const pinned = all.filter((m) =>
      /the same CPU as the queue's threads, chosen per vif by the policy's assignment/.test(m),
    );
    expect(pinned.length).toBeGreaterThan(0);
    expect(
      all.filter((m) => !pinned.includes(m)).every((m) => /The queue's threads are left to the scheduler/.test(m)),
    ).toBe(true);
  });

  it('multi-queue: what uses queue->cpu is said patch by patch, as far as the series goes', () => {
    const series = (p: Policy) =>
      [...generate(p, { tree: linuxTree(), out: 'unused', version: 't' }).files]
        .filter(([n]) => /^\d{4}-/.test(n) && !n.startsWith('0000-'))
        .map(([, t]) => added(t));
    const [pin, irq] = series({ threading: { bindToCpu: true }, irq: { spread: 'group-cpu' } });
    expect(pin).toMatch(/unsigned int cpu; \/\* CPU of its threads \*\//);
    expect(pin).toMatch(/a later patch of this series points the queue's interrupts at the same CPU/);
    expect(irq).toMatch(/unsigned int cpu; \/\* CPU of its threads and interrupts \*\//);
    const [strict, ...rest] = series({ threading: { bindToCpu: true, strictBinding: true } });
    expect(rest).toHaveLength(1);
    expect(rest[0]).toMatch(/Subject: \[PATCH 2\/2\] xen-netback: put queues back on their CPU when it comes online/);
    expect(rest[0]).not.toMatch(/interrupt/);
    expect(strict).not.toMatch(/interrupts are pointed|later patch of this series points|threads and interrupts/);
    expect(strict).toMatch(/The queue's interrupts are left where the event channel code puts them/);
  });

  it.each([[false], [true]])(
    'multi-queue (strict %s): pinned under the hotplug lock with a failure logged, or always bound',
    (strict) => {
      const c = patchedInterface(linuxTree(), { threading: { bindToCpu: true, strictBinding: strict } });
      const fn =
        /\nstatic void xenvif_start_queue_threads\(struct xenvif_queue \*queue\)\n\{\n([\s\S]*?)\n\}\n/.exec(c)?.[1] ??
        '';
      const at = (s: string) => fn.indexOf(s);
      if (strict) {
        // kthread_bind() takes an offline CPU (the scheduler runs the thread elsewhere meanwhile):
        // always bound, with no check and no lock that could leave the threads unbound.
        expect(at('kthread_bind(queue->task, queue->cpu);')).toBeGreaterThanOrEqual(0);
        expect(at('kthread_bind(queue->dealloc_task, queue->cpu);')).toBeGreaterThan(0);
        expect(fn).not.toMatch(/cpu_online|netdev_warn|cpus_read_lock/);
        return;
      }
      const pins = ['set_cpus_allowed_ptr(queue->task', 'set_cpus_allowed_ptr(queue->dealloc_task'];
      expect(at('cpus_read_lock();')).toBeGreaterThanOrEqual(0);
      expect(at('cpu_online(queue->cpu)')).toBeGreaterThan(at('cpus_read_lock();'));
      for (const p of pins) {
        expect(at(p)).toBeGreaterThan(at('cpu_online(queue->cpu)'));
        expect(at(p)).toBeLessThan(at('cpus_read_unlock();'));
      }
      expect(fn).toMatch(/netdev_warn\(queue->vif->dev, "%s: CPU %u is offline, threads not pinned\\n"/);
      expect(fn).toMatch(/\|\|\s*set_cpus_allowed_ptr\(queue->dealloc_task, mask\)\)\s*netdev_warn\(/);
    },
  );

  it('multi-queue strict: after an offline the affinity widens but PF_NO_SETAFFINITY stays', async () => {
    const all = (await messages(linuxTree())).filter((m) => /Subject: .*bind each queue's kthreads/.test(m));
    expect(all.length).toBeGreaterThan(0);
    for (const m of all)
      expect(m).toMatch(
        /widens the threads' affinity .* but PF_NO_SETAFFINITY stays: the administrator cannot pin them again/,
      );
  });

  it('upstream 3.0: kthread_bind() is said to be chosen for PF_THREAD_BOUND', async () => {
    const all = (await messages(join(REPO, 'samples/trees/upstream-groups-3.0'))).filter((m) =>
      /\+\s*kthread_bind\(|kthread_bind\(\) is chosen/.test(m),
    );
    expect(all.length).toBeGreaterThan(0);
    expect(
      all.some((m) =>
        /kthread_bind\(\) is chosen over set_cpus_allowed_ptr\(\), which this kernel also has and exports, because it sets PF_THREAD_BOUND/.test(
          m,
        ),
      ),
    ).toBe(true);
  });

  it('upstream 3.0: the cover letter says irq.spread is only a hint there', () => {
    const files = generate(
      { irq: { spread: 'group-cpu' }, threading: { bindToCpu: true } },
      { tree: join(REPO, 'samples/trees/upstream-groups-3.0'), out: 'unused', version: 't' },
    ).files;
    const cover = [...files].find(([n]) => n.startsWith('0000-'))?.[1] ?? '';
    expect(cover.replace(/\s+/g, ' ')).toMatch(
      /irq\.spread 'group-cpu': advisory on this era: irq_set_affinity_hint\(\) only records a hint/,
    );
  });

  it('upstream 3.0: the hint message says it moves nothing by itself', async () => {
    const all = (await messages(join(REPO, 'samples/trees/upstream-groups-3.0'))).filter((m) =>
      /affinity hint/.test(m),
    );
    expect(all.length).toBeGreaterThan(0);
    for (const m of all) expect(m).toMatch(/moves nothing by itself/);
  });

  it.each(TREES.filter(([era]) => era !== 'upstream-mq'))(
    'groups era %s: the stored group CPU is said to serve only what the series points at it',
    async (_era, root) => {
      const text = async (knob: string) => {
        const { policy } = await loadPolicyFile(join(REPO, 'samples/policies', `${knob}.ts`));
        const r = generate(policy, { tree: root(), out: 'unused', version: 't' });
        return [...r.files]
          .filter(([n]) => /^\d{4}-/.test(n) && !n.startsWith('0000-'))
          .map(([, t]) => t)
          .join('\n')
          .replace(/\s+/g, ' ');
      };
      const bindOnly = await text('knob-bind');
      expect(bindOnly).toMatch(
        /The thread binding uses that stored CPU; this series does not touch the (VIF|vif) interrupts/,
      );
      expect(bindOnly).not.toMatch(/both use that stored CPU/);
      expect(await text('seed-recommended')).toMatch(/both use that stored CPU, so they cannot disagree/);
    },
  );

  it('pvops: exporting irq_set_affinity() asks for the genirq ack it needs', async () => {
    const all = (await messages(join(REPO, 'samples/trees/pvops-2.6.32'))).filter((m) =>
      /Subject: .*export irq_set_affinity/i.test(m),
    );
    expect(all.length).toBeGreaterThan(0);
    for (const m of all)
      expect(m).toMatch(/genirq change: it needs an ack from\s+the interrupt subsystem's maintainers/);
  });

  it('pvops kthread-only: netback_kthread stays, deprecated', async () => {
    const all = (await messages(join(REPO, 'samples/trees/pvops-2.6.32'))).filter((m) =>
      /Remove the tasklet mode/.test(m),
    );
    expect(all.length).toBeGreaterThan(0);
    for (const m of all) expect(m).toMatch(/The netback_kthread parameter stays, deprecated and ignored/);
  });
});

describe.each(TREES)('series on %s are deterministic', (_era, root) => {
  it.each(EVERYTHING.map((p, i) => [i, p] as const))('policy %i: byte-identical run to run', (_i, p) => {
    const once = generate(p, { tree: root(), out: 'unused', version: 't' }).files;
    expect(once.size).toBeGreaterThan(0);
    expect(generate(p, { tree: root(), out: 'unused', version: 't' }).files).toEqual(once);
  });
});
