/*
 * drivers/xen/netback/netback.c
 *
 * A netback-shaped sample written for netback-policy's tests: the names,
 * signatures and control flow of the 2.6.32 pvops driver's group, tasklet
 * and kthread handling, reduced to what the patches touch.
 *
 * This program is free software; you can redistribute it and/or
 * modify it under the terms of the GNU General Public License version 2.
 */

#include "common.h"

#include <linux/vmalloc.h>
#include <xen/events.h>
#include <xen/xen.h>

struct xen_netbk *xen_netbk;
int xen_netbk_group_nr;

static void netif_idx_release(struct xen_netbk *netbk, u16 pending_idx);
static void net_tx_action(unsigned long data);
static void net_rx_action(unsigned long data);

static inline pending_ring_idx_t pending_index(unsigned int i)
{
	return i & (MAX_PENDING_REQS - 1);
}

static inline pending_ring_idx_t nr_pending_reqs(struct xen_netbk *netbk)
{
	return MAX_PENDING_REQS - netbk->pending_prod + netbk->pending_cons;
}

/* Copy rather than map guest pages handed to the stack. */
static int MODPARM_copy_skb = 1;
module_param_named(copy_skb, MODPARM_copy_skb, bool, 0);
MODULE_PARM_DESC(copy_skb, "Copy data received from netfront");

static int MODPARM_netback_kthread;
module_param_named(netback_kthread, MODPARM_netback_kthread, bool, 0);
MODULE_PARM_DESC(netback_kthread, "Use kernel thread to replace tasklet");

/*
 * Kick a group's bottom half: its kthread, or the tasklet of the given
 * direction (rx: 1, tx: 0).
 */
static inline void xen_netbk_bh_handler(struct xen_netbk *netbk, int dir)
{
	if (MODPARM_netback_kthread)
		wake_up(&netbk->kthread.netbk_action_wq);
	else if (dir)
		tasklet_schedule(&netbk->tasklet.net_rx_tasklet);
	else
		tasklet_schedule(&netbk->tasklet.net_tx_tasklet);
}

static inline void maybe_schedule_tx_action(struct xen_netbk *netbk)
{
	smp_mb();
	if ((nr_pending_reqs(netbk) < (MAX_PENDING_REQS / 2)) &&
	    !list_empty(&netbk->net_schedule_list))
		xen_netbk_bh_handler(netbk, 0);
}

int netif_be_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct xen_netif *netif = netdev_priv(dev);
	struct xen_netbk *netbk;

	if (netif->group == -1)
		goto drop;

	netbk = &xen_netbk[netif->group];

	if (unlikely(!netif_schedulable(netif)))
		goto drop;

	netif_get(netif);
	skb_queue_tail(&netbk->rx_queue, skb);
	xen_netbk_bh_handler(netbk, 1);

	return 0;

 drop:
	netif->stats.tx_dropped++;
	dev_kfree_skb(skb);
	return 0;
}

static void net_rx_action(unsigned long data)
{
	struct xen_netbk *netbk = (struct xen_netbk *)data;
	struct sk_buff *skb;

	while ((skb = skb_dequeue(&netbk->rx_queue)) != NULL) {
		struct xen_netif *netif = netdev_priv(skb->dev);

		netif->stats.tx_bytes += skb->len;
		netif->stats.tx_packets++;
		dev_kfree_skb(skb);
		netif_put(netif);
	}
}

/* Return the slots of finished transmits to the pending ring. */
static void net_tx_action_dealloc(struct xen_netbk *netbk)
{
	pending_ring_idx_t dc, dp;
	u16 pending_idx;

	dc = netbk->dealloc_cons;
	dp = netbk->dealloc_prod;

	/* Ensure we see all indices enqueued by netif_idx_release(). */
	smp_rmb();

	while (dc != dp) {
		pending_idx = netbk->dealloc_ring[pending_index(dc++)];
		netbk->pending_ring[pending_index(netbk->pending_prod++)] =
			pending_idx;
	}

	netbk->dealloc_cons = dc;
}

static void net_tx_action(unsigned long data)
{
	struct xen_netbk *netbk = (struct xen_netbk *)data;

	net_tx_action_dealloc(netbk);
}

static void netif_idx_release(struct xen_netbk *netbk, u16 pending_idx)
{
	static DEFINE_SPINLOCK(_lock);
	unsigned long flags;
	pending_ring_idx_t index;

	spin_lock_irqsave(&_lock, flags);
	index = pending_index(netbk->dealloc_prod);
	netbk->dealloc_ring[index] = pending_idx;
	/* Sync with net_tx_action_dealloc: insert idx /then/ incr producer. */
	smp_wmb();
	netbk->dealloc_prod++;
	spin_unlock_irqrestore(&_lock, flags);

	xen_netbk_bh_handler(netbk, 0);
}

