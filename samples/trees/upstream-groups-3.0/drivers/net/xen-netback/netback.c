/*
 * Groups-era back end: a fixed set of groups (struct xen_netbk), each with one kernel thread,
 * shared by all vifs. Written for netback-policy's tests; only the names match the real driver.
 */
#include "common.h"

#include <linux/kthread.h>
#include <linux/vmalloc.h>

#include <xen/xen.h>
#include <xen/events.h>

#define MAX_PENDING_REQS 256

struct xen_netbk {
	wait_queue_head_t wq;
	struct task_struct *task;

	struct list_head net_schedule_list;

	/* Guards net_schedule_list against the vifs scheduling themselves. */
	spinlock_t net_schedule_list_lock;

	atomic_t netfront_count;

	u16 pending_ring[MAX_PENDING_REQS];
};

static struct xen_netbk *xen_netbk;
static int xen_netbk_group_nr;

void xen_netbk_add_xenvif(struct xenvif *vif)
{
	struct xen_netbk *netbk = &xen_netbk[0];
	int group;

	/* Pick the group serving the fewest vifs; the first one wins a tie. */
	for (group = 1; group < xen_netbk_group_nr; group++) {
		struct xen_netbk *candidate = &xen_netbk[group];

		if (atomic_read(&candidate->netfront_count) <
		    atomic_read(&netbk->netfront_count))
			netbk = candidate;
	}

	vif->netbk = netbk;
	atomic_inc(&netbk->netfront_count);
}

void xen_netbk_remove_xenvif(struct xenvif *vif)
{
	struct xen_netbk *netbk = vif->netbk;

	vif->netbk = NULL;
	atomic_dec(&netbk->netfront_count);
}

static void xen_netbk_kick_thread(struct xen_netbk *netbk)
{
	wake_up(&netbk->wq);
}

void xen_netbk_schedule_xenvif(struct xenvif *vif)
{
	struct xen_netbk *netbk = vif->netbk;

	spin_lock_irq(&netbk->net_schedule_list_lock);
	if (list_empty(&vif->schedule_list))
		list_add_tail(&vif->schedule_list, &netbk->net_schedule_list);
	spin_unlock_irq(&netbk->net_schedule_list_lock);
	xen_netbk_kick_thread(netbk);
}

void xen_netbk_deschedule_xenvif(struct xenvif *vif)
{
	struct xen_netbk *netbk = vif->netbk;

	spin_lock_irq(&netbk->net_schedule_list_lock);
	list_del_init(&vif->schedule_list);
	spin_unlock_irq(&netbk->net_schedule_list_lock);
}

static int xen_netbk_work_todo(struct xen_netbk *netbk)
{
	return !list_empty(&netbk->net_schedule_list);
}

static int xen_netbk_kthread(void *data)
{
	struct xen_netbk *netbk = data;

	while (!kthread_should_stop()) {
		wait_event_interruptible(netbk->wq,
					 xen_netbk_work_todo(netbk) ||
					 kthread_should_stop());
		cond_resched();
	}

	return 0;
}

static int __init netback_init(void)
{
	int i;
	int rc = 0;
	int group;

	if (!xen_domain())
		return -ENODEV;

	xen_netbk_group_nr = num_online_cpus();
	xen_netbk = vzalloc(sizeof(struct xen_netbk) * xen_netbk_group_nr);
	if (!xen_netbk)
		return -ENOMEM;

	for (group = 0; group < xen_netbk_group_nr; group++) {
		struct xen_netbk *netbk = &xen_netbk[group];

		for (i = 0; i < MAX_PENDING_REQS; i++)
			netbk->pending_ring[i] = i;

		init_waitqueue_head(&netbk->wq);
		netbk->task = kthread_create(xen_netbk_kthread,
					     (void *)netbk,
					     "netback/%u", group);

		if (IS_ERR(netbk->task)) {
			pr_alert("kthread_create() fails at netback\n");
			rc = PTR_ERR(netbk->task);
			goto failed_init;
		}

		kthread_bind(netbk->task, group);

		INIT_LIST_HEAD(&netbk->net_schedule_list);

		spin_lock_init(&netbk->net_schedule_list_lock);

		atomic_set(&netbk->netfront_count, 0);

		wake_up_process(netbk->task);
	}

	rc = xenvif_xenbus_init();
	if (rc)
		goto failed_init;

	return 0;

failed_init:
	while (--group >= 0)
		kthread_stop(xen_netbk[group].task);
	vfree(xen_netbk);
	return rc;
}

module_init(netback_init);

MODULE_LICENSE("Dual BSD/GPL");
