/* The ipc.IPC methods. */
#include <string.h>
#include <vigil/core_call.h>
#include <vigil/ipc.h>

static rc_t named4(uint16_t mid, const uint64_t arg[4], const char *name, uint64_t val[2])
{
    if (!name)
        return rcInvalidArgument;
    size_t len = strlen(name) + 1;
    if (len > VG_ARENA_MAX_SIZE)
        return rcBufferTooLarge;
    const struct vg_arena_ptr str[2] = { { 0, (uint32_t)len }, { 0, 0 } };
    return vg_core_call(VG_CORE_IPC, mid, arg, str, name, (uint32_t)len, val);
}

static rc_t named(uint16_t mid, uint64_t a0, uint64_t a1, const char *name, uint64_t val[2])
{
    const uint64_t arg[4] = { a0, a1, 0, 0 };
    return named4(mid, arg, name, val);
}

rc_t vg_ipc_create_channel(vg_pid_t client, vg_pid_t server, const char *name, vg_handle_t *client_h,
                           vg_handle_t *server_h)
{
    uint64_t val[2];
    rc_t rc = named(VG_IPC_CREATE_CHANNEL, client, server, name, val);
    if (rc == rcOk) {
        if (client_h)
            *client_h = (vg_handle_t)val[0];
        if (server_h)
            *server_h = (vg_handle_t)val[1];
    }
    return rc;
}

rc_t vg_ipc_connect(const char *name, vg_handle_t *client_h)
{
    uint64_t val[2];
    rc_t rc = named(VG_IPC_CONNECT, 0, 0, name, val);
    if (rc == rcOk && client_h)
        *client_h = (vg_handle_t)val[0];
    return rc;
}

rc_t vg_ipc_register(const char *name, vg_handle_t *listener_h, vg_handle_t *server_h)
{
    uint64_t val[2];
    rc_t rc = named(VG_IPC_REGISTER, 0, 0, name, val);
    if (rc == rcOk) {
        if (listener_h)
            *listener_h = (vg_handle_t)val[0];
        if (server_h)
            *server_h = (vg_handle_t)val[1];
    }
    return rc;
}

rc_t vg_ipc_get_riid(vg_handle_t client_h, const char *endpoint, vg_iid_t *riid)
{
    uint64_t val[2];
    rc_t rc = named(VG_IPC_GET_RIID, client_h, 0, endpoint, val);
    if (rc == rcOk && riid)
        *riid = (vg_iid_t)val[0];
    return rc;
}

rc_t vg_ipc_sync_create(vg_handle_t *sync_h)
{
    uint64_t val[2];
    rc_t rc = vg_core_call4(VG_CORE_IPC, VG_IPC_CREATE_SYNC, 0, 0, 0, 0, val);
    if (rc == rcOk && sync_h)
        *sync_h = (vg_handle_t)val[0];
    return rc;
}

rc_t vg_ipc_set_interrupt(vg_handle_t sync_h)
{
    return vg_core_call4(VG_CORE_IPC, VG_IPC_SET_INTERRUPT, sync_h, 0, 0, 0, 0);
}

rc_t vg_ipc_clear_interrupt(vg_handle_t sync_h)
{
    return vg_core_call4(VG_CORE_IPC, VG_IPC_CLEAR_INTERRUPT, sync_h, 0, 0, 0, 0);
}

rc_t vg_ipc_peer(uint64_t pid, uint64_t sid, uint64_t *peer_pid, uint64_t *peer_sid)
{
    uint64_t val[2];
    rc_t rc = vg_core_call4(VG_CORE_IPC, VG_IPC_PEER, pid, sid, 0, 0, val);
    if (rc == rcOk) {
        if (peer_pid)
            *peer_pid = val[0];
        if (peer_sid)
            *peer_sid = val[1];
    }
    return rc;
}

rc_t vg_ipc_link(uint64_t client_pid, uint64_t client_sid, uint64_t server_pid, uint64_t server_sid,
                 const char *name, vg_handle_t *client_h, vg_handle_t *server_h)
{
    const uint64_t arg[4] = { client_pid, client_sid, server_pid, server_sid };
    uint64_t val[2];
    rc_t rc = named4(VG_IPC_LINK, arg, name, val);
    if (rc == rcOk) {
        if (client_h)
            *client_h = (vg_handle_t)val[0];
        if (server_h)
            *server_h = (vg_handle_t)val[1];
    }
    return rc;
}
