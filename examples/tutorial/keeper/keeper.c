/* tutorial.Keeper: serves the door on the channel "door". It counts how often the door opened and
 * closed and knows nothing of the order: the policy enforces it. */
#include <stdio.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>

#include "tutorial/Keeper.edl.h"

static uint32_t opened, closed;

static rc_t open_door(struct tutorial_Door *self, const struct tutorial_Door_Open_req *req,
                      const struct nk_arena *req_arena, union tutorial_Door_Open_res *res,
                      struct nk_arena *res_arena)
{
    (void)self, (void)req_arena, (void)res_arena;
    printf("tutorial.Keeper: visitor %u opens the door\n", req->visitor);
    res->out.count = ++opened;
    return rcOk;
}

static rc_t close_door(struct tutorial_Door *self, const struct tutorial_Door_Close_req *req,
                       const struct nk_arena *req_arena, union tutorial_Door_Close_res *res,
                       struct nk_arena *res_arena)
{
    (void)self, (void)req_arena, (void)res_arena;
    printf("tutorial.Keeper: visitor %u closes the door\n", req->visitor);
    res->out.count = ++closed;
    return rcOk;
}

static const struct tutorial_Door_ops door_ops = {open_door, close_door};
static union tutorial_Keeper_entity_req req;
static union tutorial_Keeper_entity_res res;

int main(void)
{
    vg_handle_t listener, server;
    rc_t rc = vg_ipc_register("door", &listener, &server);
    if (rc != rcOk) {
        printf("tutorial.Keeper: no channel door: %s\n", rc_name(rc));
        return 1;
    }
    struct tutorial_Door door = {&door_ops};
    struct tutorial_Door_component front;
    tutorial_Door_component_init(&front, &door);
    struct tutorial_Keeper_entity entity;
    tutorial_Keeper_entity_init(&entity, &front);
    struct nk_vg_transport t;
    nk_vg_transport_init(&t, listener);
    struct nk_server s;
    nk_server_init(&s, &t.base, tutorial_Keeper_entity_dispatch, &entity, &req, sizeof req, 0, 0, &res,
                   sizeof res, 0, 0);
    rc = nk_serve(&s); /* rcOk once every visitor has gone: nobody can call the keeper any more */
    if (rc != rcOk) {
        printf("tutorial.Keeper: receive failed: %s\n", rc_name(rc));
        return 1;
    }
    return 0;
}
