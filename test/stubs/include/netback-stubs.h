/*
 * Kernel stub declarations for `gcc -fsyntax-only` over netback-policy's sample trees.
 * Just the types, macros and prototypes the samples and generated patches use, with the
 * 2.6.32 signatures, so a wrong member name or argument type in a patch fails to compile.
 * Every <linux/...> / <xen/...> header of the samples includes this one file.
 */
#ifndef NETBACK_STUBS_H
#define NETBACK_STUBS_H

#define NULL ((void *)0)
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef u16 domid_t;
typedef unsigned long size_t;
typedef _Bool bool;
typedef unsigned int gfp_t;

#define __init
#define __exit
#define unlikely(x) __builtin_expect(!!(x), 0)
#define likely(x) __builtin_expect(!!(x), 1)
#define ENOMEM 12
#define ENODEV 19
#define EINVAL 22
#define GFP_KERNEL ((gfp_t)0xd0)
#define GFP_ATOMIC ((gfp_t)0x20)
#define IFNAMSIZ 16
#define MAX_SKB_FRAGS 18

#define min_t(type, x, y) ({ type __x = (x); type __y = (y); __x < __y ? __x : __y; })
#define max_t(type, x, y) ({ type __x = (x); type __y = (y); __x > __y ? __x : __y; })
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BUG_ON(c) do { if (c) __builtin_trap(); } while (0)
#define WARN_ON(c) ({ int __c = !!(c); __c; })

/* module.h / moduleparam.h */
struct module;
#define THIS_MODULE ((struct module *)0)
#define __param_check(name, type) static inline type *__check_##name(void) { return &(name); }
#define module_param_named(name, var, type, perm) \
	static const char __param_name_##name[] __attribute__((unused)) = #name; \
	static inline void *__param_ptr_##name(void) { return &(var); }
#define module_param(var, type, perm) module_param_named(var, var, type, perm)
#define MODULE_PARM_DESC(name, desc) \
	static const char __param_desc_##name[] __attribute__((unused)) = desc
#define MODULE_LICENSE(l) static const char __mod_license[] __attribute__((unused)) = l
#define MODULE_DESCRIPTION(d) static const char __mod_desc[] __attribute__((unused)) = d
#define module_init(fn) int init_module(void) { return fn(); }
#define module_exit(fn) void cleanup_module(void) { fn(); }
#define EXPORT_SYMBOL(sym) extern typeof(sym) sym
#define EXPORT_SYMBOL_GPL(sym) extern typeof(sym) sym

/* printk */
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define KERN_ALERT "<1>"
#define KERN_INFO "<6>"
#define KERN_WARNING "<4>"
#define pr_alert(fmt, ...) printk(KERN_ALERT fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO fmt, ##__VA_ARGS__)
#define pr_warning(fmt, ...) printk(KERN_WARNING fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) ({ if (0) printk(fmt, ##__VA_ARGS__); })
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void *memset(void *s, int c, size_t n);

/* err.h */
static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline long IS_ERR(const void *ptr) { return (unsigned long)ptr >= (unsigned long)-4095; }

/* barriers, cpu */
#define smp_mb() __asm__ __volatile__("" ::: "memory")
#define smp_wmb() __asm__ __volatile__("" ::: "memory")
#define smp_rmb() __asm__ __volatile__("" ::: "memory")
#define cpu_relax() __asm__ __volatile__("" ::: "memory")
void cond_resched(void);

/* atomic */
typedef struct { int counter; } atomic_t;
#define ATOMIC_INIT(i) { (i) }
int atomic_read(const atomic_t *v);
void atomic_set(atomic_t *v, int i);
void atomic_inc(atomic_t *v);
void atomic_dec(atomic_t *v);
int atomic_inc_return(atomic_t *v);
int atomic_dec_and_test(atomic_t *v);

/* spinlock */
typedef struct { unsigned int slock; } spinlock_t;
#define __SPIN_LOCK_UNLOCKED(x) { 0 }
#define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED(x)
void spin_lock_init(spinlock_t *lock);
void spin_lock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
void spin_lock_irq(spinlock_t *lock);
void spin_unlock_irq(spinlock_t *lock);
#define spin_lock_irqsave(lock, flags) do { (flags) = 0; spin_lock(lock); } while (0)
void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags);

/* list */
struct list_head { struct list_head *next, *prev; };
void INIT_LIST_HEAD(struct list_head *list);
int list_empty(const struct list_head *head);
void list_del_init(struct list_head *entry);
void list_add_tail(struct list_head *entry, struct list_head *head);

/* wait */
typedef struct { spinlock_t lock; struct list_head task_list; } wait_queue_head_t;
void init_waitqueue_head(wait_queue_head_t *q);
void wake_up(wait_queue_head_t *q);
#define wait_event(wq, cond) do { while (!(cond)) cond_resched(); } while (0)
#define wait_event_interruptible(wq, cond) ({ while (!(cond)) cond_resched(); 0; })

