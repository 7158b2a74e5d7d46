// SPDX-License-Identifier: GPL-2.0
/*
 * Test sample for netback-policy, not kernel code. It has what the
 * generated patches look for in the 2.6.32 pvops netback.c: the
 * netback_kthread parameter, xen_netbk_bh_handler(), netif_idx_release()
 * with its function-static lock, and netback_init() setting up one group
 * per online CPU in a loop. The data path around them is a toy that only
 * moves slot numbers, written for these tests.
 */

#include "common.h"

#include <linux/vmalloc.h>
#include <xen/events.h>
#include <xen/xen.h>

struct xen_netbk *xen_netbk;
int xen_netbk_group_nr;

static void net_tx_action(unsigned long data);
static void net_rx_action(unsigned long data);

/* Ring positions run freely; the ring size is a power of two. */
static inline pending_ring_idx_t pending_index(unsigned int i)
{
	return i % MAX_PENDING_REQS;
}

/* Transmit slots given out and not yet back. */
static inline pending_ring_idx_t nr_pending_reqs(struct xen_netbk *netbk)
{
	pending_ring_idx_t free = netbk->pending_prod - netbk->pending_cons;

	return MAX_PENDING_REQS - free;
}

static int MODPARM_netback_kthread;
module_param_named(netback_kthread, MODPARM_netback_kthread, bool, 0);
MODULE_PARM_DESC(netback_kthread, "Run group work in kernel threads, not tasklets");

/*
 * Wake whatever runs the group's work: its thread, or the tasklet for the
 * direction (non-zero @dir: towards the guest).
 */
static inline void xen_netbk_bh_handler(struct xen_netbk *netbk, int dir)
{
	struct tasklet_struct *t;

	if (MODPARM_netback_kthread) {
		wake_up(&netbk->kthread.netbk_action_wq);
		return;
	}
	t = dir ? &netbk->tasklet.net_rx_tasklet : &netbk->tasklet.net_tx_tasklet;
	tasklet_schedule(t);
}

void netif_schedule_work(struct xen_netif *netif)
{
	struct xen_netbk *netbk;

	if (netif->group < 0)
		return;
	netbk = &xen_netbk[netif->group];

	spin_lock_irq(&netbk->net_schedule_list_lock);
	if (list_empty(&netif->list) && netif_schedulable(netif)) {
		list_add_tail(&netif->list, &netbk->net_schedule_list);
		netif_get(netif);
	}
	spin_unlock_irq(&netbk->net_schedule_list_lock);

	xen_netbk_bh_handler(netbk, 0);
}

void netif_deschedule_work(struct xen_netif *netif)
{
	struct xen_netbk *netbk = &xen_netbk[netif->group];
	int queued;

	spin_lock_irq(&netbk->net_schedule_list_lock);
	queued = !list_empty(&netif->list);
	list_del_init(&netif->list);
	spin_unlock_irq(&netbk->net_schedule_list_lock);

	if (queued)
		netif_put(netif);
}

/* dom0 hands us a packet for the guest: queue it on the VIF's group. */
int netif_be_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct xen_netif *vif = netdev_priv(dev);

	if (vif->group < 0 || !netif_schedulable(vif)) {
		vif->stats.tx_dropped++;
		dev_kfree_skb(skb);
		return 0;
	}

	netif_get(vif);
	skb_queue_tail(&xen_netbk[vif->group].rx_queue, skb);
	xen_netbk_bh_handler(&xen_netbk[vif->group], 1);
	return 0;
}

static void net_rx_action(unsigned long data)
{
	struct xen_netbk *netbk = (void *)data;
	struct sk_buff *skb;

	for (skb = skb_dequeue(&netbk->rx_queue); skb;
	     skb = skb_dequeue(&netbk->rx_queue)) {
		struct xen_netif *vif = netdev_priv(skb->dev);

		vif->stats.tx_packets++;
		vif->stats.tx_bytes += skb->len;
		dev_kfree_skb(skb);
		netif_put(vif);
	}
}

/* Move every slot that came back onto the free ring. */
static void net_tx_action(unsigned long data)
{
	struct xen_netbk *netbk = (void *)data;
	pending_ring_idx_t end = netbk->dealloc_prod;

	/* Read the producer before the slots it covers. */
	smp_rmb();

	while (netbk->dealloc_cons != end) {
		u16 slot = netbk->dealloc_ring[pending_index(netbk->dealloc_cons)];

		netbk->pending_ring[pending_index(netbk->pending_prod)] = slot;
		netbk->pending_prod++;
		netbk->dealloc_cons++;
	}
}

