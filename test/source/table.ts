/*
 * The rule table: C (and Kbuild) fixtures we wrote, each with the exact findings expected as
 * `rule@line`. Used by cases.test.ts (through every scan path) and rg-select.test.ts (rg's line
 * patterns against the candidate regexes); behind PRELUDES (cCasesBehind) by the scope proof,
 * prefix-hits and functionsThrough tests. A new case is one row.
 */
export const FSL = 'function-static-lock';
export const GNT = 'lock-held-across-grant-copy';
export const DBG = 'debug-enabled-in-source';
import { XEN_BIGLOCK_ERA, XEN_RWLOCK_ERA, XEN_SPINLOCK_ERA } from './grant-eras.js';

export interface Case {
  name: string;
  code: string;
  /** `rule@line` for every expected finding, in report order. */
  want: string[];
  path?: string;
  /**
   * function-static-lock's class of each of its findings, in order, with what decided it:
   * `per-instance TAG` / `both TAG` (the struct the fix names), `global NAME` (the first data
   * it guards, or `global` for none), `undecided`.
   */
  cls?: string[];
}

export const fn = (body: string, head = 'static void f(struct dev *d)') => `${head}\n{\n${body}\n}\n`;

/** A 4-line helper `static void name(struct q *q)` for the cross-call cases. */
const helper = (name: string, body: string) => `static void ${name}(struct q *q)\n{\n${body}\n}\n`;
const COPY = '\tgnttab_batch_copy(q->ops, q->n);';
/** `stmt` between spin_lock(&d->lock) and its unlock, as a function body. */
const locked = (stmt: string) => `\tspin_lock(&d->lock);\n\t${stmt}\n\tspin_unlock(&d->lock);`;
/** Helpers c1 -> c2 -> ... -> cN, the last one copying. */
const chain = (n: number) =>
  Array.from({ length: n }, (_, k) => helper(`c${n - k}`, k === 0 ? COPY : `\tc${n - k + 1}(q);`)).join('');
/** The 1-based line of the first occurrence of `marker`. */
const lineOf = (code: string, marker: string) => code.slice(0, code.indexOf(marker)).split('\n').length;
/** Hypervisor locking and copying words, in a function of a file that says nothing else. */
const XEN_BODY = '\tLOCK_BIGLOCK(d);\n\tsp = map_domain_page(f);\n\tmemcpy(dp, sp, n);\n\tUNLOCK_BIGLOCK(d);';
const XEN_WORDS = fn(XEN_BODY, 'static void copy_guest_page(struct domain *d)');
const XEN_GRANT_WORDS = fn(XEN_BODY, 'static void gnttab_flip(struct domain *d)');
const XEN_READ_LOCKED = XEN_RWLOCK_ERA.replace(
  '    return gnttab_copy_buf(op, dest, src);',
  '    grant_read_lock(dest->domain->grant_table);\n    rc = gnttab_copy_buf(op, dest, src);\n    grant_read_unlock(dest->domain->grant_table);\n    return rc;',
);
const XEN_GT_SPIN =
  'static void copy_one(struct gnttab_copy *op, unsigned long s, unsigned long d)\n{\n' +
  '    char *sp = map_domain_page(s), *dp = map_domain_page(d);\n    memcpy(dp, sp, op->len);\n}\n' +
  'static void gnttab_copy_locked(struct domain *rd, struct gnttab_copy *op)\n{\n' +
  '    spin_lock(&rd->grant_table->lock);\n    copy_one(op, op->s, op->d);\n    spin_unlock(&rd->grant_table->lock);\n}\n';

