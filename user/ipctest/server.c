/* IpcServer NAME...: registers every channel NAME and serves them all through its listener with the
 * generated dispatcher. */
#include <string.h>
#include "ipctest.h"
#include "IpcServer.edl.h"

static struct server_stats stats;
static vg_handle_t passed = VG_INVALID_HANDLE;   /* the handle received by Pass */

static rc_t do_echo(struct ipctest_Echo *self, const struct ipctest_Echo_Echo_req *req, const struct nk_arena *req_arena,
                    union ipctest_Echo_Echo_res *res, struct nk_arena *res_arena)
{
    (void)self;
    stats.last_value = req->value;
    if (req->value == V_DENY)
        stats.denied_values++;
    if (req->value == V_DIE)
        vg_task_exit(0);
    if ((req->value & 0xff000000u) == V_HOLD)
        vg_thread_sleep((uint64_t)(req->value & 0xffffffu) * 1000000u);
    if (req->value == V_QUERY) {
        res->out.result = stats.received;
        return NK_ARENA_STORE(uint8_t, res_arena, &res->out.back, &stats, sizeof stats);
    }
    const uint8_t *data;
    size_t n;
    rc_t rc = NK_ARENA_GET(uint8_t, req_arena, &req->data, &data, &n);
    if (rc != rcOk)
        return rc;
    res->out.result = req->value + 1;
    return NK_ARENA_STORE(uint8_t, res_arena, &res->out.back, data, n);
}

static rc_t do_pass(struct ipctest_Echo *self, const struct ipctest_Echo_Pass_req *req, const struct nk_arena *req_arena,
                    union ipctest_Echo_Pass_res *res, struct nk_arena *res_arena)
{
    (void)self, (void)req_arena, (void)res_arena;
    if (passed != VG_INVALID_HANDLE) {
        /* The previous one: the client has revoked it since; using it must fail. */
        struct ipctest_Echo_Echo_req r = {.value = 1};
        union ipctest_Echo_Echo_res s;
        struct vg_msgbuf in = {&r, sizeof r, 0, 0}, out = {&s, sizeof s, 0, 0};
        r.hdr = (struct vg_msg_hdr){.size = sizeof r, .flags = VG_MSG_REQUEST};
        stats.revoked_use_rc = vg_call(passed, &in, &out);
        vg_handle_close(passed);
    }
    passed = req->h.handle;
    res->out.ok = req->h.rights; /* as narrowed by the sender and delivered by the kernel */
    return rcOk;
}

static rc_t do_give(struct ipctest_Echo *self, const struct ipctest_Echo_Give_req *req, const struct nk_arena *req_arena,
                    union ipctest_Echo_Give_res *res, struct nk_arena *res_arena)
{
    (void)self, (void)req_arena, (void)res_arena;
    res->out.h.handle = passed;
    res->out.h.rights = req->rights;
    passed = VG_INVALID_HANDLE; /* a transfer leaves the sender's handle in place: it is now the client's too */
    return rcOk;
}

static rc_t do_value(uint32_t value, uint32_t *result)
{
    *result = value;
    return rcOk;
}

static rc_t do_denied(struct ipctest_Echo *self, const struct ipctest_Echo_Denied_req *req, const struct nk_arena *a,
                      union ipctest_Echo_Denied_res *res, struct nk_arena *ra)
{
    (void)self, (void)a, (void)ra;
    return do_value(req->value, &res->out.result);
}

static rc_t do_denied_response(struct ipctest_Echo *self, const struct ipctest_Echo_DeniedResponse_req *req,
                               const struct nk_arena *a, union ipctest_Echo_DeniedResponse_res *res, struct nk_arena *ra)
{
    (void)self, (void)a, (void)ra;
    return do_value(req->value, &res->out.result);
}

static rc_t do_fail(struct ipctest_Echo *self, const struct ipctest_Echo_Fail_req *req, const struct nk_arena *a,
                    union ipctest_Echo_Fail_res *res, struct nk_arena *ra)
{
    (void)self, (void)a, (void)ra;
    res->err.code = req->value;
    return NK_ERROR_RESPONSE;
}

static const struct ipctest_Echo_ops ops = {do_echo, do_pass, do_give, do_denied, do_denied_response, do_fail};

static union IpcServer_entity_req req_buf;
static union IpcServer_entity_res res_buf;
static uint8_t req_arena[IpcServer_entity_req_arena_size], res_arena[IpcServer_entity_res_arena_size];

int server_main(int argc, char **argv)
{
    vg_handle_t listener = VG_INVALID_HANDLE, server;
    for (int i = 1; i < argc; i++) {
        rc_t rc = vg_ipc_register(argv[i], &listener, &server);
        if (rc != rcOk) {
            printf("FAIL server_register: %s: %s\n", argv[i], rc_name(rc));
            return 1;
        }
    }
    struct ipctest_Echo echo = {&ops};
    struct IpcServer_entity entity;
    IpcServer_entity_init(&entity, &echo);
    struct nk_vg_transport t;
    nk_vg_transport_init(&t, listener);
    struct nk_server s;
    nk_server_init(&s, &t.base, IpcServer_entity_dispatch, &entity, &req_buf, sizeof req_buf, req_arena,
                   sizeof req_arena, &res_buf, sizeof res_buf, res_arena, sizeof res_arena);
    for (;;) {
        rc_t rc = t.base.ops->recv(&t.base, s.req, s.req_cap, &s.req_arena);
        if (rc == rcNotConnected)
            return 0; /* every client is gone */
        if (rc != rcOk) {
            printf("FAIL server_recv: %s\n", rc_name(rc));
            return 1;
        }
        stats.received++;
        nk_arena_reset(&s.res_arena);
        IpcServer_entity_dispatch(&entity, s.req, &s.req_arena, s.res, &s.res_arena);
        stats.last_reply_rc = t.base.ops->reply(&t.base, s.res, &s.res_arena);
        nk_arena_reset(&s.req_arena);
    }
}
