/* Channel and listener objects: creation, naming, and what happens when an end goes away. */
#include "channel.h"
#include "handle.h"
#include "ipc.h"
#include "kcache.h"
#include "kheap.h"
#include "notice.h"
#include "process.h"
#include "security.h"
#include "string.h"

static struct kcache channel_cache, listener_cache;

void channel_init(void)
{
    kcache_init(&channel_cache, "channel", sizeof(struct channel), CHANNEL_MAX, &kheap_pages);
    kcache_init(&listener_cache, "listener", sizeof(struct listener), PROCESS_MAX, &kheap_pages);
}


struct ipc_port *channel_port(struct channel *c)
{
    return &c->listener->port;
}

/* Wakes every thread of q with rc (their IPC operation ends with it). */
static void fail_all(struct wait_queue *q, rc_t rc)
{
    while (q->head)
        ipc_wake(q->head, rc); /* takes it off q */
}

static void maybe_free(struct channel *c)
{
    if (c->client.refs || c->server.refs || !c->client_gone || !c->server_gone)
        return;
    if (c->listener) {
        c->listener->channels--;
        kobject_unref(&c->listener->obj);
    }
    kcache_free(&channel_cache, c);
}

static void client_end_destroyed(struct kobject *o)
{
    struct channel *c = channel_of_client(o);
    c->client_gone = true;
    uint64_t flags = arch_irq_save();
    notice_raise(&c->server, VG_EVENT_PEER_GONE);
    struct listener *l = c->listener;
    if (l && --l->live_clients == 0)
        fail_all(&l->port.receivers, rcNotConnected); /* nobody can call this server any more */
    else if (l) {
        /* Receivers of this channel alone (Recv on its server handle) will never get a request. */
        for (struct thread *t = l->port.receivers.head, *next; t; t = next) {
            next = t->next;
            if (t->ipc.only == c)
                ipc_wake(t, rcNotConnected);
        }
    }
    arch_irq_restore(flags);
    /* A dynamic channel's server handle goes with its client: its server holds it only for this. */
    struct kobject *so;
    if (c->dyn_server && !c->server_gone &&
        handle_lookup(&c->dyn_server->handles, c->dyn_server_h, KOBJ_CHANNEL_SERVER, 0, &so, 0) == rcOk &&
        so == &c->server)
        handle_close(&c->dyn_server->handles, c->dyn_server_h);
    c->dyn_server = 0;
    maybe_free(c);
}

bool ipc_port_orphaned(struct ipc_port *port, struct channel *only)
{
    if (only)
        return only->client_gone;
    struct listener *l = (struct listener *)((char *)port - __builtin_offsetof(struct listener, port));
    /* Also when it gathers no channel at all any more: its dynamic channels all went, their server
     * handles with their clients (a listener is only made for a channel, so it has had one). */
    return l->live_clients == 0;
}

static void server_end_destroyed(struct kobject *o)
{
    struct channel *c = channel_of_server(o);
    c->server_gone = true;
    uint64_t flags = arch_irq_save();
    notice_raise(&c->client, VG_EVENT_PEER_GONE);
    /* Clients waiting for a server that will never come get rcNotConnected (queued ones: only those of
     * this channel, the listener's port is shared). */
    struct ipc_port *port = channel_port(c);
    for (struct thread *t = port->senders.head, *next; t; t = next) {
        next = t->next;
        if (t->ipc.chan == c)
            ipc_wake(t, rcNotConnected);
    }
    arch_irq_restore(flags);
    maybe_free(c);
}

static void listener_destroyed(struct kobject *o)
{
    struct listener *l = (struct listener *)o;
    uint64_t flags = arch_irq_save();
    fail_all(&l->port.senders, rcNotConnected);
    fail_all(&l->port.receivers, rcNotConnected);
    arch_irq_restore(flags);
    kcache_free(&listener_cache, l);
}

rc_t listener_get(struct process *p, struct listener **out)
{
    if (!p->listener) {
        struct listener *l = kcache_alloc(&listener_cache);
        if (!l)
            return rcOutOfMemory;
        rc_t rc = kobject_init(&l->obj, KOBJ_LISTENER, listener_destroyed);
        if (rc != rcOk) {
            kcache_free(&listener_cache, l);
            return rc;
        }
        l->owner = p;
        p->listener = l; /* the process holds this first reference until it ends */
    }
    *out = p->listener;
    return rcOk;
}

