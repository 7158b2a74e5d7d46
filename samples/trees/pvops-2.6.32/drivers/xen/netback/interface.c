/*
 * drivers/xen/netback/interface.c
 *
 * Network-device interface management, netback-shaped sample written for
 * netback-policy's tests (names and signatures of the 2.6.32 pvops driver).
 *
 * This program is free software; you can redistribute it and/or
 * modify it under the terms of the GNU General Public License version 2.
 */

#include "common.h"
#include <linux/rtnetlink.h>

#include <xen/events.h>

/* Transmit queue length of each VIF's net_device. */
static unsigned long netbk_queue_length = 32;
module_param_named(queue_length, netbk_queue_length, ulong, 0644);

/* Attach a VIF to the group that serves the fewest VIFs (ties: lowest). */
static void netbk_add_netif(struct xen_netbk *netbk, int group_nr,
			    struct xen_netif *netif)
{
	int i;
	int min_netfront_count;
	int min_group = 0;

	min_netfront_count = atomic_read(&netbk[0].netfront_count);
	for (i = 0; i < group_nr; i++) {
		int netfront_count = atomic_read(&netbk[i].netfront_count);

		if (netfront_count < min_netfront_count) {
			min_group = i;
			min_netfront_count = netfront_count;
		}
	}

	netif->group = min_group;
	atomic_inc(&netbk[netif->group].netfront_count);
}

static void netbk_remove_netif(struct xen_netbk *netbk, struct xen_netif *netif)
{
	atomic_dec(&netbk[netif->group].netfront_count);
	netif->group = -1;
}

static void __netif_up(struct xen_netif *netif)
{
	netbk_add_netif(xen_netbk, xen_netbk_group_nr, netif);
	enable_irq(netif->irq);
	netif_schedule_work(netif);
}

static void __netif_down(struct xen_netif *netif)
{
	disable_irq(netif->irq);
	netif_deschedule_work(netif);
	netbk_remove_netif(xen_netbk, netif);
}

static int net_open(struct net_device *dev)
{
	struct xen_netif *netif = netdev_priv(dev);

	if (netback_carrier_ok(netif)) {
		__netif_up(netif);
		netif_start_queue(dev);
	}
	return 0;
}

static int net_close(struct net_device *dev)
{
	struct xen_netif *netif = netdev_priv(dev);

	if (netback_carrier_ok(netif))
		__netif_down(netif);
	netif_stop_queue(dev);
	return 0;
}

static const struct net_device_ops netback_ops = {
	.ndo_start_xmit	= netif_be_start_xmit,
	.ndo_open	= net_open,
	.ndo_stop	= net_close,
};

struct xen_netif *netif_alloc(struct device *parent, domid_t domid,
			      unsigned int handle)
{
	int err;
	struct net_device *dev;
	struct xen_netif *netif;
	char name[IFNAMSIZ] = {};

	snprintf(name, IFNAMSIZ - 1, "vif%u.%u", domid, handle);
	dev = alloc_netdev(sizeof(struct xen_netif), name, ether_setup);
	if (dev == NULL)
		return ERR_PTR(-ENOMEM);

	netif = netdev_priv(dev);
	memset(netif, 0, sizeof(*netif));
	netif->domid = domid;
	netif->group = -1;
	netif->handle = handle;
	atomic_set(&netif->refcnt, 1);
	init_waitqueue_head(&netif->waiting_to_free);
	netif->dev = dev;
	INIT_LIST_HEAD(&netif->list);

	netback_carrier_off(netif);

	dev->netdev_ops = &netback_ops;
	dev->tx_queue_len = netbk_queue_length;

	rtnl_lock();
	err = register_netdevice(dev);
	rtnl_unlock();
	if (err) {
		free_netdev(dev);
		return ERR_PTR(err);
	}

	return netif;
}

int netif_map(struct xen_netif *netif, unsigned long tx_ring_ref,
	      unsigned long rx_ring_ref, unsigned int evtchn)
{
	int err;

	/* Already connected through? */
	if (netif->irq)
		return 0;

	err = bind_interdomain_evtchn_to_irqhandler(
		netif->domid, evtchn, netif_be_int, 0,
		netif->dev->name, netif);
	if (err < 0)
		return err;
	netif->irq = err;
	disable_irq(netif->irq);

	netif_get(netif);

	rtnl_lock();
	netback_carrier_on(netif);
	if (netif_running(netif->dev))
		__netif_up(netif);
	rtnl_unlock();

	return 0;
}

void netif_disconnect(struct xen_netif *netif)
{
	if (netback_carrier_ok(netif)) {
		rtnl_lock();
		netback_carrier_off(netif);
		if (netif_running(netif->dev))
			__netif_down(netif);
		rtnl_unlock();
		netif_put(netif);
	}

	atomic_dec(&netif->refcnt);
	wait_event(netif->waiting_to_free, atomic_read(&netif->refcnt) == 0);

	if (netif->irq)
		unbind_from_irqhandler(netif->irq, netif);

	unregister_netdev(netif->dev);
	free_netdev(netif->dev);
}

void netif_schedule_work(struct xen_netif *netif)
{
	if (netif->group == -1)
		return;
	netif_get(netif);
	netif_put(netif);
}

void netif_deschedule_work(struct xen_netif *netif)
{
	list_del_init(&netif->list);
}
