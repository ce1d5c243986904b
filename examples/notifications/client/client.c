/* notify.Client: adds 5 and then 7 to the server's total, tries a notification receiver of its own
 * (which the policy refuses it), and exits: the server learns of its end by a notification. */
#include <stdio.h>
#include <vigil/ipc.h>
#include <vigil/notice.h>
#include <vigil/nk/transport.h>

#include "notify/Counter.idl.h"

int main(void)
{
    vg_handle_t h, n;
    vg_iid_t riid;
    rc_t rc = vg_ipc_connect("counter", &h);
    if (rc == rcOk)
        rc = vg_ipc_get_riid(h, "counterComp.counterImpl", &riid);
    if (rc != rcOk) {
        printf("notify.Client: cannot reach the server: %s\n", rc_name(rc));
        return 1;
    }
    struct nk_vg_transport t;
    nk_vg_transport_init(&t, h);
    struct notify_Counter_proxy proxy;
    notify_Counter_proxy_init(&proxy, &t.base, riid);
    for (uint32_t v = 5; v <= 7; v += 2) {
        struct notify_Counter_Add_req req = {.n = v};
        union notify_Counter_Add_res res;
        if ((rc = notify_Counter_Add(&proxy, &req, 0, &res, 0)) != rcOk) {
            printf("notify.Client: Add(%u) failed: %s\n", v, rc_name(rc));
            return 1;
        }
        printf("notify.Client: Add(%u) = %u\n", v, res.out.total);
    }
    rc = vg_notice_create(&n);
    printf("notify.Client: a notification receiver of its own: %s\n", rc_name(rc));
    return rc == rcSecurityDisallow ? 0 : 1;
}