export const CASES: Case[] = [
  // function-static-lock: positives (each declaration on line 3 unless stated)
  { name: 'DEFINE_SPINLOCK in a function', code: fn('\tint x;\n\tstatic DEFINE_SPINLOCK(l);'), want: [`${FSL}@4`] },
  { name: 'DEFINE_RAW_SPINLOCK', code: fn('\tstatic DEFINE_RAW_SPINLOCK(l);'), want: [`${FSL}@3`] },
  { name: 'DEFINE_RWLOCK', code: fn('\tstatic DEFINE_RWLOCK(l);'), want: [`${FSL}@3`] },
  { name: 'DEFINE_MUTEX', code: fn('\tstatic DEFINE_MUTEX(m);'), want: [`${FSL}@3`] },
  { name: 'DEFINE_SEMAPHORE', code: fn('\tstatic DEFINE_SEMAPHORE(s);'), want: [`${FSL}@3`] },
  { name: 'DECLARE_RWSEM', code: fn('\tstatic DECLARE_RWSEM(s);'), want: [`${FSL}@3`] },
  { name: 'DEFINE_SEQLOCK', code: fn('\tstatic DEFINE_SEQLOCK(s);'), want: [`${FSL}@3`] },
  {
    name: 'static spinlock_t with initialiser',
    code: fn('\tstatic spinlock_t l = __SPIN_LOCK_UNLOCKED(l);'),
    want: [`${FSL}@3`],
  },
  { name: 'static raw_spinlock_t', code: fn('\tstatic raw_spinlock_t l;'), want: [`${FSL}@3`] },
  { name: 'static rwlock_t', code: fn('\tstatic rwlock_t l;'), want: [`${FSL}@3`] },
  { name: 'static struct mutex', code: fn('\tstatic struct mutex m;'), want: [`${FSL}@3`] },
  { name: 'static struct semaphore', code: fn('\tstatic struct semaphore s;'), want: [`${FSL}@3`] },
  { name: 'static struct rw_semaphore', code: fn('\tstatic struct rw_semaphore s;'), want: [`${FSL}@3`] },
  { name: 'static seqlock_t', code: fn('\tstatic seqlock_t s;'), want: [`${FSL}@3`] },
  { name: 'array of locks', code: fn('\tstatic spinlock_t locks[4];'), want: [`${FSL}@3`] },
  {
    name: 'nested block',
    code: fn('\tif (d) {\n\t\twhile (1) {\n\t\t\tstatic DEFINE_MUTEX(m);\n\t\t}\n\t}'),
    want: [`${FSL}@5`],
  },
  {
    name: 'inside #ifdef branch',
    code: fn('#ifdef CONFIG_SMP\n\tstatic DEFINE_SPINLOCK(l);\n#endif'),
    want: [`${FSL}@4`],
  },
  {
    name: 'inside #else of #if 0',
    code: fn('#if 0\n\tint unused;\n#else\n\tstatic DEFINE_SPINLOCK(l);\n#endif'),
    want: [`${FSL}@6`],
  },
  {
    name: 'attribute between static and the lock',
    code: fn('\tstatic __maybe_unused DEFINE_SPINLOCK(l);'),
    want: [`${FSL}@3`],
  },
  {
    name: 'comment between static and the type',
    code: fn('\tstatic /* one; for all */ spinlock_t l;'),
    want: [`${FSL}@3`],
  },
  { name: 'declaration split over lines', code: fn('\tstatic\n\t\tDEFINE_MUTEX(m);'), want: [`${FSL}@3`] },
  {
    name: 'qualifier ending the line before the lock',
    code: fn('\tstatic __cacheline_aligned_in_smp\n\t\tDEFINE_SPINLOCK(l);'),
    want: [`${FSL}@3`],
  },
  {
    name: 'comment ending the line before the type',
    code: fn('\tstatic /* shared by all */\n\t\tspinlock_t l;'),
    want: [`${FSL}@3`],
  },
  {
    name: 'attribute group split over lines',
    code: fn('\tstatic __attribute__((aligned(sizeof(long))))\n\t\traw_spinlock_t l;'),
    want: [`${FSL}@3`],
  },
  {
    name: "attribute group, struct and a one-line comment on the lock's line",
    code: fn('\tstatic __aligned(64) /* hot */ struct mutex m;'),
    want: [`${FSL}@3`],
  },
  {
    name: 'static function taking a lock pointer',
    code: 'static int take(struct mutex *m, spinlock_t *l)\n{\n\treturn 0;\n}\n',
    want: [],
  },
  {
    name: 'const and an upper-case macro before the type',
    code: fn('\tstatic volatile SOME_SECTION struct\n\t\tmutex m;'),
    want: [`${FSL}@3`],
  },
  {
    name: 'macro body continued between static and the lock',
    code: '#define LOCAL_LOCK(n) static \\\n\tDEFINE_MUTEX(n)\nvoid f(void)\n{\n\tLOCAL_LOCK(m);\n}\n',
    want: [`${FSL}@1`],
  },
  {
    name: 'function head with annotation',
    code: fn('\tstatic DEFINE_SPINLOCK(l);', 'static void f(struct dev *d) __acquires(x)'),
    want: [`${FSL}@3`],
  },
  {
    name: 'function head split by #ifdef',
    code: '#ifdef A\nstatic void f(int a)\n{\n#else\nstatic void f(void)\n{\n#endif\n\tstatic DEFINE_MUTEX(m);\n}\n',
    want: [`${FSL}@8`],
  },
  {
    name: 'function after an #if/#else with initialisers',
    code: '#if A\nstatic int t[] = { 1 };\n#else\n#define t NULL\n#endif\nstatic int g(void)\n{\n\tstatic DEFINE_SPINLOCK(l);\n\treturn 0;\n}\n',
    want: [`${FSL}@8`],
  },
  { name: 'two declarators reported once', code: fn('\tstatic spinlock_t a, b;'), want: [`${FSL}@3`] },
  {
    name: 'SYSCALL_DEFINE-style function',
    code: 'SYSCALL_DEFINE1(foo, int, x)\n{\n\tstatic DEFINE_MUTEX(m);\n\treturn 0;\n}\n',
    want: [`${FSL}@3`],
  },
  {
    name: 'macro with braces expands at block scope',
    code: '#define ONCE(x) do { \\\n\tstatic DEFINE_SPINLOCK(once_lock); \\\n\tx; \\\n} while (0)\n',
    want: [`${FSL}@2`],
  },
  {
    name: 'macro without braces used in a function',
    code: '#define LOCAL_LOCK(n) static DEFINE_MUTEX(n)\nvoid f(void)\n{\n\tLOCAL_LOCK(m);\n}\n',
    want: [`${FSL}@1`],
  },
  // function-static-lock: classes (what the critical sections write decides)
  {
    name: 'netback shape: netbk->dealloc_ring/dealloc_prod under a function-static lock',
    cls: ['per-instance xen_netbk'],
    want: [`${FSL}@3`],
    code: 'static void netif_idx_release(struct xen_netbk *netbk, u16 pending_idx)\n{\n\tstatic DEFINE_SPINLOCK(_lock);\n\tunsigned long flags;\n\n\tspin_lock_irqsave(&_lock, flags);\n\tnetbk->dealloc_ring[pending_index(netbk->dealloc_prod)] = pending_idx;\n\tsmp_wmb();\n\tnetbk->dealloc_prod++;\n\tspin_unlock_irqrestore(&_lock, flags);\n}\n',
  },
  {
    name: 'a lock guarding a function-static buffer',
    cls: ['global tmp_mask'],
    want: [`${FSL}@3`],
    code: 'static int set_affinity(struct irq_data *data, const struct cpumask *mask)\n{\n\tstatic DEFINE_RAW_SPINLOCK(tmp_mask_lock);\n\tstatic struct cpumask tmp_mask;\n\tint ret;\n\n\traw_spin_lock(&tmp_mask_lock);\n\tcpumask_and(&tmp_mask, mask, cpu_online_mask);\n\tret = data->chip->irq_set_affinity(data, &tmp_mask, false);\n\traw_spin_unlock(&tmp_mask_lock);\n\treturn ret;\n}\n',
  },
  {
    name: 'a lock serialising a hardware register',
    cls: ['global writel_relaxed'],
    want: [`${FSL}@3`],
    code: 'static void rmw_writeb(u8 bval, void __iomem *addr)\n{\n\tstatic DEFINE_RAW_SPINLOCK(rmw_lock);\n\tunsigned long offset = (unsigned long)addr & 3UL;\n\tunsigned long flags;\n\tu32 val;\n\n\traw_spin_lock_irqsave(&rmw_lock, flags);\n\taddr -= offset;\n\tval = readl_relaxed(addr);\n\tval |= bval << (offset * 8);\n\twritel_relaxed(val, addr);\n\traw_spin_unlock_irqrestore(&rmw_lock, flags);\n}\n',
  },
  {
    name: 'a section entered past several early unlock-and-return paths and a goto',
    cls: ['per-instance my_queue'],
    want: [`${FSL}@3`],
    code: 'static int queue_put(struct my_queue *q, int v)\n{\n\tstatic DEFINE_MUTEX(m);\n\n\tmutex_lock(&m);\n\tif (!v) {\n\t\tmutex_unlock(&m);\n\t\treturn -EINVAL;\n\t}\n\tif (v > 10) {\n\t\tmutex_unlock(&m);\n\t\treturn -ERANGE;\n\t}\n\tif (v < 0)\n\t\tgoto out;\n\tq->items[q->head++] = v;\nout:\n\tmutex_unlock(&m);\n\treturn 0;\n}\n',
  },
  {
    name: 'instance state written after the unlock is outside the section',
    cls: ['global total'],
    want: [`${FSL}@3`],
    code: 'static void stats_add(struct dev *d, int n)\n{\n\tstatic DEFINE_SPINLOCK(l);\n\tstatic unsigned long total;\n\n\tspin_lock(&l);\n\ttotal += n;\n\tspin_unlock(&l);\n\td->count += n;\n}\n',
  },
  {
    name: 'mixed: a ring slot of the instance and a function-static sequence number',
    cls: ['both ring'],
    want: [`${FSL}@3`],
    code: 'static void ring_log(struct ring *r, int v)\n{\n\tstatic DEFINE_SPINLOCK(l);\n\tstatic unsigned int seq;\n\n\tspin_lock(&l);\n\tr->slot[r->prod++] = v;\n\tseq++;\n\tspin_unlock(&l);\n}\n',
  },
  {
    name: 'guard(spinlock) holds to the end of its block',
    cls: ['per-instance my_dev'],
    want: [`${FSL}@3`],
    code: 'static void dev_bump(struct my_dev *dev)\n{\n\tstatic DEFINE_SPINLOCK(l);\n\n\tguard(spinlock)(&l);\n\tdev->events++;\n}\n',
  },
  {
    name: 'scoped_guard(mutex) around a static buffer',
    cls: ['global buf'],
    want: [`${FSL}@3`],
    code: 'static int fmt(struct dev *d, char *out)\n{\n\tstatic DEFINE_MUTEX(m);\n\tstatic char buf[64];\n\n\tscoped_guard(mutex, &m) {\n\t\tsnprintf(buf, sizeof(buf), "%d", d->id);\n\t\tstrcpy(out, buf);\n\t}\n\td->done = 1;\n\treturn 0;\n}\n',
  },
  {
    name: 'a pointer derived from a parameter (netdev_priv)',
    cls: ['per-instance my_priv'],
    want: [`${FSL}@4`],
    code: 'static void tx_done(struct net_device *dev)\n{\n\tstruct my_priv *priv = netdev_priv(dev);\n\tstatic DEFINE_SPINLOCK(l);\n\n\tspin_lock_bh(&l);\n\tpriv->tx_done++;\n\tspin_unlock_bh(&l);\n}\n',
  },
  {
    name: 'a void * slot reserved in the instance: the fix names the instance struct',
    cls: ['per-instance mt_dev'],
    want: [`${FSL}@3`],
    code: 'static void write_log(struct mt_dev *dev, const void *data, int len)\n{\n\tstatic DEFINE_SPINLOCK(lock);\n\tunsigned long flags;\n\tvoid *dest;\n\n\tspin_lock_irqsave(&lock, flags);\n\tdest = relay_reserve(dev->relay_log, len);\n\tif (dest)\n\t\tmemcpy(dest, data, len);\n\tspin_unlock_irqrestore(&lock, flags);\n}\n',
  },
  {
    name: 'container_of(param, struct T, member)->field',
    cls: ['per-instance my_dev'],
    want: [`${FSL}@3`],
    code: 'static void work_fn(struct work_struct *w)\n{\n\tstatic DEFINE_MUTEX(m);\n\n\tmutex_lock(&m);\n\tcontainer_of(w, struct my_dev, work)->runs++;\n\tmutex_unlock(&m);\n}\n',
  },
  {
    name: 'old-style (K&R) parameter declarations between ) and {',
    cls: ['per-instance xen_netbk'],
    want: [`${FSL}@7`],
    code: 'static int\nnetif_release(netbk, idx)\n\tstruct xen_netbk *netbk;\n\tint idx;\n{\n\tint r = 0;\n\tstatic DEFINE_SPINLOCK(_lock);\n\n\tspin_lock(&_lock);\n\tnetbk->dealloc_ring[idx] = 1;\n\tspin_unlock(&_lock);\n\treturn r;\n}\n',
  },
  {
    name: 'attributes and macros in the head',
    cls: ['per-instance my_dev'],
    want: [`${FSL}@4`],
    code: 'asmlinkage __visible void notrace __irq_entry __attribute__((cold))\ndo_irq(struct my_dev *dev) __acquires(x) __must_hold(&y)\n{\n\tstatic DEFINE_RAW_SPINLOCK(l);\n\n\traw_spin_lock(&l);\n\tdev->irqs++;\n\traw_spin_unlock(&l);\n}\n',
  },
  {
    name: 'a sysctl handler: the ctl_table is global data',
    cls: ['global table'],
    want: [`${FSL}@3`],
    code: 'static int knob_handler(struct ctl_table *table, int write, void *buffer, size_t *lenp, loff_t *ppos)\n{\n\tstatic DEFINE_MUTEX(m);\n\tint ret;\n\n\tmutex_lock(&m);\n\tret = proc_dointvec(table, write, buffer, lenp, ppos);\n\tif (!ret && write)\n\t\tknob_apply(table->data);\n\tmutex_unlock(&m);\n\treturn ret;\n}\n',
  },
  {
    name: 'a lock serialising a firmware call, no data',
    cls: ['global'],
    want: [`${FSL}@3`],
    code: 'static int fw_query(int code)\n{\n\tstatic DEFINE_SPINLOCK(fw_lock);\n\tint ret;\n\n\tspin_lock(&fw_lock);\n\tret = firmware_call(code);\n\tspin_unlock(&fw_lock);\n\treturn ret;\n}\n',
  },
  {
    name: 'trylock with an early return',
    cls: ['global line'],
    want: [`${FSL}@3`],
    code: 'static void try_dump(struct dev *d)\n{\n\tstatic DEFINE_SPINLOCK(l);\n\tstatic char line[80];\n\n\tif (!spin_trylock(&l))\n\t\treturn;\n\tline[0] = d->id;\n\tspin_unlock(&l);\n}\n',
  },
  {
    name: 'if (spin_trylock()) { ... unlock } holds for that block only',
    cls: ['global total'],
    want: [`${FSL}@3`],
    code: 'static void try_count(struct dev *d)\n{\n\tstatic DEFINE_SPINLOCK(l);\n\tstatic unsigned long total;\n\n\tif (spin_trylock(&l)) {\n\t\ttotal++;\n\t\tspin_unlock(&l);\n\t}\n\td->tries++;\n}\n',
  },
  {
    name: 'the lock handed to a helper: undecided',
    cls: ['undecided'],
    want: [`${FSL}@3`],
    code: 'static void grab(struct chan *c)\n{\n\tstatic DEFINE_SPINLOCK(l);\n\n\ttake_desc(c, &l);\n}\n',
  },
  {
    name: 'an instance pointer handed to a helper only: undecided',
    cls: ['undecided'],
    want: [`${FSL}@4`],
    code: 'static int port_store(struct device *dev, struct device_attribute *attr, const char *buf, size_t n)\n{\n\tstruct port_info *info = container_of(attr, struct port_info, attr);\n\tstatic DEFINE_MUTEX(m);\n\tint err;\n\n\tmutex_lock(&m);\n\terr = do_port_thing(info, buf);\n\tmutex_unlock(&m);\n\treturn err;\n}\n',
  },
  {
    name: 'a helper named for changing the instance it is handed',
    cls: ['per-instance port_info'],
    want: [`${FSL}@4`],
    code: 'static int port_store(struct device *dev, struct device_attribute *attr, const char *buf, size_t n)\n{\n\tstruct port_info *info = container_of(attr, struct port_info, attr);\n\tstatic DEFINE_MUTEX(m);\n\n\tmutex_lock(&m);\n\t__set_port_type(info, buf[0]);\n\tmutex_unlock(&m);\n\treturn n;\n}\n',
  },
  {
    name: 'a result stored whole through an output parameter is not instance state',
    cls: ['global snap'],
    want: [`${FSL}@3`],
    code: 'static void read_stats(struct stats *out)\n{\n\tstatic DEFINE_SPINLOCK(l);\n\tstatic struct stats snap;\n\n\tspin_lock(&l);\n\tsnap.reads++;\n\t*out = snap;\n\tspin_unlock(&l);\n}\n',
  },
  {
    name: 'write_lock on an rwlock',
    cls: ['per-instance dev'],
    want: [`${FSL}@3`],
    code: fn('\tstatic DEFINE_RWLOCK(l);\n\n\twrite_lock(&l);\n\td->x = 1;\n\twrite_unlock(&l);'),
  },
  {
    name: 'down()/up() on a semaphore around a file-scope table',
    cls: ['global tbl'],
    want: [`${FSL}@4`],
    code: 'static int tbl[8];\n' + fn('\tstatic DEFINE_SEMAPHORE(s);\n\n\tdown(&s);\n\ttbl[d->n] = 1;\n\tup(&s);'),
  },
  {
    name: 'no critical section at all: undecided',
    cls: ['undecided'],
    want: [`${FSL}@3`],
    code: fn('\tstatic DEFINE_SPINLOCK(l);'),
  },
  {
    name: 'suppressed on the line above',
    code: fn('\t/* netback-policy: ignore function-static-lock */\n\tstatic DEFINE_SPINLOCK(l);'),
    want: [],
  },
  {
    name: 'suppressed on the same line',
    code: fn('\tstatic DEFINE_SPINLOCK(l); // netback-policy: ignore function-static-lock'),
    want: [],
  },
  {
    name: 'suppression of another rule does not hide it',
    code: fn('\t/* netback-policy: ignore debug-enabled-in-source */\n\tstatic DEFINE_SPINLOCK(l);'),
    want: [`${FSL}@4`],
  },

  // function-static-lock: negatives
  { name: 'file-scope DEFINE_SPINLOCK', code: 'static DEFINE_SPINLOCK(l);\n' + fn('\tspin_lock(&l);'), want: [] },
  { name: 'file-scope static struct mutex', code: 'static struct mutex m;\nstatic spinlock_t a, b;\n', want: [] },
  { name: 'struct member', code: 'struct s {\n\tspinlock_t lock;\n\tstruct mutex m;\n};\n', want: [] },
  { name: 'automatic lock in a function', code: fn('\tspinlock_t l;\n\tDEFINE_MUTEX(m);'), want: [] },
  { name: 'extern declaration in a function', code: fn('\textern spinlock_t l;'), want: [] },
  { name: 'static pointer to a lock', code: fn('\tstatic spinlock_t *lp;\n\tstatic struct mutex *mp;'), want: [] },
  { name: 'lock in a comment', code: fn('\t/* static DEFINE_SPINLOCK(l); */\n\t// static struct mutex m;'), want: [] },
  { name: 'lock in a string', code: fn('\tpr_info("static DEFINE_SPINLOCK(l);");'), want: [] },
  { name: 'lock in #if 0', code: fn('#if 0\n\tstatic DEFINE_SPINLOCK(l);\n#endif'), want: [] },
  {
    name: 'lock in #else of #if 1',
    code: fn('#if 1\n\tint x;\n#else\n\tstatic DEFINE_SPINLOCK(l);\n#endif'),
    want: [],
  },
  {
    name: 'static in a parameter list',
    code: 'static void f(spinlock_t *l);\nstatic int g(struct mutex *m) { return sizeof(spinlock_t); }\n',
    want: [],
  },
  {
    name: 'file-scope initialiser with a function pointer',
    code: 'static struct ops o = {\n\t.f = f,\n};\nstatic DEFINE_MUTEX(m);\n',
    want: [],
  },
  {
    name: 'file-scope macro with braces',
    code: '#define DECL_LOCK(n) static DEFINE_SPINLOCK(n)\nDECL_LOCK(a);\n',
    want: [],
  },
  {
    name: 'return type ending the line, lock in the parameters',
    code: 'static int\nlock_helper(spinlock_t *l, struct mutex *m)\n{\n\treturn 0;\n}\n',
    want: [],
  },
  {
    name: 'a type name between static and the lock is not a declaration of one',
    code: fn('\tstatic int spinlock_t;'),
    want: [],
  },
  {
    name: 'preprocessor line between static and the lock (not followed: stated in limits)',
    code: fn('\tstatic\n#ifdef CONFIG_SMP\n\t__cacheline_aligned\n#endif\n\tDEFINE_SPINLOCK(l);'),
    want: [],
  },
  {
    name: 'many statics and nested groups do not blow the candidate regex up',
    code:
      '#define A static INLINE_KW FORCE_ATTR\n' +
      '#define B static __attribute__((__noinline__)) (x) (y) ((z))\n'.repeat(200) +
      'static DEFINE_MUTEX(m);\n',
    want: [],
  },
  { name: 'typedef of a lock type', code: fn('\ttypedef spinlock_t my_lock_t;'), want: [] },
  {
    name: 'static function returning a lock pointer',
    code: 'static spinlock_t *lock_of(struct dev *d)\n{\n\treturn &d->lock;\n}\n',
    want: [],
  },

  // function-static-lock: more hand-written rows (issue 21: the oracle independent of the rule)
  {
    name: 'two locks on two lines of one function',
    code: fn('\tstatic DEFINE_MUTEX(a);\n\tstatic spinlock_t b;'),
    want: [`${FSL}@3`, `${FSL}@4`],
  },
  {
    name: 'a lock in each of two functions',
    code: fn('\tstatic DEFINE_MUTEX(a);') + fn('\tstatic DEFINE_MUTEX(b);', 'int g(void)'),
    want: [`${FSL}@3`, `${FSL}@7`],
  },
  {
    name: 'file-scope lock, then one in a function',
    code: 'static DEFINE_MUTEX(a);\n' + fn('\tstatic DEFINE_MUTEX(b);'),
    want: [`${FSL}@4`],
  },
  { name: 'brace on the head line', code: 'void f(void) {\n\tstatic DEFINE_MUTEX(m);\n}\n', want: [`${FSL}@2`] },
  {
    name: 'CRLF line ends',
    code: 'void f(void)\r\n{\r\n\tint x;\r\n\tstatic DEFINE_MUTEX(m);\r\n}\r\n',
    want: [`${FSL}@4`],
  },
  {
    name: 'after a local struct initialiser',
    code: fn('\tstruct pair p = { 1, 2 };\n\tstatic DEFINE_SPINLOCK(l);'),
    want: [`${FSL}@4`],
  },
  {
    name: 'in a case block of a switch',
    code: fn('\tswitch (d->x) {\n\tcase 1: {\n\t\tstatic DEFINE_SPINLOCK(l);\n\t\tbreak;\n\t}\n\t}'),
    want: [`${FSL}@5`],
  },
  { name: 'lock after the function closed', code: fn('\tint x;') + 'static DEFINE_MUTEX(m);\n', want: [] },
  {
    name: 'brace in a dead #if 0 before a file-scope lock',
    code: '#if 0\nvoid f(void) {\n#endif\nstatic DEFINE_MUTEX(m);\n',
    want: [],
  },
  { name: 'static_assert naming a lock type', code: fn('\tstatic_assert(sizeof(spinlock_t) > 0);'), want: [] },
  {
    name: 'static local of another struct type',
    code: fn('\tstatic struct mutex_waiter w;\n\tstatic struct semaphore_ops o;'),
    want: [],
  },

  // lock-held-across-grant-copy
  {
    name: 'grant copy under spin_lock_irqsave',
    code: fn(
      '\tspin_lock_irqsave(&d->lock, flags);\n\tgnttab_batch_copy(d->copy_ops, n);\n\tspin_unlock_irqrestore(&d->lock, flags);',
    ),
    want: [`${GNT}@4`],
  },
  {
    name: 'hypercall under spin_lock',
    code: fn('\tspin_lock(&q->lock);\n\tHYPERVISOR_grant_table_op(GNTTABOP_copy, op, n);\n\tspin_unlock(&q->lock);'),
    want: [`${GNT}@4`],
  },
  {
    name: 'map refs under raw spinlock',
    code: fn('\traw_spin_lock(&l);\n\tgnttab_map_refs(ops, NULL, pages, n);\n\traw_spin_unlock(&l);'),
    want: [`${GNT}@4`],
  },
  {
    name: 'lock released before the copy',
    code: fn('\tspin_lock(&q->lock);\n\tprepare(q);\n\tspin_unlock(&q->lock);\n\tgnttab_batch_copy(ops, n);'),
    want: [],
  },
  {
    name: 'unlock on an error path does not release the main path',
    code: fn(
      '\tspin_lock(&q->lock);\n\tif (err) {\n\t\tspin_unlock(&q->lock);\n\t\treturn;\n\t}\n\tgnttab_batch_copy(ops, n);\n\tspin_unlock(&q->lock);',
    ),
    want: [`${GNT}@8`],
  },
  {
    name: 'different lock released',
    code: fn('\tspin_lock(&a);\n\tspin_unlock(&b);\n\tgnttab_batch_copy(ops, n);\n\tspin_unlock(&a);'),
    want: [`${GNT}@5`],
  },
  { name: 'grant copy without a lock', code: fn('\tgnttab_batch_copy(ops, n);'), want: [] },
  {
    name: 'lock in another function',
    code: fn('\tspin_lock(&l);') + fn('\tgnttab_batch_copy(ops, n);', 'static void g(void)'),
    want: [],
  },
  {
    name: 'grant copy in a comment under the lock',
    code: fn('\tspin_lock(&l);\n\t/* gnttab_batch_copy(ops, n); */\n\tspin_unlock(&l);'),
    want: [],
  },
  // ... across calls in dom0 code (the helpers are 4 lines each, the locking function follows)
  {
    name: 'dom0: lock held across a helper that copies (two calls)',
    code: helper('flush', COPY) + fn(locked('flush(d->q);')),
    want: [`${GNT}@8`],
  },
  {
    name: 'dom0: mutex held across three calls to a map',
    code:
      helper('map_one', '\tgnttab_map_refs(q->map, NULL, q->pages, 1);') +
      helper('map_all', '\tmap_one(q);') +
      fn('\tmutex_lock(&d->m);\n\tmap_all(d->q);\n\tmutex_unlock(&d->m);'),
    want: [`${GNT}@12`],
  },
  {
    name: 'dom0: map hypercall in a helper under a read lock',
    code:
      helper('map', '\tHYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, q->map, 1);') +
      fn('\tread_lock(&d->rw);\n\tmap(d->q);\n\tread_unlock(&d->rw);'),
    want: [`${GNT}@8`],
  },
  {
    name: 'dom0: released before the call',
    code: helper('flush', COPY) + fn('\tspin_lock(&d->lock);\n\tprepare(d);\n\tspin_unlock(&d->lock);\n\tflush(d->q);'),
    want: [],
  },
  {
    name: 'dom0: released on both branches and a goto before the call',
    code:
      helper('flush', COPY) +
      fn(
        '\tspin_lock(&d->lock);\n\tif (d->err) {\n\t\tspin_unlock(&d->lock);\n\t\tgoto out;\n\t} else {\n\t\tspin_unlock(&d->lock);\n\t}\n\tflush(d->q);\nout:\n\treturn;',
      ),
    want: [],
  },
  {
    name: 'dom0: released in every case of a switch, one returning',
    code:
      helper('flush', COPY) +
      fn(
        '\tspin_lock(&d->lock);\n\tswitch (d->state) {\n\tcase 1:\n\t\tspin_unlock(&d->lock);\n\t\treturn;\n\tdefault:\n\t\tspin_unlock(&d->lock);\n\t\tbreak;\n\t}\n\tflush(d->q);',
      ),
    want: [],
  },
  {
    name: 'dom0: released on one branch only',
    code:
      helper('flush', COPY) + fn('\tspin_lock(&d->lock);\n\tif (d->fast)\n\t\tspin_unlock(&d->lock);\n\tflush(d->q);'),
    want: [`${GNT}@10`],
  },
  {
    name: 'dom0: released before the only break of an endless loop',
    code:
      helper('flush', COPY) +
      fn(
        '\tspin_lock(&d->lock);\n\tfor (;;) {\n\t\tif (d->done) {\n\t\t\tspin_unlock(&d->lock);\n\t\t\tbreak;\n\t\t}\n\t\td->n++;\n\t}\n\tflush(d->q);',
      ),
    want: [],
  },
  {
    name: 'dom0: a loop that may not run keeps the lock held after it',
    code:
      helper('flush', COPY) +
      fn('\tspin_lock(&d->lock);\n\twhile (d->n) {\n\t\tspin_unlock(&d->lock);\n\t\tbreak;\n\t}\n\tflush(d->q);'),
    want: [`${GNT}@12`],
  },
  {
    name: 'dom0: goto to an unlock label, copy after it',
    code:
      helper('flush', COPY) +
      fn(
        '\tspin_lock(&d->lock);\n\tif (d->err)\n\t\tgoto unlock;\n\td->n++;\nunlock:\n\tspin_unlock(&d->lock);\n\tflush(d->q);',
      ),
    want: [],
  },
  {
    name: 'dom0: the callee locks a different object, the copy outside it',
    code:
      helper('flush', '\tspin_lock(&q->tx_lock);\n\tq->n = 0;\n\tspin_unlock(&q->tx_lock);\n\t' + COPY.trim()) +
      fn(locked('d->busy = 1;')) +
      fn('\tflush(d->q);', 'static void g(struct dev *d)'),
    want: [],
  },
  {
    name: "dom0: a helper that drops its caller's lock around the copy",
    code:
      helper('flush', '\tspin_unlock(&q->lock);\n\t' + COPY.trim() + '\n\tspin_lock(&q->lock);') +
      fn(locked('flush(d->q);')),
    want: [],
  },
  {
    name: "dom0: a helper that drops a mutex still copies under its caller's spinlock",
    code:
      helper('flush', '\tmutex_unlock(&q->m);\n\t' + COPY.trim() + '\n\tmutex_lock(&q->m);') +
      fn(locked('flush(d->q);')),
    want: [`${GNT}@10`],
  },
  {
    name: 'dom0: a chain through four functions is followed',
    code: chain(4) + fn(locked('c1(d->q);')),
    want: [`${GNT}@20`],
  },
  {
    name: 'dom0: a chain through five functions is past the depth limit',
    code: chain(5) + fn(locked('c1(d->q);')),
    want: [],
  },
  {
    name: 'dom0: a recursive helper that copies',
    code:
      helper('walk', '\tif (q->next)\n\t\twalk(q->next);\n\telse\n\t\tgnttab_batch_copy(q->ops, q->n);') +
      fn(locked('walk(d->q);')),
    want: [`${GNT}@11`],
  },
  {
    name: 'dom0: mutual recursion without a copy ends',
    code: helper('a', '\tb(q);') + helper('b', '\ta(q);') + helper('flush', COPY) + fn(locked('a(d->q);')),
    want: [],
  },
  {
    name: 'dom0: a call through a function pointer is not followed',
    code: helper('flush', COPY) + fn(locked('d->ops->flush(d->q);')),
    want: [],
  },
  {
    name: 'dom0: a cheap grant hypercall under a lock',
    code: fn(locked('HYPERVISOR_grant_table_op(GNTTABOP_query_size, &qs, 1);')),
    want: [],
  },
  {
    name: 'dom0: an iterator macro body is read as a loop',
    code:
      helper('flush', COPY) +
      fn(
        '\tspin_lock(&d->lock);\n\tlist_for_each_entry(q, &d->queues, list) {\n\t\tflush(q);\n\t}\n\tspin_unlock(&d->lock);',
      ),
    want: [`${GNT}@9`],
  },
  { name: 'hypervisor words in a dom0 file are not grant copies', code: XEN_GRANT_WORDS, want: [] },
  // ... and in the Xen hypervisor (by the file's place, or its includes)
  {
    name: 'Xen: a page copy under the domain lock outside grant code is not a grant copy',
    code: XEN_WORDS,
    path: 'xen/arch/x86/mm.c',
    want: [],
  },
  {
    name: 'Xen: the same words in grant code are a grant copy under the domain lock',
    code: XEN_GRANT_WORDS,
    path: 'xen/arch/x86/mm.c',
    want: [`${GNT}@5`],
  },
  {
    name: 'Xen 3.0: LOCK_BIGLOCK in do_grant_table_op across gnttab_copy -> __gnttab_copy -> memcpy',
    code: XEN_BIGLOCK_ERA,
    path: 'xen/common/grant_table.c',
    want: [`${GNT}@100`],
  },
  {
    name: 'Xen 3.3: domain_lock across the copy, the grant-table spinlock released on every path',
    code: XEN_SPINLOCK_ERA,
    want: [`${GNT}@90`],
  },
  {
    name: 'Xen 4.7: per-CPU rwlock and active-entry locks, no lock across the copy',
    code: XEN_RWLOCK_ERA,
    path: 'xen/common/grant_table.c',
    want: [],
  },
  {
    name: 'Xen: a per-CPU read lock taken around gnttab_copy_buf',
    code: XEN_READ_LOCKED,
    path: 'xen/common/grant_table.c',
    want: [`${GNT}@${lineOf(XEN_READ_LOCKED, 'rc = gnttab_copy_buf')}`],
  },
  {
    name: "Xen: the grant table's spinlock held across a helper's memcpy",
    code: XEN_GT_SPIN,
    path: 'xen/common/grant_table.c',
    want: [`${GNT}@9`],
  },
  {
    name: 'Xen 4.19: copy_domain_page under a recursive spinlock (nrspin_lock)',
    code: fn(
      '\tnrspin_lock(&e->page_alloc_lock);\n\tcopy_domain_page(page_to_mfn(np), mfn);\n\tnrspin_unlock(&e->page_alloc_lock);\n\tcopy_domain_page(mfn, page_to_mfn(np));',
      'static void gnttab_transfer_one(struct domain *e)',
    ),
    path: 'xen/common/grant_table.c',
    want: [`${GNT}@4`],
  },
  {
    name: 'Xen: copy_domain_page under a page-allocation spinlock',
    code: fn(
      '\tspin_lock(&e->page_alloc_lock);\n\tcopy_domain_page(page_to_mfn(np), mfn);\n\tspin_unlock(&e->page_alloc_lock);',
      'static void gnttab_transfer_one(struct domain *e)',
    ),
    path: 'xen/common/grant_table.c',
    want: [`${GNT}@4`],
  },

  // debug-enabled-in-source
  { name: '#define DEBUG in a .c file', code: '#define DEBUG\n#include <linux/kernel.h>\n', want: [`${DBG}@1`] },
  { name: '#define VERBOSE_DEBUG', code: '#include <linux/device.h>\n#  define VERBOSE_DEBUG 1\n', want: [`${DBG}@2`] },
  { name: '#define DEBUG 0 still defines it', code: '#define DEBUG 0\n', want: [`${DBG}@1`] },
  { name: 'guarded by #ifdef CONFIG_..._DEBUG', code: '#ifdef CONFIG_FOO_DEBUG\n#define DEBUG\n#endif\n', want: [] },
  { name: 'in #if 0', code: '#if 0\n#define DEBUG\n#endif\n', want: [] },
  { name: 'commented out', code: '/* #define DEBUG */\n//#define DEBUG\n', want: [] },
  { name: 'DEBUG_LEVEL is another macro', code: '#define DEBUG_LEVEL 3\n#define DEBUG(x) pr_info(x)\n', want: [] },
  { name: 'undefined again', code: '#define DEBUG\n#include <linux/kernel.h>\n#undef DEBUG\n', want: [] },
  { name: 'headers are not judged', code: '#define DEBUG\n', path: 'include/foo.h', want: [] },
  {
    name: 'ccflags-y += -DDEBUG',
    code: 'obj-m += foo.o\nccflags-y += -DDEBUG\n',
    path: 'drivers/foo/Makefile',
    want: [`${DBG}@2`],
  },
  {
    name: 'CFLAGS_x.o := -DDEBUG',
    code: 'CFLAGS_bar.o := -Wall -DDEBUG\n',
    path: 'drivers/foo/Kbuild',
    want: [`${DBG}@1`],
  },
  {
    name: 'EXTRA_CFLAGS continued',
    code: 'EXTRA_CFLAGS += -Wall \\\n\t-DVERBOSE_DEBUG\n',
    path: 'drivers/foo/Makefile',
    want: [`${DBG}@2`],
  },
  {
    name: 'ccflags-$(CONFIG_X_DEBUG) is guarded',
    code: 'ccflags-$(CONFIG_FOO_DEBUG) += -DDEBUG\n',
    path: 'drivers/foo/Makefile',
    want: [],
  },
  {
    name: 'inside ifeq',
    code: 'ifeq ($(CONFIG_FOO_DEBUG),y)\nccflags-y += -DDEBUG\nendif\n',
    path: 'drivers/foo/Makefile',
    want: [],
  },
  {
    name: 'Makefile comment',
    code: '# ccflags-y += -DDEBUG\nccflags-y += -DDEBUG_FS\n',
    path: 'drivers/foo/Makefile',
    want: [],
  },
];

