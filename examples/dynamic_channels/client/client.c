/* dyn.Client: finds a server of interface dyn.Echo on the name server (waiting for one to be
 * published), connects to it, calls Ping twice and closes the channel. */
#include <stdio.h>
#include <vigil/handle.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>
#include <vigil/ns.h>
#include <vigil/thread.h>

#include "dyn/Echo.idl.h"

int main(void)
{
    vg_ns_t ns;
    rc_t rc = vg_ns_create(&ns);
    char server[VG_NS_NAME_MAX], endpoint[VG_NS_NAME_MAX];
    for (int tries = 0; rc == rcOk; tries++) {
        rc = vg_ns_enum(&ns, "dyn.Echo", 0, server, endpoint, 0);
        if (rc != rcResourceNotFound || tries == 500)
            break;
        vg_thread_sleep(10000000); /* not published yet */
        rc = rcOk;
    }
    if (rc != rcOk) {
        printf("dyn.Client: no dyn.Echo server: %s\n", rc_name(rc));
        return 1;
    }
    printf("dyn.Client: found %s/%s\n", server, endpoint);
    vg_cm_init(&ns);
    vg_handle_t h;
    vg_iid_t riid;
    rc = vg_cm_connect(server, endpoint, 5000000000ull, &h);
    if (rc == rcOk)
        rc = vg_ipc_get_riid(h, endpoint, &riid);
    if (rc != rcOk) {
        printf("dyn.Client: cannot connect: %s\n", rc_name(rc));
        return 1;
    }
    printf("dyn.Client: connected\n");
    struct nk_vg_transport t;
    nk_vg_transport_init(&t, h);
    struct dyn_Echo_proxy proxy;
    dyn_Echo_proxy_init(&proxy, &t.base, riid);
    uint32_t value = 41;
    for (int i = 0; i < 2; i++) {
        struct dyn_Echo_Ping_req req = {.value = value};
        union dyn_Echo_Ping_res res;
        rc = dyn_Echo_Ping(&proxy, &req, 0, &res, 0);
        if (rc != rcOk) {
            printf("dyn.Client: Ping(%u) failed: %s\n", value, rc_name(rc));
            return 1;
        }
        printf("dyn.Client: Ping(%u) = %u\n", value, res.out.result);
        value = res.out.result;
    }
    vg_handle_close(h);
    return 0;
}
