/* ipc.IPC: channels (created by a process for itself or its children, found by name), listeners and
 * IPC interrupt objects. */
#include "core.h"
#include "ns_ep.h"
#include "../channel.h"
#include "../handle.h"
#include "../ipc.h"
#include "../process.h"
#include "../security.h"

/* The caller itself (pid 0 or its own) or one of its children that has not ended. */
static struct process *self_or_child(uint64_t pid)
{
    struct process *me = process_current();
    if (pid == 0 || pid == me->pid)
        return me;
    struct process *p = pid <= UINT32_MAX ? process_by_pid((uint32_t)pid) : 0;
    return p && p->parent == me && p->state == PROCESS_RUNNING ? p : 0;
}

static rc_t create_channel(const struct core_args *a, uint64_t val[2])
{
    struct process *client = self_or_child(a->arg[0]), *server = self_or_child(a->arg[1]);
    if (!client || !server)
        return rcResourceNotFound;
    uint32_t ch, sh;
    rc_t rc = channel_create(client, server, a->str[0], &ch, &sh);
    if (rc == rcOk) {
        val[0] = client == process_current() ? ch : 0;
        val[1] = server == process_current() ? sh : 0;
    }
    return rc;
}

static rc_t connect(const struct core_args *a, uint64_t val[2])
{
    uint32_t ch;
    rc_t rc = process_channel_find(process_current(), a->str[0], &ch, 0);
    if (rc != rcOk || !ch)
        return rcResourceNotFound;
    val[0] = ch;
    return rcOk;
}

static rc_t register_(const struct core_args *a, uint64_t val[2])
{
    struct process *p = process_current();
    uint32_t sh;
    rc_t rc = process_channel_find(p, a->str[0], 0, &sh);
    if (rc != rcOk || !sh)
        return rcResourceNotFound;
    struct listener *l;
    if ((rc = listener_get(p, &l)) != rcOk)
        return rc;
    /* The handle given before, if this process still holds it; a new one otherwise (it was closed). */
    struct kobject *o;
    if (!p->listener_h || handle_lookup(&p->handles, p->listener_h, KOBJ_LISTENER, 0, &o, 0) != rcOk ||
        o != &l->obj) {
        p->listener_h = 0;
        rc = handle_install(&p->handles, &l->obj, VG_RIGHT_IPC_LISTENER | VG_RIGHT_IPC_SERVER, &p->listener_h);
        if (rc != rcOk)
            return rc;
    }
    val[0] = p->listener_h;
    val[1] = sh;
    return rcOk;
}

static rc_t create_sync(const struct core_args *a, uint64_t val[2])
{
    (void)a;
    struct ipc_sync *s;
    rc_t rc = ipc_sync_create(&s);
    if (rc != rcOk)
        return rc;
    uint32_t h;
    rc = handle_install(&process_current()->handles, &s->obj, 0, &h); /* no rights: not transferable */
    kobject_unref(&s->obj);
    if (rc == rcOk)
        val[0] = h;
    return rc;
}

static rc_t set_sync(const struct core_args *a, bool on)
{
    struct kobject *o;
    if (a->arg[0] > UINT32_MAX)
        return rcInvalidArgument;
    rc_t rc = handle_lookup(&process_current()->handles, (uint32_t)a->arg[0], KOBJ_IPC_SYNC, 0, &o, 0);
    if (rc == rcOk)
        ipc_sync_set((struct ipc_sync *)o, on);
    return rc;
}

static rc_t set_interrupt(const struct core_args *a, uint64_t val[2])
{
    (void)val;
    return set_sync(a, true);
}

static rc_t clear_interrupt(const struct core_args *a, uint64_t val[2])
{
    (void)val;
    return set_sync(a, false);
}

/* The RIID of the endpoint named str[0] ("ping" or "pingComp.pingImpl") in the class of the server at
 * the other end of client handle arg[0] (ServiceLocatorGetRiid). */
static rc_t get_riid(const struct core_args *a, uint64_t val[2])
{
    struct kobject *o;
    if (a->arg[0] > UINT32_MAX)
        return rcInvalidArgument;
    rc_t rc = handle_lookup(&process_current()->handles, (uint32_t)a->arg[0], KOBJ_CHANNEL_CLIENT, 0, &o, 0);
    if (rc != rcOk)
        return rc;
    int riid = security_endpoint_riid(channel_of_client(o)->server_class, a->str[0]);
    if (riid < 0)
        return rcResourceNotFound;
    val[0] = (uint64_t)riid;
    return rcOk;
}

static const struct core_method methods[] = {
    [VG_IPC_GET_RIID] = {get_riid, 1, 1, 1},
    [VG_IPC_CREATE_CHANNEL] = {create_channel, 2, 1, 1}, [VG_IPC_CONNECT] = {connect, 0, 1, 1},
    [VG_IPC_REGISTER] = {register_, 0, 1, 1},            [VG_IPC_CREATE_SYNC] = {create_sync, 0, 0, 0},
    [VG_IPC_SET_INTERRUPT] = {set_interrupt, 1, 0, 0},   [VG_IPC_CLEAR_INTERRUPT] = {clear_interrupt, 1, 0, 0},
    [VG_IPC_PEER] = {core_ipc_peer, 2, 0, 0},            [VG_IPC_LINK] = {core_ipc_link, 4, 1, 1},
};
const struct core_endpoint core_ipc_ep = {"ipc.IPC", methods, sizeof methods / sizeof methods[0]};
