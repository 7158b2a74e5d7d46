/*
 * drivers/xen/netback/common.h
 *
 * A netback-shaped sample written for netback-policy's tests: the names,
 * types and layout of the 2.6.32 pvops driver, none of its code.
 *
 * This program is free software; you can redistribute it and/or
 * modify it under the terms of the GNU General Public License version 2.
 */

#ifndef __NETIF__BACKEND__COMMON_H__
#define __NETIF__BACKEND__COMMON_H__

#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/slab.h>
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/wait.h>
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/spinlock.h>

#include <xen/interface/io/netif.h>
#include <xen/grant_table.h>
#include <xen/xenbus.h>

#define DPRINTK(_f, _a...) pr_debug("netback: " _f, ## _a)

struct xen_netif {
	/* Which domain and which of its interfaces. */
	domid_t domid;
	/* Index into xen_netbk[], or -1 while not attached to a group. */
	int group;
	unsigned int handle;

	/* Event channel, bound to an IRQ by netif_map(). */
	unsigned int irq;

	struct xen_netif_tx_back_ring tx;
	struct xen_netif_rx_back_ring rx;

	/* Link on the group's net_schedule_list. */
	struct list_head list;
	atomic_t refcnt;
	struct net_device *dev;
	struct net_device_stats stats;

	unsigned int carrier;

	wait_queue_head_t waiting_to_free;
};

#define netback_carrier_on(netif)	((netif)->carrier = 1)
#define netback_carrier_off(netif)	((netif)->carrier = 0)
#define netback_carrier_ok(netif)	((netif)->carrier)

struct backend_info {
	struct xenbus_device *dev;
	struct xen_netif *netif;
	enum xenbus_state frontend_state;
};

void netif_disconnect(struct xen_netif *netif);

struct xen_netif *netif_alloc(struct device *parent, domid_t domid,
			      unsigned int handle);
int netif_map(struct xen_netif *netif, unsigned long tx_ring_ref,
	      unsigned long rx_ring_ref, unsigned int evtchn);

static inline void netif_get(struct xen_netif *netif)
{
	atomic_inc(&netif->refcnt);
}

static inline void netif_put(struct xen_netif *netif)
{
	if (atomic_dec_and_test(&netif->refcnt))
		wake_up(&netif->waiting_to_free);
}

int netif_xenbus_init(void);

#define netif_schedulable(netif)				\
	(netif_running((netif)->dev) && netback_carrier_ok(netif))

void netif_schedule_work(struct xen_netif *netif);
void netif_deschedule_work(struct xen_netif *netif);

int netif_be_start_xmit(struct sk_buff *skb, struct net_device *dev);
irqreturn_t netif_be_int(int irq, void *dev_id);

typedef unsigned int pending_ring_idx_t;

#define MAX_PENDING_REQS 256

struct xen_netbk {
	/* A group runs either two tasklets or one kthread, never both. */
	union {
		struct {
			struct tasklet_struct net_tx_tasklet;
			struct tasklet_struct net_rx_tasklet;
		} tasklet;

		struct {
			wait_queue_head_t netbk_action_wq;
			struct task_struct *task;
		} kthread;
	};

	struct sk_buff_head rx_queue;
	struct sk_buff_head tx_queue;

	struct timer_list net_timer;

	struct page **mmap_pages;

	pending_ring_idx_t pending_prod;
	pending_ring_idx_t pending_cons;
	pending_ring_idx_t dealloc_prod;
	pending_ring_idx_t dealloc_cons;

	struct list_head pending_inuse_head;
	struct list_head net_schedule_list;

	/* Protect the net_schedule_list in netif. */
	spinlock_t net_schedule_list_lock;

	/* How many VIFs this group serves: the least loaded takes the next. */
	atomic_t netfront_count;

	u16 pending_ring[MAX_PENDING_REQS];
	u16 dealloc_ring[MAX_PENDING_REQS];
};

extern struct xen_netbk *xen_netbk;
extern int xen_netbk_group_nr;

#endif /* __NETIF__BACKEND__COMMON_H__ */
