/* The name server's client library (<vigil/ns.h>): each call is one request of kl.core.NS. */
#include <string.h>
#include <vigil/ipc.h>
#include <vigil/ns.h>

rc_t vg_ns_create(vg_ns_t *ns)
{
    vg_handle_t h;
    vg_iid_t riid;
    rc_t rc = vg_ipc_connect(VG_NS_CHANNEL, &h);
    if (rc == rcOk)
        rc = vg_ipc_get_riid(h, VG_NS_ENDPOINT, &riid);
    if (rc != rcOk)
        return rc;
    ns->h = h;
    ns->riid = riid;
    return rcOk;
}

/* Strings of a request: each 1 to VG_NS_NAME_MAX - 1 bytes, or NULL/"" for an empty one. */
static int put_str(char *arena, uint32_t *used, struct vg_arena_ptr *p, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n >= VG_NS_NAME_MAX)
        return -1;
    if (n == 0) {
        *p = (struct vg_arena_ptr){0, 0};
        return 0;
    }
    *p = (struct vg_arena_ptr){*used, (uint32_t)n + 1};
    memcpy(arena + *used, s, n + 1);
    *used += ((uint32_t)n + 1 + 7) & ~7u;
    return 0;
}

/* out[i] (VG_NS_NAME_MAX bytes each, or NULL) gets the response's i-th string. */
static void get_str(const struct vg_ns_res *res, const char *arena, uint32_t arena_size, int i, char *out)
{
    if (!out)
        return;
    const struct vg_arena_ptr *p = &res->str[i];
    out[0] = '\0';
    if (p->size == 0 || p->size > VG_NS_NAME_MAX || p->offset > arena_size || p->size > arena_size - p->offset)
        return;
    memcpy(out, arena + p->offset, p->size);
    out[p->size - 1] = '\0';
}

static rc_t ns_call(const vg_ns_t *ns, uint16_t mid, uint64_t a0, uint64_t a1, const char *s0, const char *s1,
                    const char *s2, uint64_t timeout_ns, uint64_t val[2], char *o0, char *o1, char *o2)
{
    char arena[3 * VG_NS_NAME_MAX], res_arena[3 * VG_NS_NAME_MAX];
    struct vg_ns_req req = {
        .hdr = {.size = sizeof req, .riid = ns->riid, .mid = mid, .flags = VG_MSG_REQUEST},
        .arg = {a0, a1},
    };
    uint32_t used = 0;
    if (put_str(arena, &used, &req.str[0], s0) || put_str(arena, &used, &req.str[1], s1) ||
        put_str(arena, &used, &req.str[2], s2))
        return rcInvalidArgument;
    req.hdr.arena_size = used;
    struct vg_ns_res res = {0};
    const struct vg_msgbuf in = {.data = &req, .data_size = sizeof req, .arena_size = used, .arena = arena};
    struct vg_msgbuf out = {.data = &res, .data_size = sizeof res, .arena_size = sizeof res_arena,
                            .arena = res_arena};
    rc_t rc = vg_call_ex(ns->h, &in, &out, timeout_ns, VG_INVALID_HANDLE);
    if (rc != rcOk)
        return rc;
    if (res.hdr.size != sizeof res || !(res.hdr.flags & VG_MSG_RESPONSE))
        return rcReceiveError;
    if (val) {
        val[0] = res.val[0];
        val[1] = res.val[1];
    }
    get_str(&res, res_arena, res.hdr.arena_size, 0, o0);
    get_str(&res, res_arena, res.hdr.arena_size, 1, o1);
    get_str(&res, res_arena, res.hdr.arena_size, 2, o2);
    return res.rc;
}

rc_t vg_ns_publish(vg_ns_t *ns, const char *server, const char *endpoint, const char *iface)
{
    return ns_call(ns, VG_NS_PUBLISH, 0, 0, server, endpoint, iface, VG_INFINITE, 0, 0, 0, 0);
}

rc_t vg_ns_withdraw(vg_ns_t *ns, const char *server, const char *endpoint)
{
    return ns_call(ns, VG_NS_WITHDRAW, 0, 0, server, endpoint, 0, VG_INFINITE, 0, 0, 0, 0);
}

rc_t vg_ns_enum(vg_ns_t *ns, const char *iface, unsigned index, char server[VG_NS_NAME_MAX],
                char endpoint[VG_NS_NAME_MAX], char iface_out[VG_NS_NAME_MAX])
{
    return ns_call(ns, VG_NS_ENUM, index, 0, 0, 0, iface, VG_INFINITE, 0, server, endpoint, iface_out);
}

static vg_ns_t cm_ns;
static int cm_ready;

void vg_cm_init(const vg_ns_t *ns)
{
    cm_ns = *ns;
    cm_ready = 1;
}

static rc_t cm(void)
{
    if (cm_ready)
        return rcOk;
    rc_t rc = vg_ns_create(&cm_ns);
    cm_ready = rc == rcOk;
    return rc;
}

/* The IPC call to the name server waits a little longer than the name server does, so its answer
 * (rcTimeout included) arrives; only a name server that does not answer at all times the call out. */
static uint64_t call_timeout(uint64_t timeout_ns)
{
    const uint64_t margin = 1000000000ull;
    return timeout_ns >= VG_INFINITE - margin ? VG_INFINITE : timeout_ns + margin;
}

rc_t vg_cm_connect(const char *server, const char *endpoint, uint64_t timeout_ns, vg_handle_t *client_h)
{
    rc_t rc = cm();
    uint64_t val[2];
    if (rc == rcOk)
        rc = ns_call(&cm_ns, VG_NS_CONNECT, timeout_ns, 0, server, endpoint, 0, call_timeout(timeout_ns), val, 0,
                     0, 0);
    if (rc == rcOk)
        *client_h = (vg_handle_t)val[0];
    return rc;
}

rc_t vg_cm_listen(const char *endpoint, uint64_t timeout_ns, struct vg_cm_request *r)
{
    rc_t rc = cm();
    uint64_t val[2];
    if (rc == rcOk)
        rc = ns_call(&cm_ns, VG_NS_LISTEN, timeout_ns, 0, 0, endpoint, 0, call_timeout(timeout_ns), val, r->server,
                     r->endpoint, 0);
    if (rc == rcOk) {
        r->id = val[0];
        r->client_pid = (uint32_t)val[1];
    }
    return rc;
}

rc_t vg_cm_accept(const struct vg_cm_request *r, vg_handle_t *server_h)
{
    rc_t rc = cm();
    uint64_t val[2];
    if (rc == rcOk)
        rc = ns_call(&cm_ns, VG_NS_ACCEPT, r->id, 0, 0, 0, 0, VG_INFINITE, val, 0, 0, 0);
    if (rc == rcOk && server_h)
        *server_h = (vg_handle_t)val[0];
    return rc;
}

rc_t vg_cm_reject(const struct vg_cm_request *r)
{
    rc_t rc = cm();
    if (rc == rcOk)
        rc = ns_call(&cm_ns, VG_NS_REJECT, r->id, 0, 0, 0, 0, VG_INFINITE, 0, 0, 0, 0);
    return rc;
}
