// SPDX-License-Identifier: GPL-2.0
/*
 * Test sample for netback-policy, not kernel code: the xenbus side of the
 * 2.6.32 pvops netback reduced to probe -> netif_alloc() -> netif_map().
 */

#include "common.h"

/* Read the frontend's ring references and event channel, then map them. */
static int connect_rings(struct backend_info *be)
{
	struct xenbus_device *xdev = be->dev;
	unsigned long tx_ref, rx_ref;
	unsigned int port;
	int err;

	err = xenbus_gather(XBT_NIL, xdev->otherend,
			    "tx-ring-ref", "%lu", &tx_ref,
			    "rx-ring-ref", "%lu", &rx_ref,
			    "event-channel", "%u", &port, NULL);
	if (err == 0)
		err = netif_map(be->netif, tx_ref, rx_ref, port);
	if (err)
		xenbus_dev_fatal(xdev, err, "connecting to %s", xdev->otherend);
	return err;
}

static int netback_probe(struct xenbus_device *dev,
			 const struct xenbus_device_id *id)
{
	struct backend_info *be;
	struct xen_netif *vif;

	vif = netif_alloc(&dev->dev, dev->otherend_id, 0);
	if (IS_ERR(vif))
		return PTR_ERR(vif);

	be = kzalloc(sizeof(*be), GFP_KERNEL);
	if (!be) {
		netif_disconnect(vif);
		return -ENOMEM;
	}
	be->dev = dev;
	be->netif = vif;
	dev_set_drvdata(&dev->dev, be);

	return connect_rings(be);
}

static const struct xenbus_device_id netback_ids[] = {
	{ "vif" },
	{ "" }
};

static struct xenbus_driver netback = {
	.name	= "vif",
	.ids	= netback_ids,
	.probe	= netback_probe,
};

int netif_xenbus_init(void)
{
	return xenbus_register_backend(&netback);
}
