/* echo.Client VALUE COUNT: calls Ping COUNT times on the server behind the channel "echo", starting
 * with VALUE and sending each result back, and prints every answer. Then it halves the last answer
 * until the server refuses, and asks for half of 0: the call returns the server's code where the
 * policy lets the error response through, rcSecurityDisallow where it does not. */
#include <stdio.h>
#include <stdlib.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>

#include "echo/Ping.idl.h"

int main(int argc, char **argv)
{
    uint32_t value = argc > 1 ? (uint32_t)strtoul(argv[1], 0, 0) : 777;
    int count = argc > 2 ? atoi(argv[2]) : 1;
    vg_handle_t h;
    vg_iid_t riid;
    rc_t rc = vg_ipc_connect("echo", &h);
    if (rc == rcOk)
        rc = vg_ipc_get_riid(h, "pingComp.pingImpl", &riid);
    if (rc != rcOk) {
        printf("echo.Client: cannot reach the server: %s\n", rc_name(rc));
        return 1;
    }
    struct nk_vg_transport t;
    nk_vg_transport_init(&t, h);
    struct echo_Ping_proxy proxy;
    echo_Ping_proxy_init(&proxy, &t.base, riid);
    for (int i = 0; i < count; i++) {
        struct echo_Ping_Ping_req req = {.value = value};
        union echo_Ping_Ping_res res;
        rc = echo_Ping_Ping(&proxy, &req, 0, &res, 0);
        if (rc != rcOk) {
            printf("echo.Client: Ping(%u) failed: %s\n", value, rc_name(rc));
            return 1;
        }
        printf("echo.Client: Ping(%u) = %u\n", value, res.out.result);
        value = res.out.result;
    }
    for (;;) {
        struct echo_Ping_Halve_req req = {.value = value};
        union echo_Ping_Halve_res res;
        rc = echo_Ping_Halve(&proxy, &req, 0, &res, 0);
        if (rc != rcOk) {
            printf("echo.Client: Halve(%u) failed: %s\n", value, rc_name(rc));
            break;
        }
        printf("echo.Client: Halve(%u) = %u\n", value, res.out.result);
        value = res.out.result;
    }
    if (rc != rcInvalidArgument)
        return 1;
    struct echo_Ping_Halve_req req = {.value = 0};
    union echo_Ping_Halve_res res;
    rc = echo_Ping_Halve(&proxy, &req, 0, &res, 0);
    printf("echo.Client: Halve(0) failed: %s\n", rc_name(rc));
    return rc == rcSecurityDisallow ? 0 : 1;
}