/* cpumask */
struct cpumask { unsigned long bits[4]; };
extern const struct cpumask *const cpu_online_mask;
unsigned int num_online_cpus(void);
int cpu_online(unsigned int cpu);
const struct cpumask *cpumask_of(unsigned int cpu);
unsigned int cpumask_first(const struct cpumask *srcp);
unsigned int cpumask_next(int n, const struct cpumask *srcp);
void cpumask_copy(struct cpumask *dst, const struct cpumask *src);
#define nr_cpu_ids 64U
/* Walks the online mask the way the real iterator does; only its shape matters here. */
#define for_each_online_cpu(c) \
	for (c = cpumask_first(cpu_online_mask); c < nr_cpu_ids; c = cpumask_next(c, cpu_online_mask))

/* sched, kthread, tasklets */
struct task_struct { int pid; };
int wake_up_process(struct task_struct *tsk);
struct task_struct *kthread_create(int (*threadfn)(void *data), void *data, const char namefmt[], ...)
	__attribute__((format(printf, 3, 4)));
void kthread_bind(struct task_struct *k, unsigned int cpu);
int kthread_should_stop(void);
int kthread_stop(struct task_struct *k);
struct tasklet_struct { unsigned long state; void (*func)(unsigned long); unsigned long data; };
void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long), unsigned long data);
void tasklet_schedule(struct tasklet_struct *t);
void tasklet_kill(struct tasklet_struct *t);
struct timer_list { unsigned long expires; void (*function)(unsigned long); unsigned long data; };

/* memory */
struct page { unsigned long flags; void *mapping; };
void *vmalloc(unsigned long size);
void vfree(const void *addr);
void *kzalloc(size_t size, gfp_t flags);
void kfree(const void *p);

/* devices, net */
struct device { void *driver_data; };
void dev_set_drvdata(struct device *dev, void *data);
struct net_device;
struct sk_buff { unsigned int len; struct net_device *dev; struct sk_buff *next, *prev; };
struct sk_buff_head { struct sk_buff *next, *prev; u32 qlen; spinlock_t lock; };
void skb_queue_head_init(struct sk_buff_head *list);
void skb_queue_tail(struct sk_buff_head *list, struct sk_buff *newsk);
struct sk_buff *skb_dequeue(struct sk_buff_head *list);
int skb_queue_empty(const struct sk_buff_head *list);
void dev_kfree_skb(struct sk_buff *skb);
struct net_device_stats { unsigned long rx_packets, tx_packets, rx_bytes, tx_bytes, tx_dropped; };
struct net_device_ops {
	int (*ndo_open)(struct net_device *dev);
	int (*ndo_stop)(struct net_device *dev);
	int (*ndo_start_xmit)(struct sk_buff *skb, struct net_device *dev);
};
struct net_device {
	char name[IFNAMSIZ];
	unsigned long tx_queue_len;
	const struct net_device_ops *netdev_ops;
};
void *netdev_priv(const struct net_device *dev);
int netif_running(const struct net_device *dev);
void netif_start_queue(struct net_device *dev);
void netif_stop_queue(struct net_device *dev);
struct net_device *alloc_netdev(int sizeof_priv, const char *name, void (*setup)(struct net_device *));
void ether_setup(struct net_device *dev);
int register_netdevice(struct net_device *dev);
void unregister_netdev(struct net_device *dev);
void free_netdev(struct net_device *dev);
void rtnl_lock(void);
void rtnl_unlock(void);
void ASSERT_RTNL(void);

/* interrupt.h / irq.h */
typedef int irqreturn_t;
#define IRQ_NONE 0
#define IRQ_HANDLED 1
#define IRQ_INPROGRESS 0x100
typedef irqreturn_t (*irq_handler_t)(int, void *);
void enable_irq(unsigned int irq);
void disable_irq(unsigned int irq);
void synchronize_irq(unsigned int irq);
extern int irq_set_affinity(unsigned int irq, const struct cpumask *cpumask);
extern int irq_can_set_affinity(unsigned int irq);
struct irq_chip { int (*set_affinity)(unsigned int irq, const struct cpumask *dest); };
struct irq_desc { unsigned int status; struct irq_chip *chip; spinlock_t lock; struct cpumask *affinity; };
struct irq_desc *irq_to_desc(unsigned int irq);

/* xen */
int xen_pv_domain(void);
int bind_interdomain_evtchn_to_irqhandler(unsigned int remote_domain, unsigned int remote_port,
					  irq_handler_t handler, unsigned long irqflags,
					  const char *devname, void *dev_id);
void unbind_from_irqhandler(unsigned int irq, void *dev_id);
struct xen_netif_tx_back_ring { unsigned int req_cons, rsp_prod_pvt; void *sring; };
struct xen_netif_rx_back_ring { unsigned int req_cons, rsp_prod_pvt; void *sring; };
enum xenbus_state { XenbusStateUnknown, XenbusStateInitialising, XenbusStateConnected, XenbusStateClosed };
struct xenbus_device { const char *otherend; int otherend_id; struct device dev; };
struct xenbus_device_id { char devicetype[32]; };
struct xenbus_driver {
	const char *name;
	const struct xenbus_device_id *ids;
	int (*probe)(struct xenbus_device *dev, const struct xenbus_device_id *id);
};
struct xenbus_transaction { u32 id; };
#define XBT_NIL ((struct xenbus_transaction){ .id = 0 })
int xenbus_register_backend(struct xenbus_driver *drv);
int xenbus_gather(struct xenbus_transaction t, const char *dir, ...);
void xenbus_dev_fatal(struct xenbus_device *dev, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* NETBACK_STUBS_H */
