/*
 * Declarations just sufficient for `gcc -fsyntax-only` over netback-policy's groups-era sample
 * tree and the patches generated for it. Prototypes follow the 3.x kernel's signatures so that a
 * patch calling an API the wrong way fails here as it would in a real build. Not kernel code.
 */
#ifndef NETBACK_UPSTREAM_STUBS_H
#define NETBACK_UPSTREAM_STUBS_H

#define NULL ((void *)0)
#define __init
#define ENOMEM 12
#define ENODEV 19
typedef unsigned short u16;
typedef unsigned short domid_t;
typedef unsigned long size_t;

#define min_t(type, x, y) ({ type __x = (x); type __y = (y); __x < __y ? __x : __y; })
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))

int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define pr_alert(fmt, ...) printk(fmt, ##__VA_ARGS__)

#define MODULE_LICENSE(s) static const char __module_license[] __attribute__((unused)) = s
#define module_init(fn) int init_module(void) { return fn(); }

static inline long IS_ERR(const void *ptr) { return (unsigned long)ptr >= (unsigned long)-4095; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }

typedef struct { int counter; } atomic_t;
#define ATOMIC_INIT(i) { (i) }
int atomic_read(const atomic_t *v);
void atomic_set(atomic_t *v, int i);
void atomic_inc(atomic_t *v);
void atomic_dec(atomic_t *v);
int atomic_inc_return(atomic_t *v);

typedef struct { unsigned int slock; } spinlock_t;
void spin_lock_init(spinlock_t *lock);
void spin_lock_irq(spinlock_t *lock);
void spin_unlock_irq(spinlock_t *lock);

struct list_head { struct list_head *next, *prev; };
void INIT_LIST_HEAD(struct list_head *list);
int list_empty(const struct list_head *head);
void list_add_tail(struct list_head *n, struct list_head *head);
void list_del_init(struct list_head *entry);

typedef struct { spinlock_t lock; struct list_head task_list; } wait_queue_head_t;
void init_waitqueue_head(wait_queue_head_t *q);
void wake_up(wait_queue_head_t *q);
#define wait_event_interruptible(wq, cond) ({ (void)(wq); (cond) ? 0 : 0; })

struct cpumask { unsigned long bits[4]; };
extern const struct cpumask *const cpu_online_mask;
extern unsigned int nr_cpu_ids;
unsigned int num_online_cpus(void);
const struct cpumask *cpumask_of(unsigned int cpu);
unsigned int cpumask_first(const struct cpumask *srcp);
unsigned int cpumask_next(int n, const struct cpumask *srcp);
/* Stub iterators: enough for the sample tree to type-check, not the kernel's definitions. */
#define for_each_cpu(c, m) for ((c) = -1; ((c) = cpumask_next((c), (m))) < nr_cpu_ids;)
#define for_each_online_cpu(c) for_each_cpu(c, cpu_online_mask)
int cpu_online(unsigned int cpu);

struct task_struct;
int wake_up_process(struct task_struct *tsk);
struct task_struct *kthread_create(int (*threadfn)(void *data), void *data, const char namefmt[], ...)
	__attribute__((format(printf, 3, 4)));
void kthread_bind(struct task_struct *k, unsigned int cpu);
int kthread_should_stop(void);
int kthread_stop(struct task_struct *k);
void cond_resched(void);

void *vzalloc(unsigned long size);
void vfree(const void *addr);

typedef int irqreturn_t;
#define IRQ_NONE 0
#define IRQ_HANDLED 1
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);
void enable_irq(unsigned int irq);
void disable_irq(unsigned int irq);
int irq_set_affinity_hint(unsigned int irq, const struct cpumask *m);

struct device;
struct net_device { char name[16]; };
int netif_carrier_ok(const struct net_device *dev);
void netif_carrier_on(struct net_device *dev);
void netif_carrier_off(struct net_device *dev);
int netif_running(const struct net_device *dev);
void rtnl_lock(void);
void rtnl_unlock(void);

int xen_domain(void);
int bind_interdomain_evtchn_to_irqhandler(unsigned int remote_domain, unsigned int remote_port,
					  irq_handler_t handler, unsigned long irqflags,
					  const char *devname, void *dev_id);
void unbind_from_irqhandler(unsigned int irq, void *dev_id);

#endif
