/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test sample for netback-policy, not kernel code. It declares a VIF
 * (struct xen_netif) and a group (struct xen_netbk) under the names the
 * 2.6.32 pvops netback uses, so that generated patches anchor on the same
 * names they will meet in a real tree, and it compiles against the stub
 * headers in test/stubs/include.
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

/* One virtual interface of a guest, seen from dom0 as vif<domid>.<handle>. */
struct xen_netif {
	domid_t domid;
	unsigned int handle;
	int group;		/* its xen_netbk[] slot; -1 while it has none */
	unsigned int irq;	/* 0 until netif_map() binds the event channel */

	struct xen_netif_tx_back_ring tx;
	struct xen_netif_rx_back_ring rx;

	struct net_device *dev;
	struct net_device_stats stats;
	struct list_head list;	/* entry on its group's net_schedule_list */
	unsigned int carrier;	/* ours, not the net_device's */

	atomic_t refcnt;
	wait_queue_head_t waiting_to_free;
};

static inline void netback_carrier_on(struct xen_netif *netif)
{
	netif->carrier = 1;
}

static inline void netback_carrier_off(struct xen_netif *netif)
{
	netif->carrier = 0;
}

static inline int netback_carrier_ok(const struct xen_netif *netif)
{
	return netif->carrier != 0;
}

/* A VIF takes work only while its device is up and the frontend is there. */
static inline int netif_schedulable(struct xen_netif *netif)
{
	return netback_carrier_ok(netif) && netif_running(netif->dev);
}

struct backend_info {
	struct xenbus_device *dev;
	struct xen_netif *netif;
	enum xenbus_state frontend_state;
};

static inline void netif_get(struct xen_netif *netif)
{
	atomic_inc(&netif->refcnt);
}

/* Dropping the last reference lets netif_disconnect() go on. */
static inline void netif_put(struct xen_netif *netif)
{
	if (!atomic_dec_and_test(&netif->refcnt))
		return;
	wake_up(&netif->waiting_to_free);
}

struct xen_netif *netif_alloc(struct device *parent, domid_t domid,
			      unsigned int handle);
int netif_map(struct xen_netif *netif, unsigned long tx_ring_ref,
	      unsigned long rx_ring_ref, unsigned int evtchn);
void netif_disconnect(struct xen_netif *netif);
int netif_xenbus_init(void);

void netif_schedule_work(struct xen_netif *netif);
void netif_deschedule_work(struct xen_netif *netif);
int netif_be_start_xmit(struct sk_buff *skb, struct net_device *dev);
irqreturn_t netif_be_int(int irq, void *dev_id);

#define MAX_PENDING_REQS 256
typedef unsigned int pending_ring_idx_t;

/*
 * A group: the VIFs it serves, the transmit slots they share and the
 * bottom half that does their work.
 */
struct xen_netbk {
	/* netback_kthread picks one of the two for every group at load. */
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

	/* Packets from dom0 waiting to be copied to a guest. */
	struct sk_buff_head rx_queue;
	struct page **mmap_pages;

	/* Free transmit slots, from pending_cons up to pending_prod. */
	pending_ring_idx_t pending_prod;
	pending_ring_idx_t pending_cons;
	u16 pending_ring[MAX_PENDING_REQS];

	/* Slots whose pages came back, queued by netif_idx_release(). */
	pending_ring_idx_t dealloc_prod;
	pending_ring_idx_t dealloc_cons;
	u16 dealloc_ring[MAX_PENDING_REQS];

	/* VIFs with transmit requests outstanding. */
	struct list_head net_schedule_list;
	spinlock_t net_schedule_list_lock;

	/* VIFs attached to the group, for picking the next one's group. */
	atomic_t netfront_count;
};

extern struct xen_netbk *xen_netbk;
extern int xen_netbk_group_nr;

#endif /* __NETIF__BACKEND__COMMON_H__ */
