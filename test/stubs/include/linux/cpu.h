/* Stub: the CPU hotplug lock, declared only here so that a patch using it must include this. */
#ifndef NETBACK_STUB_LINUX_CPU_H
#define NETBACK_STUB_LINUX_CPU_H
#include "../netback-stubs.h"
void get_online_cpus(void);
void put_online_cpus(void);
#endif