// Code before a case that exercises each lexer rule: braces in comments, strings and char
// literals, an escaped quote, a continued // comment, an unterminated string, a stray `}`,
// a directive with a brace, a plain #ifdef group.
export const PRELUDES = [
  '',
  '/* { */ // {\nstatic const char *s = "{\\"{";\nstatic char c = \'{\';\n',
  '// a comment \\\n continued { \nint x;\n',
  'static const char *bad = "unterminated {\nint y;\n',
  '}\nint z;\n',
  '#define OPEN {\n#ifdef CONFIG_X\nint w;\n#endif\n',
  // Branches: agreeing on depth (the last one's holds), disagreeing (the first one's holds),
  // nested, an #elif chain, a stray #endif.
  '#ifdef A\nvoid g(int a) {\n#else\nvoid g(void) {\n#endif\n\treturn;\n}\n',
  '#ifdef A\nstruct s {\n#else\n#endif\nint q;\n',
  '#if A\n#ifdef B\n{\n#endif\n#elif C\n{ {\n#else\n}\n#endif\n',
  '#endif\n#else\nint r;\n',
];

/** Every C case of the table behind every prelude: its text, a label for messages, a file name. */
export function cCasesBehind(
  preludes: readonly string[] = PRELUDES,
): Array<{ text: string; label: string; name: string }> {
  const out: Array<{ text: string; label: string; name: string }> = [];
  preludes.forEach((pre, i) =>
    CASES.forEach((c, k) => {
      if (!c.path)
        out.push({
          text: pre + c.code,
          label: `${JSON.stringify(pre.slice(0, 20))} + ${c.name}`,
          name: `t${i}-${k}.c`,
        });
    }),
  );
  return out;
}