/* The channel itself, once the callers' checks passed: client and server handles installed, the server
 * end in the server's listener. */
static rc_t channel_make(struct process *client, struct process *server, const char *name, size_t len,
                         uint32_t *client_h, uint32_t *server_h, struct channel **out)
{
    struct listener *l;
    rc_t rc = listener_get(server, &l);
    if (rc != rcOk)
        return rc;
    struct channel *c = kcache_alloc(&channel_cache);
    if (!c)
        return kcache_in_use(&channel_cache) >= CHANNEL_MAX ? rcQuotaExceeded : rcOutOfMemory;
    if ((rc = kobject_init(&c->client, KOBJ_CHANNEL_CLIENT, client_end_destroyed)) != rcOk) {
        kcache_free(&channel_cache, c);
        return rc;
    }
    if ((rc = kobject_init(&c->server, KOBJ_CHANNEL_SERVER, server_end_destroyed)) != rcOk) {
        c->client.destroy = 0;
        kobject_unref(&c->client);
        kcache_free(&channel_cache, c);
        return rc;
    }
    memcpy(c->name, name, len + 1);
    for (unsigned k = 0; k < 2; k++)
        for (unsigned w = 0; w < CHANNEL_MEMO_WAYS; w++) {
            c->memo[k][w] = (struct ksm_memo){0};
            c->fast_memo[k][w] = (struct ipc_fast_memo){0};
        }
    c->server_class = server->class_id;
    c->dyn_server = 0;
    c->dyn_server_h = 0;
    kobject_ref(&l->obj);
    c->listener = l;
    l->channels++;
    l->live_clients++;
    uint32_t ch = 0, sh = 0;
    rc = handle_install(&client->handles, &c->client, VG_RIGHT_IPC_CLIENT | VG_RIGHT_TRANSFER | VG_RIGHT_COPY |
                                                          VG_RIGHT_GET_SID, &ch);
    if (rc == rcOk)
        rc = handle_install(&server->handles, &c->server, VG_RIGHT_IPC_SERVER | VG_RIGHT_GET_SID, &sh);
    /* The creator's references go: from now on the handles hold the ends. */
    kobject_unref(&c->client);
    kobject_unref(&c->server);
    if (rc != rcOk) {
        if (ch)
            handle_close(&client->handles, ch);
        return rc; /* the ends were released with their last reference */
    }
    *client_h = ch;
    *server_h = sh;
    *out = c;
    return rcOk;
}

rc_t channel_create(struct process *client, struct process *server, const char *name, uint32_t *client_h,
                    uint32_t *server_h)
{
    size_t len = strnlen(name, CHANNEL_NAME_MAX);
    if (len == 0 || len == CHANNEL_NAME_MAX)
        return rcInvalidArgument;
    /* Several clients may reach one server under one name (every client of a KOS VFS names its channel
     * the same): the server keeps the name of the first of them, and Register by it gives the listener
     * that gathers them all. The client must not know the name, nor the server know it as a client. */
    uint32_t known_client_h = 0;
    bool shared = process_channel_find(server, name, &known_client_h, 0) == rcOk;
    if (process_channel_find(client, name, 0, 0) == rcOk || (shared && known_client_h))
        return rcAlreadyExists;
    if (!process_channel_room(client) || (!shared && !process_channel_room(server)))
        return rcQuotaExceeded;
    struct channel *c;
    rc_t rc = channel_make(client, server, name, len, client_h, server_h, &c);
    if (rc != rcOk)
        return rc;
    process_channel_add(client, name, *client_h, 0);
    if (!shared)
        process_channel_add(server, name, 0, *server_h);
    return rcOk;
}

rc_t channel_create_dynamic(struct process *client, struct process *server, const char *name,
                            uint32_t *client_h, uint32_t *server_h)
{
    size_t len = strnlen(name, CHANNEL_NAME_MAX);
    if (len == 0 || len == CHANNEL_NAME_MAX || client == server)
        return rcInvalidArgument;
    struct channel *c;
    rc_t rc = channel_make(client, server, name, len, client_h, server_h, &c);
    if (rc != rcOk)
        return rc;
    c->dyn_server = server;
    c->dyn_server_h = *server_h;
    /* The server may know the name, so that Register by it gives its listener (as for the static
     * channels of a shared name: the first one's is kept); the client gets its handle from the caller. */
    if (process_channel_find(server, name, 0, 0) != rcOk && process_channel_room(server))
        process_channel_add(server, name, 0, *server_h);
    return rcOk;
}
