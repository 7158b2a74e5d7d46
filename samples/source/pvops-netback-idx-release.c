/*
 * A small file shaped like drivers/xen/netback/netback.c of the 2.6.32 pvops kernel
 * (xen/stable-2.6.32.x), written for netback-policy's tests: the names the lint anchors on are
 * the real ones, the code around them is ours. It holds the seed's bug exactly once: the
 * function-static _lock in netif_idx_release(), shared by every netback group.
 *
 * Decoys that must NOT be reported: the file-scope lock, the lock in the group structure,
 * a lock named in a comment, a lock inside #if 0 and a pointer to a lock.
 */
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <xen/grant_table.h>

#define MAX_PENDING_REQS 256
typedef unsigned int pending_ring_idx_t;

struct xen_netbk {
	struct tasklet_struct net_tx_tasklet;
	spinlock_t net_schedule_list_lock;	/* per group: fine */
	pending_ring_idx_t dealloc_prod;
	pending_ring_idx_t dealloc_cons;
	u16 dealloc_ring[MAX_PENDING_REQS];
};

/* One lock for the whole module, declared where everybody can see it: not a finding. */
static DEFINE_SPINLOCK(netbk_groups_lock);

static inline pending_ring_idx_t pending_index(unsigned int i)
{
	return i & (MAX_PENDING_REQS - 1);
}

static void xen_netbk_kick(struct xen_netbk *netbk)
{
	/* "static DEFINE_SPINLOCK(kick_lock);" in a comment is not code. */
	spinlock_t *lockp = &netbk->net_schedule_list_lock;

	spin_lock(lockp);
	spin_unlock(lockp);
	tasklet_schedule(&netbk->net_tx_tasklet);
}

#if 0
static void netif_idx_release_old(u16 pending_idx)
{
	static DEFINE_SPINLOCK(_old_lock);
}
#endif

static void netif_idx_release(struct xen_netbk *netbk, u16 pending_idx)
{
	static DEFINE_SPINLOCK(_lock);
	unsigned long flags;
	pending_ring_idx_t index;

	spin_lock_irqsave(&_lock, flags);
	index = pending_index(netbk->dealloc_prod);
	netbk->dealloc_ring[index] = pending_idx;
	/* Publish the slot before the producer index moves. */
	smp_wmb();
	netbk->dealloc_prod++;
	spin_unlock_irqrestore(&_lock, flags);

	xen_netbk_kick(netbk);
}

static void netif_page_release(struct page *page, unsigned int order)
{
	struct xen_netbk *netbk = page_to_netbk(page);

	spin_lock(&netbk_groups_lock);
	spin_unlock(&netbk_groups_lock);
	netif_idx_release(netbk, page_to_pending_idx(page));
}
