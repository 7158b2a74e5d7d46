/*
 * A small tree shaped like the upstream groups-era xen-netback (2.6.39 to 3.11), written for
 * netback-policy's tests: the names a patch anchors on, none of the real driver's code.
 */
#ifndef __XEN_NETBACK__COMMON_H__
#define __XEN_NETBACK__COMMON_H__

#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/netdevice.h>
#include <linux/wait.h>

#include <xen/xenbus.h>

struct xen_netbk;

struct xenvif {
	/* Which guest, and which of its interfaces, this vif backs. */
	domid_t domid;
	unsigned int handle;

	/* The group this vif is processed by; NULL while it is down. */
	struct xen_netbk *netbk;

	/* The event channel's interrupt, bound in xenvif_connect(). */
	unsigned int irq;

	struct list_head schedule_list;
	atomic_t refcnt;
	struct net_device *dev;
	wait_queue_head_t waiting_to_free;
};

struct xenvif *xenvif_alloc(struct device *parent, domid_t domid,
			    unsigned int handle);
int xenvif_connect(struct xenvif *vif, unsigned int evtchn);
void xenvif_disconnect(struct xenvif *vif);

/* (De)Register a xenvif with the netback backend. */
void xen_netbk_add_xenvif(struct xenvif *vif);
void xen_netbk_remove_xenvif(struct xenvif *vif);

/* Queue work for the group's thread. */
void xen_netbk_schedule_xenvif(struct xenvif *vif);
void xen_netbk_deschedule_xenvif(struct xenvif *vif);

irqreturn_t xenvif_interrupt(int irq, void *dev_id);

int xenvif_xenbus_init(void);

#endif /* __XEN_NETBACK__COMMON_H__ */
