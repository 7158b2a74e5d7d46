/*
 * C fixtures for lock-held-across-grant-copy, written for these tests and shaped like each era
 * of Xen's grant-copy path (names as in xen/common/grant_table.c, where the rule anchors on
 * them; bodies reduced to the locking and copying) and like dom0 backends. Rows in table.ts.
 */

/** Xen 3.0: do_grant_table_op() holds the domain's big lock around the whole switch. */
export const XEN_BIGLOCK_ERA = `#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/domain_page.h>

#define PIN_FAIL(_lbl, _rc, _f, _a...)   \\
    do {                                 \\
        DPRINTK(_f, ## _a);              \\
        rc = (_rc);                      \\
        goto _lbl;                       \\
    } while ( 0 )

static int
__acquire_grant_for_copy(
    struct domain *rd, unsigned long gref, int readonly, unsigned long *frame)
{
    int rc = GNTST_okay;

    spin_lock(&rd->grant_table->lock);
    if ( gref >= NR_GRANT_ENTRIES )
        PIN_FAIL(unlock_out, GNTST_bad_gntref, "bad ref %lx\\n", gref);
    *frame = rd->grant_table->active[gref].frame;
    rd->grant_table->active[gref].pin += readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
 unlock_out:
    spin_unlock(&rd->grant_table->lock);
    return rc;
}

static void
__gnttab_copy(
    struct gnttab_copy *op)
{
    struct domain *sd, *dd;
    unsigned long s_frame, d_frame;
    char *sp, *dp;
    int rc = GNTST_okay;

    sd = find_domain_by_id(op->source.domid);
    dd = find_domain_by_id(op->dest.domid);
    if ( (sd == NULL) || (dd == NULL) )
        PIN_FAIL(error_out, GNTST_bad_domain, "no domain %d\\n", op->source.domid);

    rc = __acquire_grant_for_copy(sd, op->source.u.ref, 1, &s_frame);
    if ( rc != GNTST_okay )
        goto error_out;
    rc = __acquire_grant_for_copy(dd, op->dest.u.ref, 0, &d_frame);
    if ( rc != GNTST_okay )
        goto error_out;

    sp = map_domain_page(s_frame);
    dp = map_domain_page(d_frame);
    memcpy(dp + op->dest.offset, sp + op->source.offset, op->len);
    unmap_domain_page(dp);
    unmap_domain_page(sp);

 error_out:
    op->status = rc;
}

static long
gnttab_copy(
    struct gnttab_copy *uop, unsigned int count)
{
    unsigned int i;
    struct gnttab_copy op;

    for ( i = 0; i < count; i++ )
    {
        if ( copy_from_guest_offset(&op, uop, i, 1) )
            return -EFAULT;
        __gnttab_copy(&op);
        if ( copy_to_guest_offset(uop, i, &op, 1) )
            return -EFAULT;
    }
    return 0;
}

long
do_grant_table_op(
    unsigned int cmd, void *uop, unsigned int count)
{
    long rc;
    struct domain *d = current->domain;

    if ( count > 512 )
        return -EINVAL;

    LOCK_BIGLOCK(d);

    rc = -EFAULT;
    switch ( cmd )
    {
    case GNTTABOP_map_grant_ref:
        if ( !array_access_ok(uop, count, sizeof(gnttab_map_grant_ref_t)) )
            goto out;
        rc = gnttab_map_grant_ref(uop, count);
        break;
    case GNTTABOP_copy:
        if ( !array_access_ok(uop, count, sizeof(gnttab_copy_t)) )
            goto out;
        rc = gnttab_copy(uop, count);
        break;
    default:
        rc = -ENOSYS;
        break;
    }

 out:
    UNLOCK_BIGLOCK(d);
    return rc;
}
`;

/**
 * Xen 3.3-4.0: domain_lock(d) in do_grant_table_op(); the grant table's own spinlock is taken
 * in __acquire_grant_for_copy() and released on every path (early return, goto) before the copy.
 */
