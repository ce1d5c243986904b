/* gpio_key.Client: asks the power key driver behind the channel "key" to tell it when the key is
 * pressed (QEMU's monitor: system_powerdown), waiting up to 20 s. Then it tries to take the GPIO
 * controller's interrupt itself, which the policy gives to the driver only. */
#include <stdio.h>
#include <vigil/io.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>

#include "gpio_key/Key.idl.h"

int main(void)
{
    vg_handle_t h;
    vg_iid_t riid;
    rc_t rc = vg_ipc_connect("key", &h);
    if (rc == rcOk)
        rc = vg_ipc_get_riid(h, "keyComp.keyImpl", &riid);
    if (rc != rcOk) {
        printf("gpio_key.Client: cannot reach the driver: %s\n", rc_name(rc));
        return 1;
    }
    struct nk_vg_transport t;
    nk_vg_transport_init(&t, h);
    struct gpio_key_Key_proxy proxy;
    gpio_key_Key_proxy_init(&proxy, &t.base, riid);
    printf("gpio_key.Client: waiting for the power key (system_powerdown in the QEMU monitor)\n");
    struct gpio_key_Key_WaitPress_req req = {.timeoutMs = 20000};
    union gpio_key_Key_WaitPress_res res;
    if ((rc = gpio_key_Key_WaitPress(&proxy, &req, 0, &res, 0)) != rcOk) {
        printf("gpio_key.Client: WaitPress failed: %s\n", rc_name(rc));
        return 1;
    }
    printf(res.out.pressed ? "gpio_key.Client: the power key was pressed\n"
                           : "gpio_key.Client: no press within 20 s\n");
    vg_handle_t irq;
    rc = vg_io_open_irq("pl061@9030000", &irq, 0);
    printf("gpio_key.Client: taking the GPIO interrupt myself: %s\n", rc_name(rc));
    return rc == rcSecurityDisallow ? 0 : 1;
}
