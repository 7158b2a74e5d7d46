/* threading.model, threading.groups, threading.bindToCpu on the pvops driver. */
import type { Policy, GroupCount } from '../dsl/policy.js';
import type { KernelTree, Workspace } from '../patch/tree.js';
import { cText } from '../patch/c-text.js';
import { findFileStatement, findFileStatements, findFunction, findStatement, normalized } from '../patch/locate.js';
import { NetbackError } from '../core/errors.js';
import type { Plan } from './target.js';
import { PVOPS } from './pvops-files.js';
import { T, editFile } from './pvops-edits.js';
import { pvopsPatch } from './pvops-patches.js';
import { hasTaskletMode, planKthreadOnly } from './pvops-kthread-only.js';

const KTHREAD_DECL = /^static (int|bool) MODPARM_netback_kthread\b/;
const KTHREAD_DESC = /^MODULE_PARM_DESC\s*\(\s*netback_kthread\s*,/;

export function planModel(policy: Policy, tree: KernelTree, plan: Plan): void {
  const model = policy.threading?.model;
  if (!model) return;
  const nb = cText(PVOPS.netback, tree.require(PVOPS.netback, 'threading.model'));
  const keep = policy.threading?.keepTaskletOption;
  if (!hasTaskletMode(nb, cText(PVOPS.common, tree.require(PVOPS.common, 'threading.model')))) {
    if (model === 'kthread' && keep !== true) {
      plan.notes.push('threading.model: netback runs kernel threads only (the tasklet mode is gone); no patch');
      return;
    }
    plan.refusals.push({
      knob: 'threading.model',
      message:
        model === 'tasklet'
          ? 'this tree has no tasklet mode any more (the tasklet code was removed; netback_kthread is only a deprecated, ignored parameter)'
          : 'keepTaskletOption: true, but this tree has no tasklet mode left to keep',
      hint:
        model === 'tasklet'
          ? 'revert the patch that removed it, or leave threading.model out'
          : 'leave keepTaskletOption out: kernel threads are the only mode',
    });
    return;
  }
  if (model === 'kthread' && keep === false) {
    planKthreadOnly(tree, plan);
    return;
  }
  const decls = findFileStatements(nb, KTHREAD_DECL);
  if (!decls.length) {
    plan.refusals.push({
      knob: 'threading.model',
      message: 'this tree has no netback_kthread module parameter (MODPARM_netback_kthread) to choose the mode with',
      hint: 'leave threading.model out for this tree',
    });
    return;
  }
  const defaultsOn = /=\s*(1|true)\s*;/.test(normalized(nb, decls[0]!));
  if ((model === 'kthread') === defaultsOn) {
    plan.notes.push(`threading.model: netback already defaults to ${model}s; no patch`);
    return;
  }
  // The patch and its templates are named by the mode made the default.
  plan.changes.push(
    pvopsPatch(model, (ws) =>
      editFile(ws, PVOPS.netback, (src) => {
        const decl = findFileStatement(src, KTHREAD_DECL, 'static int MODPARM_netback_kthread;');
        const desc = findFileStatement(src, KTHREAD_DESC, 'MODULE_PARM_DESC(netback_kthread, ...);');
        return [
          { start: decl.start, end: decl.end, text: T(`${model}-default.c.hbs`) },
          { start: desc.start, end: desc.end, text: T(`${model}-desc.c.hbs`) },
        ];
      }),
    ),
  );
}

/** The C expression for a validated group count; anything else is refused before it reaches C. */
export function groupExpr(g: GroupCount): { expr: string; describe: string } {
  const int = (n: unknown, lo: number, hi: number, what: string): number => {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < lo || n > hi) {
      throw new NetbackError(
        'bad-policy',
        `threading.groups: ${what} must be an integer ${lo}..${hi}, got ${JSON.stringify(n)}`,
      );
    }
    return n;
  };
  if (g === 'online-cpus') return { expr: 'num_online_cpus()', describe: 'one per online CPU' };
  if (typeof g === 'number') {
    const n = int(g, 1, 4096, 'a group count');
    return { expr: `min_t(int, ${n}, num_online_cpus())`, describe: `${n}, capped at the number of online CPUs` };
  }
  if (g && typeof g === 'object' && 'onlineCpusDividedBy' in g) {
    const d = int(g.onlineCpusDividedBy, 1, 4096, 'onlineCpusDividedBy');
    return { expr: `DIV_ROUND_UP(num_online_cpus(), ${d})`, describe: `one per ${d} online CPUs, rounded up` };
  }
  throw new NetbackError('bad-policy', `threading.groups: unsupported value ${JSON.stringify(g)}`);
}

const GROUP_NR = /^xen_netbk_group_nr\s*=/;

export function planGroups(policy: Policy, tree: KernelTree, plan: Plan): void {
  const g = policy.threading?.groups;
  if (g === undefined) return;
  const { expr, describe } = groupExpr(g);
  const nb = cText(PVOPS.netback, tree.require(PVOPS.netback, 'threading.groups'));
  const st = findStatement(nb, findFunction(nb, 'netback_init'), GROUP_NR, 'xen_netbk_group_nr = ...;');
  if (normalized(nb, st) === `xen_netbk_group_nr = ${expr};`) {
    plan.notes.push(`threading.groups: netback_init() already sets the group count to ${describe}; no patch`);
    return;
  }
  const fewer = g !== 'online-cpus';
  const apply = (ws: Workspace): void =>
    editFile(ws, PVOPS.netback, (src) => {
      const s = findStatement(src, findFunction(src, 'netback_init'), GROUP_NR, 'xen_netbk_group_nr = ...;');
      return [{ start: s.start, end: s.end, text: T('groups.c.hbs', { expr }) }];
    });
  plan.changes.push(
    pvopsPatch(fewer ? 'groups' : 'groups-per-cpu', apply, {
      describe,
      why: fewer
        ? 'Every group costs its page pool and a thread even when few guests run, and a group per CPU leaves no CPU for the rest of dom0 when all groups are busy.'
        : 'This tree creates a fixed number of groups instead, which leaves CPUs idle on larger hosts.',
      cap:
        typeof g === 'object'
          ? `This lowers the count on every host, small ones included (on 4 CPUs, from 4 groups to ${Math.ceil(4 / g.onlineCpusDividedBy)}).`
          : typeof g !== 'number'
            ? ''
            : policy.threading?.bindToCpu === false
              ? 'More groups than online CPUs would only add threads competing for the same CPUs.'
              : 'Group threads are bound to distinct online CPUs, so more groups than CPUs would only share them.',
    }),
  );
}
