import { describe, expect, it } from 'vitest';
import { cText } from '../../src/patch/c-text.js';
import {
  findCall,
  findFileStatement,
  findFunction,
  findLoop,
  findModuleParam,
  findStatement,
  findStruct,
  paramNames,
} from '../../src/patch/locate.js';
import { applyEdits } from '../../src/patch/edit.js';
import { NetbackError } from '../../src/core/errors.js';

const SRC = `/* netback_init() { is mentioned in a comment */
static int MODPARM_netback_kthread;
module_param_named(netback_kthread, MODPARM_netback_kthread, bool, 0);

struct xen_netbk {
	spinlock_t net_schedule_list_lock; /* { */
	atomic_t netfront_count;
};

static const char *s = "static void netif_idx_release(void) {";

static void netif_idx_release(struct xen_netbk *netbk,
			      u16 pending_idx)
{
	static DEFINE_SPINLOCK(_lock);
	unsigned long flags;

	spin_lock_irqsave(&_lock, flags);
	spin_unlock_irqrestore(&_lock, flags);
}

static int __init
netback_init(void)
{
	int group;

	for (group = 0; group < xen_netbk_group_nr; group++) {
		struct xen_netbk *netbk = &xen_netbk[group];

		kthread_bind(netbk->kthread.task,
			     group);
	}
	return 0;
}
`;

const src = cText('drivers/xen/netback/netback.c', SRC);
const slice = (s: { start: number; end: number }) => SRC.slice(s.start, s.end);

describe('locate anchors by name', () => {
  it.each([
    ['netif_idx_release', 'static void netif_idx_release(struct xen_netbk *netbk,\n\t\t\t      u16 pending_idx)\n'],
    ['netback_init', 'static int __init\nnetback_init(void)\n'],
  ])('function %s: header start, body braces (not the comment or string mention)', (name, head) => {
    const f = findFunction(src, name);
    expect(SRC.slice(f.start, f.open)).toBe(head);
    expect(SRC[f.close]).toBe('}');
    expect(SRC.slice(f.close, f.end)).toBe('}\n');
  });

  it('struct body ignores a brace inside a comment', () => {
    const s = findStruct(src, 'xen_netbk');
    expect(SRC.slice(s.open, s.close + 2)).toMatch(/^\{[\s\S]*netfront_count;\n\};$/);
  });

  it.each([
    [/^static DEFINE_SPINLOCK/, '\tstatic DEFINE_SPINLOCK(_lock);\n'],
    [/^spin_unlock_irqrestore/, '\tspin_unlock_irqrestore(&_lock, flags);\n'],
  ])('statement %s inside a function spans whole lines', (re, text) => {
    expect(slice(findStatement(src, findFunction(src, 'netif_idx_release'), re, String(re)))).toBe(text);
  });

  it('loop by header, call spanning two lines, module_param, file-scope statement, params', () => {
    const init = findFunction(src, 'netback_init');
    const loop = findLoop(src, init, /<\s*xen_netbk_group_nr/, 'group loop');
    expect(SRC.slice(loop.start, loop.open)).toBe('\tfor (group = 0; group < xen_netbk_group_nr; group++) ');
    expect(slice(findCall(src, loop, 'kthread_bind'))).toBe(
      '\t\tkthread_bind(netbk->kthread.task,\n\t\t\t     group);\n',
    );
    expect(slice(findModuleParam(src, 'netback_kthread'))).toMatch(/^module_param_named\(netback_kthread,.*\n$/);
    expect(slice(findFileStatement(src, /^static int MODPARM_netback_kthread/, 'decl'))).toBe(
      'static int MODPARM_netback_kthread;\n',
    );
    expect(paramNames(src, findFunction(src, 'netif_idx_release'))).toEqual(['netbk', 'pending_idx']);
  });

  it.each([
    [
      () => findFunction(src, 'netif_idx_relase'),
      /function 'netif_idx_relase' not found/,
      /nearest: netif_idx_release/,
    ],
    [() => findStruct(src, 'xen_netif'), /struct 'xen_netif' not found/, /nearest: xen_netbk/],
    [() => findModuleParam(src, 'netback_kthreads'), /module_param 'netback_kthreads'/, /nearest: netback_kthread/],
    [
      () => findCall(src, findFunction(src, 'netback_init'), 'kthread_bnd'),
      /call 'kthread_bnd' in netback_init\(\)/,
      /kthread_bind/,
    ],
  ])('a missing anchor is a NetbackError naming file, anchor and nearest candidates (%#)', (fn, msg, hint) => {
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NetbackError);
    const e = err as NetbackError;
    expect(e.code).toBe('anchor-missing');
    expect(e.file).toBe('drivers/xen/netback/netback.c');
    expect(e.message).toMatch(msg);
    expect(e.hint).toMatch(hint);
    expect(e.exitCode).toBe(2);
  });

  it('applyEdits applies in offset order and rejects overlap', () => {
    expect(
      applyEdits(
        'abcdef',
        [
          { start: 4, end: 5, text: 'E' },
          { start: 0, end: 1, text: 'A' },
        ],
        'x',
      ),
    ).toBe('AbcdEf');
    expect(() =>
      applyEdits(
        'abcdef',
        [
          { start: 0, end: 3, text: '' },
          { start: 2, end: 4, text: '' },
        ],
        'x',
      ),
    ).toThrow(/overlapping/);
  });
});

describe('preprocessor lines are not part of statements', () => {
  it.each([
    [
      '#include <a.h>\n#include <b.h>\n\nstatic atomic_t next = ATOMIC_INIT(0);\n',
      'static atomic_t next = ATOMIC_INIT(0);\n',
    ],
    ['#define SWAP(a, b) do { \\\n\tint t = a; a = b; b = t; \\\n} while (0)\nstatic int x;\n', 'static int x;\n'],
    ['int y;\n#ifdef CONFIG_X\nstatic int x;\n#endif\n', 'static int x;\n'],
  ])('%j: the declaration span starts at the declaration', (text, want) => {
    const src = cText('t.c', text);
    const s = findFileStatement(src, /^static \w+ \w+/, 'static decl');
    expect(text.slice(s.start, s.end)).toBe(want);
  });
});