export const XEN_SPINLOCK_ERA = `#include <xen/lib.h>
#include <xen/sched.h>

static int
__acquire_grant_for_copy(
    struct domain *rd, unsigned long gref, int readonly, unsigned long *frame)
{
    struct grant_table *rgt = rd->grant_table;
    struct active_grant_entry *act;

    spin_lock(&rgt->lock);
    if ( unlikely(gref >= nr_grant_entries(rgt)) )
    {
        spin_unlock(&rgt->lock);
        return GNTST_bad_gntref;
    }
    act = &active_entry(rgt, gref);
    if ( act->pin && act->domid != current->domain->domain_id )
        goto unlock_out;
    act->pin += readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
    *frame = act->frame;
    spin_unlock(&rgt->lock);
    return GNTST_okay;

 unlock_out:
    spin_unlock(&rgt->lock);
    return GNTST_general_error;
}

static void
__gnttab_copy(
    struct gnttab_copy *op)
{
    unsigned long s_frame, d_frame;
    char *sp, *dp;

    if ( __acquire_grant_for_copy(op->sd, op->source.u.ref, 1, &s_frame) )
        return;
    if ( __acquire_grant_for_copy(op->dd, op->dest.u.ref, 0, &d_frame) )
        return;
    sp = map_domain_page(s_frame);
    dp = map_domain_page(d_frame);
    memcpy(dp + op->dest.offset, sp + op->source.offset, op->len);
    unmap_domain_page(dp);
    unmap_domain_page(sp);
}

static long
gnttab_copy(
    XEN_GUEST_HANDLE(gnttab_copy_t) uop, unsigned int count)
{
    unsigned int i;
    struct gnttab_copy op;

    for ( i = 0; i < count; i++ )
    {
        if ( unlikely(__copy_from_guest_offset(&op, uop, i, 1)) )
            return -EFAULT;
        __gnttab_copy(&op);
    }
    return 0;
}

static long
gnttab_setup_table(
    XEN_GUEST_HANDLE(gnttab_setup_table_t) uop, unsigned int count)
{
    return count == 1 ? 0 : -EINVAL;
}

long
do_grant_table_op(
    unsigned int cmd, XEN_GUEST_HANDLE(void) uop, unsigned int count)
{
    long rc;
    struct domain *d = current->domain;

    domain_lock(d);
    rc = -EFAULT;
    switch ( cmd )
    {
    case GNTTABOP_setup_table:
        rc = gnttab_setup_table(guest_handle_cast(uop, gnttab_setup_table_t), count);
        break;
    case GNTTABOP_copy:
    {
        XEN_GUEST_HANDLE(gnttab_copy_t) copy = guest_handle_cast(uop, gnttab_copy_t);
        if ( unlikely(!guest_handle_okay(copy, count)) )
            goto out;
        rc = gnttab_copy(copy, count);
        break;
    }
    default:
        rc = -ENOSYS;
        break;
    }
 out:
    domain_unlock(d);
    return rc;
}
`;

/**
 * Xen 4.7 on: a per-CPU rwlock behind grant_read_lock(), per-active-entry spinlocks, and the
 * copy (gnttab_copy_buf's memcpy between the buffers' mappings) made with no lock held.
 */
