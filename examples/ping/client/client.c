/* ping.Client: calls Ping and Pong in a fixed order, some of it out of turn, and prints what happened
 * to each call. It exits with 0 when every call was granted or denied as the policy says it must be:
 * Ping and Pong alternate, starting with Ping; a denied call changes nothing. */
#include <stdbool.h>
#include <stdio.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>

#include "ping/Ping.idl.h"

static struct ping_Ping_proxy proxy;

/* One call; true if it was granted or denied as expected. */
static bool call(bool pong, uint32_t value, bool granted)
{
    const char *name = pong ? "Pong" : "Ping";
    uint32_t result = 0;
    rc_t rc;
    if (pong) {
        struct ping_Ping_Pong_req req = {.value = value};
        union ping_Ping_Pong_res res;
        rc = ping_Ping_Pong(&proxy, &req, 0, &res, 0);
        result = res.out.result;
    } else {
        struct ping_Ping_Ping_req req = {.value = value};
        union ping_Ping_Ping_res res;
        rc = ping_Ping_Ping(&proxy, &req, 0, &res, 0);
        result = res.out.result;
    }
    if (rc == rcOk)
        printf("ping.Client: %s(%u) = %u\n", name, value, result);
    else
        printf("ping.Client: Failed to call pingComp.pingImpl.%s(%u): %s\n", name, value, rc_name(rc));
    return granted ? rc == rcOk && result == value + 1 : rc == rcSecurityDisallow;
}

int main(void)
{
    vg_handle_t h;
    vg_iid_t riid;
    rc_t rc = vg_ipc_connect("ping", &h);
    if (rc == rcOk)
        rc = vg_ipc_get_riid(h, "pingComp.pingImpl", &riid);
    if (rc != rcOk) {
        printf("ping.Client: cannot reach the server: %s\n", rc_name(rc));
        return 1;
    }
    struct nk_vg_transport t;
    nk_vg_transport_init(&t, h);
    ping_Ping_proxy_init(&proxy, &t.base, riid);
    int wrong = 0;
    wrong += !call(false, 1, true);   /* Ping first */
    wrong += !call(true, 2, true);    /* then Pong */
    wrong += !call(true, 3, false);   /* Pong twice: out of turn */
    wrong += !call(false, 4, true);   /* the denial changed nothing: Ping is next */
    wrong += !call(false, 5, false);  /* Ping twice */
    wrong += !call(true, 6, true);
    printf("ping.Client: %d calls went against the policy\n", wrong);
    return wrong ? 1 : 0;
}
