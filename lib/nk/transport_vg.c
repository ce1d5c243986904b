/* The kernel transport: nk_transport ops over vg_call_ex / vg_recv_ex / vg_reply (guest only). */
#include <vigil/nk/transport.h>
#include <vigil/core.h>
#include <vigil/syscall.h>

static struct nk_vg_transport *vg(struct nk_transport *t)
{
    return (struct nk_vg_transport *)t;
}

/* A message the register ABI can carry: small, no arena, no handles. */
static bool fits_registers(const struct vg_msg_hdr *m, const struct nk_arena *arena)
{
    return m->size <= VG_REG_MAX_SIZE && m->ncaps == 0 && nk_arena_used(arena) == 0;
}

/* A message that came in registers, into its memory form (the kernel checked it against the method's
 * layout, so it fits a buffer sized for the method; cap is checked all the same). */
static rc_t from_registers(const struct vg_regmsg *m, struct vg_msg_hdr *to, uint32_t cap)
{
    if (vg_reg_size(m->hdr) > cap)
        return rcBufferTooSmall;
    vg_reg_unpack(m, to);
    return rcOk;
}

static rc_t vg_transport_call(struct nk_transport *t, const struct vg_msg_hdr *req, const struct nk_arena *req_arena,
                              struct vg_msg_hdr *res, uint32_t res_cap, struct nk_arena *res_arena)
{
    struct vg_msgbuf out = {
        .data = (void *)req, .data_size = req->size,
        .arena_size = nk_arena_used(req_arena), .arena = req_arena ? req_arena->start : 0,
    };
    struct vg_msgbuf in = {
        .data = res, .data_size = res_cap,
        .arena_size = res_arena ? (uint32_t)(res_arena->end - res_arena->start) : 0,
        .arena = res_arena ? res_arena->start : 0,
    };
    rc_t rc;
    if (fits_registers(req, req_arena)) {
        /* The register ABI (the IPC fastpath's); a response that does not fit comes to `in`. */
        struct vg_regmsg m;
        vg_reg_pack(req, &m);
        rc = vg_call_reg_ex(vg(t)->handle, &m, &in, vg(t)->timeout_ns, vg(t)->sync);
        if (rc == rcOk && !(m.hdr & VG_REG_IN_MEMORY))
            rc = from_registers(&m, res, res_cap);
    } else {
        rc = vg_call_ex(vg(t)->handle, &out, &in, vg(t)->timeout_ns, vg(t)->sync);
    }
    if (rc == rcOk && res_arena)
        rc = nk_arena_set_used(res_arena, res->arena_size);
    return rc;
}

static rc_t vg_transport_recv(struct nk_transport *t, struct vg_msg_hdr *req, uint32_t req_cap,
                              struct nk_arena *req_arena)
{
    struct vg_msgbuf in = {
        .data = req, .data_size = req_cap,
        .arena_size = req_arena ? (uint32_t)(req_arena->end - req_arena->start) : 0,
        .arena = req_arena ? req_arena->start : 0,
    };
    rc_t rc = vg_recv_ex(vg(t)->handle, &in, vg(t)->timeout_ns, vg(t)->sync);
    if (rc == rcOk && req_arena)
        rc = nk_arena_set_used(req_arena, req->arena_size);
    return rc;
}

static rc_t vg_transport_reply(struct nk_transport *t, const struct vg_msg_hdr *res, const struct nk_arena *res_arena)
{
    struct vg_msgbuf out = {
        .data = (void *)res, .data_size = res->size,
        .arena_size = nk_arena_used(res_arena), .arena = res_arena ? res_arena->start : 0,
    };
    return vg_reply(vg(t)->handle, &out);
}

static rc_t vg_transport_reply_recv(struct nk_transport *t, const struct vg_msg_hdr *res,
                                    const struct nk_arena *res_arena, struct vg_msg_hdr *req, uint32_t req_cap,
                                    struct nk_arena *req_arena)
{
    struct vg_regmsg m = {0, {0}};
    if (res && fits_registers(res, res_arena)) {
        vg_reg_pack(res, &m);
    } else if (res) {
        rc_t rc = vg_transport_reply(t, res, res_arena); /* too large for registers: by memory first */
        if (rc != rcOk)
            return rc;
    }
    struct vg_msgbuf in = {
        .data = req, .data_size = req_cap,
        .arena_size = req_arena ? (uint32_t)(req_arena->end - req_arena->start) : 0,
        .arena = req_arena ? req_arena->start : 0,
    };
    rc_t rc = vg_reply_recv_reg_ex(vg(t)->handle, &m, &in, vg(t)->timeout_ns, vg(t)->sync);
    if (rc == rcOk && !(m.hdr & VG_REG_IN_MEMORY))
        rc = from_registers(&m, req, req_cap);
    if (rc == rcOk && req_arena)
        rc = nk_arena_set_used(req_arena, req->arena_size);
    return rc;
}

static const struct nk_transport_ops vg_transport_ops = {
    .call = vg_transport_call,
    .recv = vg_transport_recv,
    .reply = vg_transport_reply,
    .reply_recv = vg_transport_reply_recv,
};

void nk_vg_transport_init(struct nk_vg_transport *t, uint32_t handle)
{
    t->base.ops = &vg_transport_ops;
    t->handle = handle;
    t->timeout_ns = VG_INFINITE;
    t->sync = VG_INVALID_HANDLE;
}

/* ---- the security transport: generated proxies of a class's security interface ---- */

/* The kernel answers with the decision only; a granted query gets the empty response a method with
 * in-parameters only has, so the generated proxy sees rcOk. */
static rc_t vg_security_call(struct nk_transport *t, const struct vg_msg_hdr *req, const struct nk_arena *req_arena,
                             struct vg_msg_hdr *res, uint32_t res_cap, struct nk_arena *res_arena)
{
    (void)t;
    struct vg_msgbuf out = {
        .data = (void *)req, .data_size = req->size,
        .arena_size = nk_arena_used(req_arena), .arena = req_arena ? req_arena->start : 0,
    };
    rc_t rc = vg_call(VG_SECURITY_HANDLE, &out, 0);
    if (rc != rcOk)
        return rc;
    if (res_cap < sizeof *res)
        return rcBufferTooSmall;
    *res = (struct vg_msg_hdr){.size = sizeof *res, .riid = req->riid, .mid = req->mid, .flags = VG_MSG_RESPONSE};
    if (res_arena)
        nk_arena_set_used(res_arena, 0);
    return rcOk;
}

static const struct nk_transport_ops vg_security_ops = {.call = vg_security_call};

void nk_vg_security_transport_init(struct nk_vg_transport *t)
{
    t->base.ops = &vg_security_ops;
    t->handle = VG_SECURITY_HANDLE;
    t->timeout_ns = VG_INFINITE;
    t->sync = VG_INVALID_HANDLE;
}
