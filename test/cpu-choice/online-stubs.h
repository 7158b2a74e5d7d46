/*
 * Stand-ins for what the generated CPU-online callback calls, on top of cpu-choice-stubs.h: a task
 * is its allowed mask, an interrupt is its affinity mask (both recorded for the harness to print),
 * and the hotplug node is embedded as in the kernel. Written for netback-policy's tests.
 */
#ifndef ONLINE_STUBS_H
#define ONLINE_STUBS_H

#include <stddef.h>
#include <stdio.h>
#include "cpu-choice-stubs.h"

struct hlist_node {
	struct hlist_node *next;
};

#define hlist_entry_safe(ptr, type, member) \
	((ptr) ? (type *)((char *)(ptr) - offsetof(type, member)) : NULL)

struct task_struct {
	struct cpumask mask;
	const struct cpumask *cpus_ptr;
};

struct net_device {
	int unused;
};

#define NR_IRQS 4096
extern struct cpumask harness_irq_affinity[NR_IRQS];
extern struct cpumask harness_cpu_masks[NR_CPUS];

static inline const struct cpumask *cpumask_of(unsigned int cpu)
{
	return &harness_cpu_masks[cpu];
}

static inline bool cpumask_test_cpu(unsigned int cpu, const struct cpumask *m)
{
	return m->bits & (1ULL << cpu);
}

static inline bool cpumask_equal(const struct cpumask *a, const struct cpumask *b)
{
	return a->bits == b->bits;
}

static inline int set_cpus_allowed_ptr(struct task_struct *p, const struct cpumask *m)
{
	p->mask = *m;
	return 0;
}

static inline const struct cpumask *irq_get_affinity_mask(int irq)
{
	return &harness_irq_affinity[irq];
}

static inline int irq_set_affinity(unsigned int irq, const struct cpumask *m)
{
	harness_irq_affinity[irq] = *m;
	return 0;
}

#define irq_set_affinity_and_hint irq_set_affinity

enum cpuhp_state { CPUHP_OFFLINE = 0, CPUHP_AP_ONLINE_DYN = 100 };

static inline int cpuhp_state_add_instance_nocalls(enum cpuhp_state s, struct hlist_node *n)
{
	(void)s;
	(void)n;
	return 0;
}
#define irq_set_affinity_hint irq_set_affinity_and_hint
#define netdev_warn(dev, ...) ((void)(dev), fprintf(stderr, __VA_ARGS__))

#endif
