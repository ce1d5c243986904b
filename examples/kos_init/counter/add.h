/* add_to(self, id, value, total): one counter.Counter Add on the channel `id`, for both clients;
 * name_to(self, id, label, length): one Name with the union's string member. */
#ifndef COUNTER_ADD_H
#define COUNTER_ADD_H

#include <stdio.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>

#include "counter/Counter.idl.h"

/* The counter's proxy on the channel `id` (t holds the transport). */
static inline rc_t counter_on(const char *self, const char *id, struct nk_vg_transport *t,
                              struct counter_Counter_proxy *proxy)
{
    vg_handle_t h;
    vg_iid_t riid;
    rc_t rc = vg_ipc_connect(id, &h);
    if (rc == rcOk)
        rc = vg_ipc_get_riid(h, "counterComp.counterImpl", &riid);
    if (rc != rcOk) {
        printf("%s: cannot reach %s: %s\n", self, id, rc_name(rc));
        return rc;
    }
    nk_vg_transport_init(t, h);
    counter_Counter_proxy_init(proxy, &t->base, riid);
    return rcOk;
}

static inline rc_t add_to(const char *self, const char *id, uint32_t value, uint32_t *total)
{
    struct nk_vg_transport t;
    struct counter_Counter_proxy proxy;
    rc_t rc = counter_on(self, id, &t, &proxy);
    if (rc != rcOk)
        return rc;
    struct counter_Counter_Add_req req = {.value = value};
    union counter_Counter_Add_res res;
    rc = counter_Counter_Add(&proxy, &req, 0, &res, 0);
    if (rc != rcOk)
        printf("%s: Add(%u) on %s failed: %s\n", self, value, id, rc_name(rc));
    else
        *total = res.out.total;
    return rc;
}

static inline rc_t name_to(const char *self, const char *id, const char *label, uint32_t *length)
{
    struct nk_vg_transport t;
    struct counter_Counter_proxy proxy;
    rc_t rc = counter_on(self, id, &t, &proxy);
    if (rc != rcOk)
        return rc;
    uint8_t buf[16];
    struct nk_arena a = NK_ARENA_INITIALIZER(buf, sizeof buf);
    struct counter_Counter_Name_req req = {0};
    req.label.tag = counter_Counter_Label_tag_name;
    rc = nk_arena_store_string(&a, &req.label.u.name, label, 15);
    union counter_Counter_Name_res res;
    if (rc == rcOk)
        rc = counter_Counter_Name(&proxy, &req, &a, &res, 0);
    if (rc != rcOk)
        printf("%s: Name(%s) on %s: %s\n", self, label, id, rc_name(rc));
    else
        *length = res.out.length;
    return rc;
}

#endif
