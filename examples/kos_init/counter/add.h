/* add_to(self, id, value, total): one counter.Counter Add on the channel `id`, for both clients. */
#ifndef COUNTER_ADD_H
#define COUNTER_ADD_H

#include <stdio.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>

#include "counter/Counter.idl.h"

static inline rc_t add_to(const char *self, const char *id, uint32_t value, uint32_t *total)
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
    struct nk_vg_transport t;
    nk_vg_transport_init(&t, h);
    struct counter_Counter_proxy proxy;
    counter_Counter_proxy_init(&proxy, &t.base, riid);
    struct counter_Counter_Add_req req = {.value = value};
    union counter_Counter_Add_res res;
    rc = counter_Counter_Add(&proxy, &req, 0, &res, 0);
    if (rc != rcOk)
        printf("%s: Add(%u) on %s failed: %s\n", self, value, id, rc_name(rc));
    else
        *total = res.out.total;
    return rc;
}

#endif
