/* counter.Server [ID]: serves Add on the channel ID (default COUNTER_CONNECTION_ID of counter/ids.h),
 * however many clients share it: Register by one id gives the listener that gathers them all. When
 * every client has gone it prints its process name (argv[0], init.yaml's task), the calls and the
 * total, and exits. Two processes run this program: UserServer and PrivilegedServer. Name takes the
 * counter's label, the string member of a union the kernel checked as the tag selects it. */
#include <stdio.h>
#include <string.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>

#include "counter/Server.edl.h"
#include "counter/ids.h"

static uint32_t total, calls;
static const char *self_name = "counter.Server";

static rc_t add(struct counter_Counter *self, const struct counter_Counter_Add_req *req,
                const struct nk_arena *req_arena, union counter_Counter_Add_res *res, struct nk_arena *res_arena)
{
    (void)self, (void)req_arena, (void)res_arena;
    total += req->value;
    calls++;
    res->out.total = total;
    return rcOk;
}

static rc_t name(struct counter_Counter *self, const struct counter_Counter_Name_req *req,
                 const struct nk_arena *req_arena, union counter_Counter_Name_res *res, struct nk_arena *res_arena)
{
    (void)self, (void)res_arena;
    if (req->label.tag == counter_Counter_Label_tag_number) {
        printf("%s: labelled %u\n", self_name, req->label.u.number);
        res->out.length = 0;
        return rcOk;
    }
    const char *label;
    rc_t rc = nk_arena_get_string(req_arena, &req->label.u.name, &label);
    if (rc != rcOk)
        return rc;
    printf("%s: labelled %s\n", self_name, label);
    res->out.length = (uint32_t)strlen(label);
    return rcOk;
}

static const struct counter_Counter_ops ops = {add, name};

static union counter_Server_entity_req req;
static union counter_Server_entity_res res;
static uint8_t req_arena[16]; /* the largest request arena: a label of 15 characters and its NUL */

int main(int argc, char **argv)
{
    const char *self = argc > 0 ? argv[0] : "counter.Server";
    self_name = self;
    const char *id = argc > 1 ? argv[1] : COUNTER_CONNECTION_ID;
    vg_handle_t listener, server;
    rc_t rc = vg_ipc_register(id, &listener, &server);
    if (rc != rcOk) {
        printf("%s: no channel %s: %s\n", self, id, rc_name(rc));
        return 1;
    }
    struct counter_Counter impl = {&ops};
    struct counter_Counter_component comp;
    counter_Counter_component_init(&comp, &impl);
    struct counter_Server_entity entity;
    counter_Server_entity_init(&entity, &comp);
    struct nk_vg_transport t;
    nk_vg_transport_init(&t, listener);
    struct nk_server s;
    nk_server_init(&s, &t.base, counter_Server_entity_dispatch, &entity, &req, sizeof req, req_arena,
                   sizeof req_arena, &res, sizeof res, 0, 0);
    rc = nk_serve(&s); /* rcOk once every client of every channel has gone */
    if (rc != rcOk) {
        printf("%s: receive failed: %s\n", self, rc_name(rc));
        return 1;
    }
    printf("%s: %u call%s, total %u\n", self, calls, calls == 1 ? "" : "s", total);
    return 0;
}
