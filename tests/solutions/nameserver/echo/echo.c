/* t.Echo: publishes t.Echo/echo (and t.Echo/idle, which it never listens for), then accepts one
 * connection at a time and answers one call on it: Ping(value) with value + 1 (Ping(0) ends it), or
 * Keep(h), which closes the handle it was sent. */
#include <stdbool.h>
#include <stdio.h>
#include <vigil/handle.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>
#include <vigil/ns.h>

#include "t/Echo.edl.h"

static bool quit;

static rc_t ping(struct t_Echo *self, const struct t_Echo_Ping_req *req, const struct nk_arena *req_arena,
                 union t_Echo_Ping_res *res, struct nk_arena *res_arena)
{
    (void)self, (void)req_arena, (void)res_arena;
    res->out.result = req->value + 1;
    quit = req->value == 0;
    return rcOk;
}

/* A handle sent over the dynamic channel arrives as over any other: it is closed again. */
static rc_t keep(struct t_Echo *self, const struct t_Echo_Keep_req *req, const struct nk_arena *req_arena,
                 union t_Echo_Keep_res *res, struct nk_arena *res_arena)
{
    (void)self, (void)req_arena, (void)res_arena;
    res->out.got = req->h.handle != VG_INVALID_HANDLE && vg_handle_close(req->h.handle) == rcOk;
    return rcOk;
}

static const struct t_Echo_ops echo_ops = {ping, keep};
static union t_Echo_entity_req req;
static union t_Echo_entity_res res;

int main(void)
{
    vg_ns_t ns;
    rc_t rc = vg_ns_create(&ns);
    if (rc == rcOk)
        rc = vg_ns_publish(&ns, "t.Echo", "echo", "t.Echo");
    if (rc == rcOk)
        rc = vg_ns_publish(&ns, "t.Echo", "idle", "t.Idle");
    if (rc != rcOk) {
        printf("t.Echo: cannot publish: %s\n", rc_name(rc));
        return 1;
    }
    vg_cm_init(&ns);
    struct t_Echo impl = {&echo_ops};
    struct t_Echo_entity entity;
    t_Echo_entity_init(&entity, &impl);
    struct nk_vg_transport t;
    struct nk_server s;
    vg_handle_t listener = 0;
    while (!quit) {
        struct vg_cm_request r;
        rc = vg_cm_listen("echo", 20000000000ull, &r);
        if (rc == rcOk)
            rc = vg_cm_accept(&r, 0);
        if (rc == rcOk && !listener) {
            rc = vg_ipc_register("echo", &listener, 0);
            nk_vg_transport_init(&t, listener);
            nk_server_init(&s, &t.base, t_Echo_entity_dispatch, &entity, &req, sizeof req, 0, 0, &res, sizeof res,
                           0, 0);
        }
        if (rc == rcOk)
            rc = nk_serve_once(&s);
        if (rc != rcOk) {
            printf("t.Echo: %s\n", rc_name(rc));
            return 1;
        }
    }
    rc = vg_ns_withdraw(&ns, "t.Echo", "echo");
    return rc == rcOk ? 0 : 1;
}
