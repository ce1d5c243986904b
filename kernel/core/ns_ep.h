/* The name server's two kernel methods of ipc.IPC (kernel/core/ns_ep.c, docs/dynamic-channels.md). */
#ifndef KERNEL_CORE_NS_EP_H
#define KERNEL_CORE_NS_EP_H

#include "core.h"

rc_t core_ipc_peer(const struct core_args *a, uint64_t val[2]);
rc_t core_ipc_link(const struct core_args *a, uint64_t val[2]);

#endif
