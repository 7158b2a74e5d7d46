// SPDX-License-Identifier: GPL-2.0
/*
 * Test sample for netback-policy, not kernel code: a VIF's life as the
 * 2.6.32 pvops netback names it. netif_alloc() makes the net_device,
 * netif_map() binds the event channel, __netif_up() gives the VIF a group
 * (netbk_add_netif()) and __netif_down() takes it away again.
 */

#include "common.h"
#include <linux/rtnetlink.h>

#include <xen/events.h>

/* Give @netif to the group with the fewest VIFs; on a tie, the first. */
static void netbk_add_netif(struct xen_netbk *netbk, int group_nr,
			    struct xen_netif *netif)
{
	int best = 0;
	int g;

	for (g = 1; g < group_nr; g++)
		if (atomic_read(&netbk[g].netfront_count) <
		    atomic_read(&netbk[best].netfront_count))
			best = g;

	netif->group = best;
	atomic_inc(&netbk[best].netfront_count);
}

static void netbk_remove_netif(struct xen_netbk *netbk, struct xen_netif *netif)
{
	atomic_dec(&netbk[netif->group].netfront_count);
	netif->group = -1;
}

/* Both callers hold RTNL. */
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
	struct xen_netif *vif = netdev_priv(dev);

	if (!netback_carrier_ok(vif))
		return 0;
	__netif_up(vif);
	netif_start_queue(dev);
	return 0;
}

static int net_close(struct net_device *dev)
{
	struct xen_netif *vif = netdev_priv(dev);

	netif_stop_queue(dev);
	if (netback_carrier_ok(vif))
		__netif_down(vif);
	return 0;
}

static const struct net_device_ops netback_ops = {
	.ndo_open	= net_open,
	.ndo_stop	= net_close,
	.ndo_start_xmit	= netif_be_start_xmit,
};

struct xen_netif *netif_alloc(struct device *parent, domid_t domid,
			      unsigned int handle)
{
	struct xen_netif *vif;
	struct net_device *dev;
	char name[IFNAMSIZ];
	int err;

	snprintf(name, sizeof(name), "vif%u.%u", domid, handle);
	dev = alloc_netdev(sizeof(*vif), name, ether_setup);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	dev->netdev_ops = &netback_ops;
	dev->tx_queue_len = 32;

	vif = netdev_priv(dev);
	memset(vif, 0, sizeof(*vif));
	vif->dev = dev;
	vif->domid = domid;
	vif->handle = handle;
	vif->group = -1;
	INIT_LIST_HEAD(&vif->list);
	atomic_set(&vif->refcnt, 1);
	init_waitqueue_head(&vif->waiting_to_free);
	netback_carrier_off(vif);

	rtnl_lock();
	err = register_netdevice(dev);
	rtnl_unlock();
	if (err == 0)
		return vif;

	free_netdev(dev);
	return ERR_PTR(err);
}

int netif_map(struct xen_netif *netif, unsigned long tx_ring_ref,
	      unsigned long rx_ring_ref, unsigned int evtchn)
{
	int irq;

	if (netif->irq != 0)	/* mapped before */
		return 0;

	irq = bind_interdomain_evtchn_to_irqhandler(netif->domid, evtchn,
						    netif_be_int, 0,
						    netif->dev->name, netif);
	if (irq < 0)
		return irq;
	/* Quiet until __netif_up() has given the VIF a group. */
	disable_irq(irq);
	netif->irq = irq;

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
		/* The reference netif_map() took. */
		netif_put(netif);
	}

	/* Drop ours, then wait for packets in flight to drop theirs. */
	netif_put(netif);
	wait_event(netif->waiting_to_free, !atomic_read(&netif->refcnt));

	if (netif->irq != 0)
		unbind_from_irqhandler(netif->irq, netif);
	unregister_netdev(netif->dev);
	free_netdev(netif->dev);
}
