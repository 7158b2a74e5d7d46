/*
 * kernel/irq/manage.c
 *
 * The piece of the generic IRQ core that netback-policy's pvops tests need:
 * irq_set_affinity() defined, as in 2.6.32, without an export.
 *
 * This program is free software; you can redistribute it and/or
 * modify it under the terms of the GNU General Public License version 2.
 */

#include <linux/irq.h>
#include <linux/module.h>
#include <linux/interrupt.h>

/*
 * Wait until any handler of @irq that is running on another CPU has
 * finished.
 */
void synchronize_irq(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (!desc)
		return;

	while (desc->status & IRQ_INPROGRESS)
		cpu_relax();
}
EXPORT_SYMBOL(synchronize_irq);

/**
 *	irq_set_affinity - Set the irq affinity of a given irq
 *	@irq:		Interrupt to set affinity
 *	@cpumask:	cpumask
 */
int irq_set_affinity(unsigned int irq, const struct cpumask *cpumask)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags;

	if (!desc || !desc->chip->set_affinity)
		return -EINVAL;

	spin_lock_irqsave(&desc->lock, flags);
	cpumask_copy(desc->affinity, cpumask);
	desc->chip->set_affinity(irq, cpumask);
	spin_unlock_irqrestore(&desc->lock, flags);
	return 0;
}

/* Whether @irq may be given a new affinity from user space. */
int irq_can_set_affinity(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (!desc || !desc->chip->set_affinity)
		return 0;

	return 1;
}
