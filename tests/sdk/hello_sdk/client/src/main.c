/* hello.Client N: asks the server behind channel "square" for N squared, then asks it to Forget, which
 * the policy denies: the client ends well only when that call returns rcSecurityDisallow. */
#include <stdio.h>
#include <stdlib.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>

#include "hello/Square.idl.h"

static struct nk_vg_transport transport;
static struct hello_Square_proxy square;

/* open: the proxy of the server's sq.impl endpoint over the channel, or the reason there is none. */
static rc_t open(void)
{
    vg_handle_t channel;
    vg_iid_t riid;
    rc_t rc = vg_ipc_connect("square", &channel);
    if (rc != rcOk || (rc = vg_ipc_get_riid(channel, "sq.impl", &riid)) != rcOk)
        return rc;
    nk_vg_transport_init(&transport, channel);
    hello_Square_proxy_init(&square, &transport.base, riid);
    return rcOk;
}

int main(int argc, char **argv)
{
    uint32_t x = argc > 1 ? (uint32_t)strtoul(argv[1], 0, 0) : 2;
    rc_t rc = open();
    if (rc != rcOk) {
        printf("hello.Client: no server: %s\n", rc_name(rc));
        return 1;
    }
    struct hello_Square_Square_req req = {.x = x};
    union hello_Square_Square_res res;
    rc = hello_Square_Square(&square, &req, 0, &res, 0);
    if (rc != rcOk) {
        printf("hello.Client: Square failed: %s\n", rc_name(rc));
        return 1;
    }
    printf("hello.Client: %u squared is %u\n", x, res.out.y);
    struct hello_Square_Forget_req forget = {0};
    union hello_Square_Forget_res forgot;
    rc = hello_Square_Forget(&square, &forget, 0, &forgot, 0);
    printf("hello.Client: Forget: %s\n", rc_name(rc));
    return rc == rcSecurityDisallow ? 0 : 1;
}
