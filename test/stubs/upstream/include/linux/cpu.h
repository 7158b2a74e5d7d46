/* Stub: the CPU hotplug lock, declared only here so that a patch using it must include this. */
#ifndef NETBACK_UPSTREAM_STUB_LINUX_CPU_H
#define NETBACK_UPSTREAM_STUB_LINUX_CPU_H
#include "../upstream-stubs.h"
void get_online_cpus(void);
void put_online_cpus(void);
#endif
