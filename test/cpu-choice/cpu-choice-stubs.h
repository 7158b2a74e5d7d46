/*
 * Userspace stand-ins for the kernel APIs the generated CPU-choice helpers call: an online-CPU
 * mask the harness sets, per-CPU variables as arrays, locks that do nothing (the harness is one
 * thread), and the struct members the helpers read. Written for netback-policy's tests.
 */
#ifndef CPU_CHOICE_STUBS_H
#define CPU_CHOICE_STUBS_H

#include <limits.h>
#include <stdbool.h>

#define NR_CPUS 64

struct cpumask {
	unsigned long long bits;
};

extern struct cpumask harness_online;
#define cpu_online_mask (&harness_online)
#define nr_cpu_ids NR_CPUS

static inline unsigned int cpumask_next(int n, const struct cpumask *m)
{
	unsigned int cpu;

	for (cpu = n + 1; cpu < NR_CPUS; cpu++)
		if (m->bits & (1ULL << cpu))
			return cpu;
	return NR_CPUS;
}

static inline unsigned int cpumask_first(const struct cpumask *m)
{
	return cpumask_next(-1, m);
}

static inline bool cpu_online(unsigned int cpu)
{
	return cpu < NR_CPUS && (harness_online.bits & (1ULL << cpu));
}

static inline unsigned int num_online_cpus(void)
{
	return (unsigned int)__builtin_popcountll(harness_online.bits);
}

#define for_each_online_cpu(cpu) \
	for ((cpu) = cpumask_first(cpu_online_mask); (cpu) < NR_CPUS; \
	     (cpu) = cpumask_next((cpu), cpu_online_mask))

#define DEFINE_PER_CPU(type, name) type name[NR_CPUS]
#define per_cpu(var, cpu) ((var)[cpu])

struct mutex {
	int unused;
};
#define DEFINE_MUTEX(name) struct mutex name
static inline void mutex_lock(struct mutex *m) { (void)m; }
static inline void mutex_unlock(struct mutex *m) { (void)m; }

static inline void cpus_read_lock(void) {}
static inline void cpus_read_unlock(void) {}
static inline void get_online_cpus(void) {}
static inline void put_online_cpus(void) {}

typedef struct {
	int counter;
} atomic_t;
#define ATOMIC_INIT(i) { (i) }
static inline int atomic_read(const atomic_t *v) { return v->counter; }
static inline void atomic_inc(atomic_t *v) { v->counter++; }
static inline void atomic_dec(atomic_t *v) { v->counter--; }
static inline int atomic_inc_return(atomic_t *v) { return ++v->counter; }

#endif
