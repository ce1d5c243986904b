/* dyn.Server: publishes its endpoint "echo" (interface dyn.Echo) on the name server under the name
 * dyn.Server, waits for one connection request, accepts it, and answers Ping(value) with value + 1
 * until its client has gone. Then it withdraws the service and exits. */
#include <stdio.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>
#include <vigil/ns.h>
#include <vigil/thread.h>

#include "dyn/Server.edl.h"

static rc_t ping(struct dyn_Echo *self, const struct dyn_Echo_Ping_req *req, const struct nk_arena *req_arena,
                 union dyn_Echo_Ping_res *res, struct nk_arena *res_arena)
{
    (void)self, (void)req_arena, (void)res_arena;
    printf("dyn.Server: Ping(%u)\n", req->value);
    res->out.result = req->value + 1;
    return rcOk;
}

static const struct dyn_Echo_ops echo_ops = {ping};

static union dyn_Server_entity_req req;
static union dyn_Server_entity_res res;

int main(void)
{
    /* The intruder's attempt, which needs no service, comes first on the console (and so do its audit
     * record's number, the same with the IPC fastpath on and off). */
    vg_thread_sleep(300000000);
    vg_ns_t ns;
    rc_t rc = vg_ns_create(&ns);
    if (rc == rcOk)
        rc = vg_ns_publish(&ns, "dyn.Server", "echo", "dyn.Echo");
    if (rc != rcOk) {
        printf("dyn.Server: cannot publish: %s\n", rc_name(rc));
        return 1;
    }
    printf("dyn.Server: published dyn.Server/echo\n");
    vg_cm_init(&ns);
    struct vg_cm_request r;
    rc = vg_cm_listen("echo", 10000000000ull, &r);
    if (rc == rcOk) {
        printf("dyn.Server: connection request for %s/%s\n", r.server, r.endpoint);
        rc = vg_cm_accept(&r, 0);
    }
    vg_handle_t listener;
    if (rc == rcOk)
        rc = vg_ipc_register("echo", &listener, 0); /* the listener that gathers the new channel */
    if (rc != rcOk) {
        printf("dyn.Server: no connection: %s\n", rc_name(rc));
        return 1;
    }
    printf("dyn.Server: accepted\n");
    struct dyn_Echo impl = {&echo_ops};
    struct dyn_Server_entity entity;
    dyn_Server_entity_init(&entity, &impl);
    struct nk_vg_transport t;
    nk_vg_transport_init(&t, listener);
    struct nk_server s;
    nk_server_init(&s, &t.base, dyn_Server_entity_dispatch, &entity, &req, sizeof req, 0, 0, &res, sizeof res, 0, 0);
    rc = nk_serve(&s); /* rcOk once the client has gone */
    printf("dyn.Server: served: %s\n", rc_name(rc));
    if (rc == rcOk)
        rc = vg_ns_withdraw(&ns, "dyn.Server", "echo");
    return rc == rcOk ? 0 : 1;
}
