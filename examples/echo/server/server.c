/* echo.Server: registers the channel "echo" and answers Ping(value) with value + 1, and Halve(value)
 * with value / 2 or an error, through the dispatcher nkc generated for its class. It serves until
 * every client has gone. */
#include <stdio.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>

#include "echo/Server.edl.h"

static rc_t ping(struct echo_Ping *self, const struct echo_Ping_Ping_req *req, const struct nk_arena *req_arena,
                 union echo_Ping_Ping_res *res, struct nk_arena *res_arena)
{
    (void)self, (void)req_arena, (void)res_arena;
    printf("echo.Server: Ping(%u)\n", req->value);
    res->out.result = req->value + 1;
    return rcOk;
}

/* An odd number has no whole half and 0 none worth asking for: the handler just returns the code,
 * and the generated dispatcher sends it in Halve's UInt16 error parameter. */
static rc_t halve(struct echo_Ping *self, const struct echo_Ping_Halve_req *req, const struct nk_arena *req_arena,
                  union echo_Ping_Halve_res *res, struct nk_arena *res_arena)
{
    (void)self, (void)req_arena, (void)res_arena;
    rc_t rc = req->value == 0 ? rcResourceNotFound : req->value % 2 ? rcInvalidArgument : rcOk;
    if (rc != rcOk) {
        printf("echo.Server: Halve(%u) refused: %s\n", req->value, rc_name(rc));
        return rc;
    }
    res->out.result = req->value / 2;
    return rcOk;
}

static const struct echo_Ping_ops ping_ops = {ping, halve};

static union echo_Server_entity_req req;
static union echo_Server_entity_res res;

int main(void)
{
    vg_handle_t listener, server;
    rc_t rc = vg_ipc_register("echo", &listener, &server);
    if (rc != rcOk) {
        printf("echo.Server: no channel echo: %s\n", rc_name(rc));
        return 1;
    }
    struct echo_Ping impl = {&ping_ops};
    struct echo_Ping_component comp;
    echo_Ping_component_init(&comp, &impl);
    struct echo_Server_entity entity;
    echo_Server_entity_init(&entity, &comp);
    struct nk_vg_transport t;
    nk_vg_transport_init(&t, listener);
    struct nk_server s;
    nk_server_init(&s, &t.base, echo_Server_entity_dispatch, &entity, &req, sizeof req, 0, 0, &res, sizeof res, 0, 0);
    rc = nk_serve(&s); /* rcOk once every client has gone: nobody can call us any more */
    if (rc != rcOk) {
        printf("echo.Server: receive failed: %s\n", rc_name(rc));
        return 1;
    }
    return 0;
}
