/* ping.Server: registers the channel "ping" and answers Ping(value) and Pong(value) with value + 1.
 * It knows nothing of the order: the security module enforces it. */
#include <stdio.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>

#include "ping/Server.edl.h"

static rc_t ping(struct ping_Ping *self, const struct ping_Ping_Ping_req *req, const struct nk_arena *req_arena,
                 union ping_Ping_Ping_res *res, struct nk_arena *res_arena)
{
    (void)self, (void)req_arena, (void)res_arena;
    res->out.result = req->value + 1;
    return rcOk;
}

static rc_t pong(struct ping_Ping *self, const struct ping_Ping_Pong_req *req, const struct nk_arena *req_arena,
                 union ping_Ping_Pong_res *res, struct nk_arena *res_arena)
{
    (void)self, (void)req_arena, (void)res_arena;
    res->out.result = req->value + 1;
    return rcOk;
}

static const struct ping_Ping_ops ops = {ping, pong};
static union ping_Server_entity_req req;
static union ping_Server_entity_res res;

int main(void)
{
    vg_handle_t listener, server;
    rc_t rc = vg_ipc_register("ping", &listener, &server);
    if (rc != rcOk) {
        printf("ping.Server: no channel ping: %s\n", rc_name(rc));
        return 1;
    }
    struct ping_Ping impl = {&ops};
    struct ping_Ping_component comp;
    ping_Ping_component_init(&comp, &impl);
    struct ping_Server_entity entity;
    ping_Server_entity_init(&entity, &comp);
    struct nk_vg_transport t;
    nk_vg_transport_init(&t, listener);
    struct nk_server s;
    nk_server_init(&s, &t.base, ping_Server_entity_dispatch, &entity, &req, sizeof req, 0, 0, &res, sizeof res, 0, 0);
    rc = nk_serve(&s); /* rcOk once every client has gone: nobody can call us any more */
    if (rc != rcOk) {
        printf("ping.Server: receive failed: %s\n", rc_name(rc));
        return 1;
    }
    return 0;
}
