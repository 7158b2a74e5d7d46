/*
 * Groups-era network interface: a vif joins a group when it comes up and leaves it when it goes
 * down. Written for netback-policy's tests; only the names match the real driver.
 */
#include "common.h"

#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>

#include <xen/events.h>

irqreturn_t xenvif_interrupt(int irq, void *dev_id)
{
	struct xenvif *vif = dev_id;

	if (vif->netbk == NULL)
		return IRQ_NONE;

	xen_netbk_schedule_xenvif(vif);

	return IRQ_HANDLED;
}

static void xenvif_up(struct xenvif *vif)
{
	xen_netbk_add_xenvif(vif);
	enable_irq(vif->irq);
}

static void xenvif_down(struct xenvif *vif)
{
	disable_irq(vif->irq);
	xen_netbk_deschedule_xenvif(vif);
	xen_netbk_remove_xenvif(vif);
}

int xenvif_open(struct xenvif *vif)
{
	if (netif_carrier_ok(vif->dev))
		xenvif_up(vif);
	return 0;
}

int xenvif_connect(struct xenvif *vif, unsigned int evtchn)
{
	int err;

	/* Already connected through? */
	if (vif->irq)
		return 0;

	err = bind_interdomain_evtchn_to_irqhandler(
		vif->domid, evtchn, xenvif_interrupt, 0,
		vif->dev->name, vif);
	if (err < 0)
		return err;
	vif->irq = err;
	disable_irq(vif->irq);

	rtnl_lock();
	netif_carrier_on(vif->dev);
	if (netif_running(vif->dev))
		xenvif_up(vif);
	rtnl_unlock();

	return 0;
}

void xenvif_disconnect(struct xenvif *vif)
{
	if (netif_carrier_ok(vif->dev)) {
		rtnl_lock();
		netif_carrier_off(vif->dev);
		if (netif_running(vif->dev))
			xenvif_down(vif);
		rtnl_unlock();
	}

	if (vif->irq)
		unbind_from_irqhandler(vif->irq, vif);
	vif->irq = 0;
}
