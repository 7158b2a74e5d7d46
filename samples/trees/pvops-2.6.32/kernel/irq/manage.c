// SPDX-License-Identifier: GPL-2.0
/*
 * Test sample for netback-policy, not kernel code: the corner of the
 * generic IRQ core the pvops patches care about. As in 2.6.32,
 * irq_set_affinity() is defined here and not exported to modules.
 */

#include <linux/irq.h>
#include <linux/module.h>
#include <linux/interrupt.h>

/* Spin until no CPU is inside a handler of @irq. */
void synchronize_irq(unsigned int irq)
{
	struct irq_desc *d = irq_to_desc(irq);

	while (d && (d->status & IRQ_INPROGRESS))
		cpu_relax();
}
EXPORT_SYMBOL(synchronize_irq);

/**
 * irq_set_affinity - steer an interrupt to a set of CPUs
 * @irq: the interrupt
 * @cpumask: the CPUs it may be delivered to from now on
 *
 * Returns 0, or an error when the controller cannot move this interrupt.
 */
int irq_set_affinity(unsigned int irq, const struct cpumask *cpumask)
{
	struct irq_desc *d = irq_to_desc(irq);
	unsigned long flags;
	int ret;

	if (!d || !d->chip->set_affinity)
		return -EINVAL;

	spin_lock_irqsave(&d->lock, flags);
	ret = d->chip->set_affinity(irq, cpumask);
	if (ret == 0)
		cpumask_copy(d->affinity, cpumask);
	spin_unlock_irqrestore(&d->lock, flags);
	return ret;
}

/* Non-zero when /proc/irq/N/smp_affinity may be written for @irq. */
int irq_can_set_affinity(unsigned int irq)
{
	struct irq_desc *d = irq_to_desc(irq);

	return d && d->chip->set_affinity ? 1 : 0;
}