/*
 * Give a transmit slot back. Runs wherever the page is freed, so it may
 * race with itself on other CPUs: the lock orders producers, the barrier
 * makes the slot visible before the new dealloc_prod.
 */
static void netif_idx_release(struct xen_netbk *netbk, u16 pending_idx)
{
	static DEFINE_SPINLOCK(_lock);
	unsigned long flags;

	spin_lock_irqsave(&_lock, flags);
	netbk->dealloc_ring[pending_index(netbk->dealloc_prod)] = pending_idx;
	smp_wmb();
	netbk->dealloc_prod++;
	spin_unlock_irqrestore(&_lock, flags);

	xen_netbk_bh_handler(netbk, 0);
}

/* Called when the stack frees a page we lent it: any CPU, any time. */
void netif_page_release(struct page *page, unsigned int group, u16 idx)
{
	netif_idx_release(&xen_netbk[group], idx);
}

irqreturn_t netif_be_int(int irq, void *dev_id)
{
	struct xen_netif *vif = dev_id;

	if (vif->group < 0)
		return IRQ_NONE;

	netif_schedule_work(vif);
	return IRQ_HANDLED;
}

static inline int rx_work_todo(struct xen_netbk *netbk)
{
	return skb_queue_empty(&netbk->rx_queue) == 0;
}

static inline int tx_work_todo(struct xen_netbk *netbk)
{
	int returned = netbk->dealloc_prod != netbk->dealloc_cons;
	int room = nr_pending_reqs(netbk) + MAX_SKB_FRAGS < MAX_PENDING_REQS;

	return returned || (room && !list_empty(&netbk->net_schedule_list));
}

/* A group's thread: sleep until there is work, do it, until stopped. */
static int netbk_action_thread(void *data)
{
	struct xen_netbk *netbk = data;

	for (;;) {
		wait_event_interruptible(netbk->kthread.netbk_action_wq,
					 kthread_should_stop() ||
					 rx_work_todo(netbk) ||
					 tx_work_todo(netbk));
		if (kthread_should_stop())
			return 0;

		if (rx_work_todo(netbk))
			net_rx_action((unsigned long)netbk);
		if (tx_work_todo(netbk))
			net_tx_action((unsigned long)netbk);
		cond_resched();
	}
}

static int __init netback_init(void)
{
	int group;
	int rc;
	int i;

	if (!xen_pv_domain())
		return -ENODEV;

	xen_netbk_group_nr = num_online_cpus();
	xen_netbk = vmalloc(xen_netbk_group_nr * sizeof(*xen_netbk));
	if (xen_netbk == NULL)
		return -ENOMEM;
	memset(xen_netbk, 0, xen_netbk_group_nr * sizeof(*xen_netbk));

	for (group = 0; group < xen_netbk_group_nr; group++) {
		struct xen_netbk *netbk = &xen_netbk[group];

		/* All slots start out free. */
		for (i = 0; i < MAX_PENDING_REQS; i++)
			netbk->pending_ring[i] = i;
		netbk->pending_prod = MAX_PENDING_REQS;
		netbk->pending_cons = 0;

		skb_queue_head_init(&netbk->rx_queue);
		INIT_LIST_HEAD(&netbk->net_schedule_list);
		spin_lock_init(&netbk->net_schedule_list_lock);
		atomic_set(&netbk->netfront_count, 0);

		if (MODPARM_netback_kthread) {
			init_waitqueue_head(&netbk->kthread.netbk_action_wq);
			netbk->kthread.task = kthread_create(netbk_action_thread,
							     netbk, "netback/%u",
							     group);
			if (IS_ERR(netbk->kthread.task)) {
				rc = PTR_ERR(netbk->kthread.task);
				pr_alert("netback: no thread for group %d\n", group);
				goto undo;
			}
			kthread_bind(netbk->kthread.task, group);
			wake_up_process(netbk->kthread.task);
		} else {
			tasklet_init(&netbk->tasklet.net_tx_tasklet,
				     net_tx_action, (unsigned long)netbk);
			tasklet_init(&netbk->tasklet.net_rx_tasklet,
				     net_rx_action, (unsigned long)netbk);
		}
	}

	rc = netif_xenbus_init();
	if (rc == 0)
		return 0;

undo:
	/* Stop the threads of the groups set up before the failure. */
	while (--group >= 0) {
		struct xen_netbk *netbk = &xen_netbk[group];

		if (MODPARM_netback_kthread)
			kthread_stop(netbk->kthread.task);
	}
	vfree(xen_netbk);
	return rc;
}

module_init(netback_init);

MODULE_DESCRIPTION("netback-policy test sample (not a driver)");
MODULE_LICENSE("GPL");
