// Coccinelle baseline for lint-source's function-static-lock rule (bench/lint-source.bench.mjs):
// a lock object declared static inside a function body. Every lock spelling is written out
// (no type metavariable), so spatch's own token prefilter skips files without one: a type
// metavariable makes it parse all 55k files (more than 6 minutes here instead of about 2).
// Run: spatch --sp-file bench/function-static-lock.cocci --dir <tree> --jobs 2 --very-quiet

@r@
declarer name DEFINE_SPINLOCK, DEFINE_RAW_SPINLOCK, DEFINE_RWLOCK, DEFINE_MUTEX, DEFINE_SEMAPHORE, DECLARE_RWSEM, DEFINE_SEQLOCK;
identifier fn, l;
position p;
@@
fn(...) {
<...
(
static DEFINE_SPINLOCK@p(l);
|
static DEFINE_RAW_SPINLOCK@p(l);
|
static DEFINE_RWLOCK@p(l);
|
static DEFINE_MUTEX@p(l);
|
static DEFINE_SEMAPHORE@p(l);
|
static DECLARE_RWSEM@p(l);
|
static DEFINE_SEQLOCK@p(l);
)
...>
}

@t@
identifier fn, l;
position p;
@@
fn(...) {
<...
(
static spinlock_t l@p;
|
static spinlock_t l@p = ...;
|
static spinlock_t l@p[...];
|
static raw_spinlock_t l@p;
|
static raw_spinlock_t l@p = ...;
|
static raw_spinlock_t l@p[...];
|
static rwlock_t l@p;
|
static rwlock_t l@p = ...;
|
static rwlock_t l@p[...];
|
static seqlock_t l@p;
|
static seqlock_t l@p = ...;
|
static seqlock_t l@p[...];
|
static struct mutex l@p;
|
static struct mutex l@p = ...;
|
static struct mutex l@p[...];
|
static struct semaphore l@p;
|
static struct semaphore l@p = ...;
|
static struct semaphore l@p[...];
|
static struct rw_semaphore l@p;
|
static struct rw_semaphore l@p = ...;
|
static struct rw_semaphore l@p[...];
)
...>
}

@script:python depends on r@
p << r.p;
l << r.l;
@@
print("%s:%s: %s" % (p[0].file, p[0].line, l))

@script:python depends on t@
p << t.p;
l << t.l;
@@
print("%s:%s: %s" % (p[0].file, p[0].line, l))
