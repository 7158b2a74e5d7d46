/*
 * drivers/xen/netback/xenbus.c
 *
 * Xenbus glue, netback-shaped sample written for netback-policy's tests.
 *
 * This program is free software; you can redistribute it and/or
 * modify it under the terms of the GNU General Public License version 2.
 */

#include "common.h"

static int connect_rings(struct backend_info *be)
{
	struct xenbus_device *dev = be->dev;
	unsigned long tx_ring_ref, rx_ring_ref;
	unsigned int evtchn;
	int err;

	err = xenbus_gather(XBT_NIL, dev->otherend,
			    "tx-ring-ref", "%lu", &tx_ring_ref,
			    "rx-ring-ref", "%lu", &rx_ring_ref,
			    "event-channel", "%u", &evtchn, NULL);
	if (err) {
		xenbus_dev_fatal(dev, err, "reading %s/ring-ref and event-channel",
				 dev->otherend);
		return err;
	}

	err = netif_map(be->netif, tx_ring_ref, rx_ring_ref, evtchn);
	if (err) {
		xenbus_dev_fatal(dev, err, "mapping shared-frames %lu/%lu port %u",
				 tx_ring_ref, rx_ring_ref, evtchn);
		return err;
	}
	return 0;
}

static int netback_probe(struct xenbus_device *dev,
			 const struct xenbus_device_id *id)
{
	struct backend_info *be = kzalloc(sizeof(*be), GFP_KERNEL);

	if (!be)
		return -ENOMEM;

	be->dev = dev;
	dev_set_drvdata(&dev->dev, be);

	be->netif = netif_alloc(&dev->dev, dev->otherend_id, 0);
	if (IS_ERR(be->netif)) {
		int err = PTR_ERR(be->netif);

		be->netif = NULL;
		kfree(be);
		return err;
	}

	return connect_rings(be);
}

static const struct xenbus_device_id netback_ids[] = {
	{ "vif" },
	{ "" }
};

static struct xenbus_driver netback = {
	.name = "vif",
	.ids = netback_ids,
	.probe = netback_probe,
};

int netif_xenbus_init(void)
{
	return xenbus_register_backend(&netback);
}
