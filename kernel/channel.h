/* IPC channels and listeners. A channel is a pair of kernel objects, the client end and the server end
 * (each with its own SID); a client handle names the client end, a server handle the server end. One Recv
 * on a listener serves every channel it gathers. Channels are created by a process for its
 * children (or itself) and found by name through the process's channel names. Every channel belongs to
 * its server's listener from creation, so requests always queue on a listener's port; Recv on a
 * channel's server handle takes only that channel's. */
#ifndef KERNEL_CHANNEL_H
#define KERNEL_CHANNEL_H

#include <stdbool.h>
#include <stdint.h>
#include "kobject.h"
#include "thread.h"

#define CHANNEL_NAME_MAX 48
#define CHANNEL_MAX 256

struct ipc_port {
    struct wait_queue receivers;   /* server threads in Recv */
    struct wait_queue senders;     /* clients in Call whose request no server has taken yet */
};

struct listener {
    struct kobject obj;            /* KOBJ_LISTENER */
    struct ipc_port port;
    struct process *owner;
    unsigned channels;             /* channels gathered */
    unsigned live_clients;         /* of those, channels whose client end is still held */
};

/* A constant KSM decision remembered for one direction of a channel (ksm_check_routed_memo), for the
 * route (sender class, receiver class) it was made on: a client handle may be used by another process
 * of another class than the one that first called. */
struct ksm_memo {
    const struct ksm_route *route; /* NULL: nothing remembered */
    int src_class, dst_class;      /* the route's classes */
    uint32_t epoch;
    uint32_t size;
    uint16_t riid, mid;
    uint8_t kind;
};

/* The fastpath's last fast decision for one direction of a channel (kernel/ipc_fast.c): ksm_fast_size
 * granted a message of this method and size on this route (sender class, receiver class) while the
 * KSM's epoch was this. All zero: nothing (the epoch starts at 1). */
struct ipc_fast_memo {
    uint64_t classes;              /* (uint32_t)sender class << 32 | (uint32_t)receiver class */
    uint64_t method;               /* mid | riid << 16 | size << 32 */
    uint32_t epoch;
    uint32_t pad[3];               /* 32 bytes: a way's address is a shift */
};

#define CHANNEL_MEMO_WAYS 4u

struct channel {
    struct kobject client;         /* KOBJ_CHANNEL_CLIENT */
    struct kobject server;         /* KOBJ_CHANNEL_SERVER */
    struct listener *listener;     /* the server's listener: requests queue on its port */
    /* The server's class, for ServiceLocatorGetRiid only: every KSM event takes the classes of the
     * processes that send and receive at the time of the message, never from here. (The server end
     * carries neither the copy nor the transfer right, so its class cannot change.) */
    int server_class;
    /* Remembered decisions per direction (KSM_EV_REQUEST, KSM_EV_RESPONSE) and method (mid modulo
     * CHANNEL_MEMO_WAYS), so that methods used in turn do not evict each other. */
    struct ksm_memo memo[2][CHANNEL_MEMO_WAYS];
    struct ipc_fast_memo fast_memo[2][CHANNEL_MEMO_WAYS];
    bool client_gone, server_gone;            /* the end's last handle closed or its process ended */
    char name[CHANNEL_NAME_MAX];
    /* A dynamic channel (channel_create_dynamic): the server process and its server handle, which the
     * kernel closes when the client end goes (valid while !server_gone: the handle has neither the copy
     * nor the transfer right, so only that process holds the end, and its death sets server_gone). */
    struct process *dyn_server;
    uint32_t dyn_server_h;
};

void channel_init(void);
/* A channel named `name` from client to server: the client process gets a client handle and the
 * server process a server handle, both registered under the name; the server end joins the server's
 * listener. A server may serve several channels of one name (one per client): it keeps the name's
 * first server handle. */
rc_t channel_create(struct process *client, struct process *server, const char *name, uint32_t *client_h,
                    uint32_t *server_h);
/* A dynamic channel (the name server's ipc Link, docs/dynamic-channels.md): as channel_create, but
 * the client does not know it by name (its handle is delivered by the name server), the server knows
 * it only when it knows no channel of that name yet and has room (so Register by it gives its
 * listener), and the server's handle is closed by the kernel once the client end is gone, so
 * connections that come and go leave nothing behind. client and server must differ. */
rc_t channel_create_dynamic(struct process *client, struct process *server, const char *name,
                            uint32_t *client_h, uint32_t *server_h);
struct ipc_port *channel_port(struct channel *c);
/* The process's listener (created on first use) gathering every channel it serves. */
rc_t listener_get(struct process *p, struct listener **out);
/* True when no client can send to this port any more (Recv then returns rcNotConnected): for a
 * channel's server end, its client end is gone; for a listener, every gathered channel's is (or it
 * gathers none any more). */
bool ipc_port_orphaned(struct ipc_port *port, struct channel *only);

static inline struct channel *channel_of_client(struct kobject *o)
{
    return (struct channel *)((char *)o - __builtin_offsetof(struct channel, client));
}
static inline struct channel *channel_of_server(struct kobject *o)
{
    return (struct channel *)((char *)o - __builtin_offsetof(struct channel, server));
}

#endif
