/* hello.Server: answers Square(x) with x * x on channel "square" until its client has gone. */
#include <stdio.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>

#include "hello/Server.edl.h"

static rc_t square(struct hello_Square *self, const struct hello_Square_Square_req *req,
                   const struct nk_arena *req_arena, union hello_Square_Square_res *res, struct nk_arena *res_arena)
{
    (void)self, (void)req_arena, (void)res_arena;
    printf("hello.Server: Square(%u)\n", req->x);
    res->out.y = req->x * req->x;
    return rcOk;
}

/* Never reached while the policy denies Forget: the kernel refuses the request before it gets here. */
static rc_t forget(struct hello_Square *self, const struct hello_Square_Forget_req *req,
                   const struct nk_arena *req_arena, union hello_Square_Forget_res *res, struct nk_arena *res_arena)
{
    (void)self, (void)req, (void)req_arena, (void)res, (void)res_arena;
    printf("hello.Server: Forget\n");
    return rcOk;
}

static const struct hello_Square_ops ops = {square, forget};
static struct hello_Square impl = {&ops};
static struct hello_Square_component comp;
static struct hello_Server_entity entity;
static union hello_Server_entity_req in;
static union hello_Server_entity_res out;

int main(void)
{
    vg_handle_t listener, unused;
    struct nk_vg_transport t;
    struct nk_server srv;
    rc_t rc = vg_ipc_register("square", &listener, &unused);
    if (rc == rcOk) {
        hello_Square_component_init(&comp, &impl);
        hello_Server_entity_init(&entity, &comp);
        nk_vg_transport_init(&t, listener);
        nk_server_init(&srv, &t.base, hello_Server_entity_dispatch, &entity, &in, sizeof in, 0, 0, &out, sizeof out, 0, 0);
        rc = nk_serve(&srv);
    }
    if (rc != rcOk)
        printf("hello.Server: %s\n", rc_name(rc));
    return rc == rcOk ? 0 : 1;
}