export const XEN_RWLOCK_ERA = `#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/domain_page.h>

#define PIN_FAIL(_lbl, _rc, _f, _a...)          \\
    do {                                        \\
        gdprintk(XENLOG_WARNING, _f, ## _a );   \\
        rc = (_rc);                             \\
        goto _lbl;                              \\
    } while ( 0 )

static DEFINE_PERCPU_RWLOCK_GLOBAL(grant_rwlock);

static inline void grant_read_lock(struct grant_table *gt)
{
    percpu_read_lock(grant_rwlock, &gt->lock);
}

static inline void grant_read_unlock(struct grant_table *gt)
{
    percpu_read_unlock(grant_rwlock, &gt->lock);
}

static inline struct active_grant_entry *
active_entry_acquire(struct grant_table *t, grant_ref_t e)
{
    struct active_grant_entry *act = &_active_entry(t, e);

    spin_lock(&act->lock);
    return act;
}

static inline void active_entry_release(struct active_grant_entry *act)
{
    spin_unlock(&act->lock);
}

static int
acquire_grant_for_copy(
    struct domain *rd, grant_ref_t gref, bool readonly, mfn_t *mfn)
{
    struct grant_table *rgt = rd->grant_table;
    struct active_grant_entry *act;
    int rc = GNTST_okay;

    grant_read_lock(rgt);
    if ( unlikely(gref >= nr_grant_entries(rgt)) )
        PIN_FAIL(gt_unlock_out, GNTST_bad_gntref, "Bad grant reference %#x\\n", gref);

    act = active_entry_acquire(rgt, gref);
    if ( act->pin && act->domid != current->domain->domain_id )
        PIN_FAIL(unlock_out, GNTST_general_error, "Bad domain\\n");
    act->pin += readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
    *mfn = act->mfn;

 unlock_out:
    active_entry_release(act);
 gt_unlock_out:
    grant_read_unlock(rgt);
    return rc;
}

struct gnttab_copy_buf {
    struct domain *domain;
    mfn_t mfn;
    void *virt;
};

static int gnttab_copy_claim_buf(const struct gnttab_copy *op, struct gnttab_copy_buf *buf, grant_ref_t ref)
{
    int rc = acquire_grant_for_copy(buf->domain, ref, false, &buf->mfn);

    if ( rc != GNTST_okay )
        return rc;
    buf->virt = map_domain_page(buf->mfn);
    return GNTST_okay;
}

static int gnttab_copy_buf(const struct gnttab_copy *op,
                           struct gnttab_copy_buf *dest,
                           const struct gnttab_copy_buf *src)
{
    memcpy(dest->virt + op->dest.offset, src->virt + op->source.offset, op->len);
    return GNTST_okay;
}

static int gnttab_copy_one(const struct gnttab_copy *op,
                           struct gnttab_copy_buf *dest,
                           struct gnttab_copy_buf *src)
{
    int rc = gnttab_copy_claim_buf(op, src, op->source.u.ref);

    if ( rc )
        return rc;
    rc = gnttab_copy_claim_buf(op, dest, op->dest.u.ref);
    if ( rc )
        return rc;
    return gnttab_copy_buf(op, dest, src);
}

static long gnttab_copy(XEN_GUEST_HANDLE_PARAM(gnttab_copy_t) uop, unsigned int count)
{
    unsigned int i;
    struct gnttab_copy op;
    struct gnttab_copy_buf src = {}, dest = {};

    for ( i = 0; i < count; i++ )
    {
        if ( unlikely(__copy_from_guest(&op, uop, 1)) )
            return -EFAULT;
        op.status = gnttab_copy_one(&op, &dest, &src);
        guest_handle_add_offset(uop, 1);
    }
    return 0;
}

static long gnttab_set_version(struct grant_table *gt, grant_entry_v1_t *reserved)
{
    grant_write_lock(gt);
    memcpy(reserved, &shared_entry_v1(gt, 0), 8 * sizeof(*reserved));
    grant_write_unlock(gt);
    return 0;
}

long do_grant_table_op(unsigned int cmd, XEN_GUEST_HANDLE_PARAM(void) uop, unsigned int count)
{
    long rc = -EFAULT;

    switch ( cmd )
    {
    case GNTTABOP_copy:
        rc = gnttab_copy(guest_handle_cast(uop, gnttab_copy_t), count);
        break;
    default:
        rc = -ENOSYS;
        break;
    }
    return rc;
}
`;
