/* A thread's cache of its last IPC handle lookups (struct ipc_handle_cache, kernel/ipc_thread.h), for
 * the fastpath and the general path alike: an entry holds a handle value, its object and rights as a
 * lookup found them, for a handle of the kind its user accepts (a client end with the client right, a
 * server end or listener with its right), and holds while handle_epoch (kernel/handle.h) is unchanged:
 * no handle anywhere has been closed, revoked or had its table destroyed since, so the value still
 * names that live handle with those rights. A hit answers exactly what the full lookup would. */
#ifndef KERNEL_IPC_HANDLE_CACHE_H
#define KERNEL_IPC_HANDLE_CACHE_H

#include "handle.h"
#include "ipc_thread.h"
#include "kobject.h"
#include <vigil/rights.h>

static inline __attribute__((always_inline)) bool ipc_handle_cached(const struct ipc_handle_cache *c, uint32_t h)
{
    return c->value == h && c->epoch == handle_epoch;
}

static inline __attribute__((always_inline)) void ipc_handle_cache_fill(struct ipc_handle_cache *c, uint32_t h,
                                                                        struct kobject *o, uint32_t rights)
{
    *c = (struct ipc_handle_cache){h, rights, o, handle_epoch};
}

/* The kinds the two entries hold. */
static inline bool ipc_client_end(const struct kobject *o, uint32_t rights)
{
    return o->type == KOBJ_CHANNEL_CLIENT && (rights & VG_RIGHT_IPC_CLIENT);
}

static inline bool ipc_server_side(const struct kobject *o, uint32_t rights)
{
    return (o->type == KOBJ_CHANNEL_SERVER && (rights & VG_RIGHT_IPC_SERVER)) ||
           (o->type == KOBJ_LISTENER && (rights & VG_RIGHT_IPC_LISTENER));
}

#endif