/* Destructor of a foreign page: runs on whichever CPU frees the skb. */
void netif_page_release(struct page *page, unsigned int group, u16 idx)
{
	netif_idx_release(&xen_netbk[group], idx);
}

irqreturn_t netif_be_int(int irq, void *dev_id)
{
	struct xen_netif *netif = dev_id;
	struct xen_netbk *netbk;

	if (netif->group == -1)
		return IRQ_NONE;

	netbk = &xen_netbk[netif->group];
	maybe_schedule_tx_action(netbk);

	return IRQ_HANDLED;
}

static inline int rx_work_todo(struct xen_netbk *netbk)
{
	return !skb_queue_empty(&netbk->rx_queue);
}

static inline int tx_work_todo(struct xen_netbk *netbk)
{
	if (netbk->dealloc_cons != netbk->dealloc_prod)
		return 1;

	if (((nr_pending_reqs(netbk) + MAX_SKB_FRAGS) < MAX_PENDING_REQS) &&
	    !list_empty(&netbk->net_schedule_list))
		return 1;

	return 0;
}

static int netbk_action_thread(void *data)
{
	struct xen_netbk *netbk = (struct xen_netbk *)data;

	while (!kthread_should_stop()) {
		wait_event_interruptible(netbk->kthread.netbk_action_wq,
					 rx_work_todo(netbk) ||
					 tx_work_todo(netbk) ||
					 kthread_should_stop());
		cond_resched();

		if (kthread_should_stop())
			break;

		if (rx_work_todo(netbk))
			net_rx_action((unsigned long)netbk);

		if (tx_work_todo(netbk))
			net_tx_action((unsigned long)netbk);
	}

	return 0;
}

static int __init netback_init(void)
{
	int i;
	int rc = 0;
	int group;

	if (!xen_pv_domain())
		return -ENODEV;

	xen_netbk_group_nr = num_online_cpus();
	xen_netbk = vmalloc(sizeof(struct xen_netbk) * xen_netbk_group_nr);
	if (!xen_netbk) {
		pr_alert("%s: out of memory\n", __func__);
		return -ENOMEM;
	}
	memset(xen_netbk, 0, sizeof(struct xen_netbk) * xen_netbk_group_nr);

	for (group = 0; group < xen_netbk_group_nr; group++) {
		struct xen_netbk *netbk = &xen_netbk[group];

		skb_queue_head_init(&netbk->rx_queue);
		skb_queue_head_init(&netbk->tx_queue);

		netbk->pending_cons = 0;
		netbk->pending_prod = MAX_PENDING_REQS;
		for (i = 0; i < MAX_PENDING_REQS; i++)
			netbk->pending_ring[i] = i;

		if (MODPARM_netback_kthread) {
			init_waitqueue_head(&netbk->kthread.netbk_action_wq);
			netbk->kthread.task =
				kthread_create(netbk_action_thread,
					       (void *)netbk,
					       "netback/%u", group);

			if (!IS_ERR(netbk->kthread.task)) {
				kthread_bind(netbk->kthread.task, group);
			} else {
				pr_alert("kthread_run() fails at netback\n");
				rc = PTR_ERR(netbk->kthread.task);
				goto failed_init;
			}
		} else {
			tasklet_init(&netbk->tasklet.net_tx_tasklet,
				     net_tx_action,
				     (unsigned long)netbk);
			tasklet_init(&netbk->tasklet.net_rx_tasklet,
				     net_rx_action,
				     (unsigned long)netbk);
		}

		INIT_LIST_HEAD(&netbk->pending_inuse_head);
		INIT_LIST_HEAD(&netbk->net_schedule_list);

		spin_lock_init(&netbk->net_schedule_list_lock);

		atomic_set(&netbk->netfront_count, 0);

		if (MODPARM_netback_kthread)
			wake_up_process(netbk->kthread.task);
	}

	rc = netif_xenbus_init();
	if (rc)
		goto failed_init;

	return 0;

failed_init:
	for (i = 0; i < group; i++) {
		struct xen_netbk *netbk = &xen_netbk[i];

		if (MODPARM_netback_kthread && netbk->kthread.task)
			kthread_stop(netbk->kthread.task);
	}
	vfree(xen_netbk);
	return rc;
}

module_init(netback_init);

MODULE_LICENSE("Dual BSD/GPL");
