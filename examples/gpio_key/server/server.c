/* gpio_key.Server: the PL061 GPIO controller's driver, for QEMU virt's power key. The device tree's
 * gpio-keys node wires the key to the PL061's line 3 (gpios = <&pl061 3 0>); QEMU's system_powerdown
 * raises that line for 100 ms. The driver maps the controller's registers and takes its interrupt
 * (io.IO, by node name: only this class may, says the policy), makes line 3 an input interrupting on
 * its rising edge, and answers Key.WaitPress once the interrupt fires: it clears the controller's
 * interrupt, then acknowledges it to the kernel (which kept it masked meanwhile). */
#include <stdio.h>
#include <vigil/io.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>

#include "gpio_key/Server.edl.h"

#define PL061 "pl061@9030000"
#define KEY_LINE 3u
#define GPIODIR 0x400
#define GPIOIS 0x404   /* 0: edge-sensitive */
#define GPIOIBE 0x408  /* 0: the edge GPIOIEV names */
#define GPIOIEV 0x40c  /* 1: rising edge */
#define GPIOIE 0x410   /* interrupt mask: 1 enabled */
#define GPIOMIS 0x418
#define GPIOIC 0x41c   /* write 1: clear */

static volatile uint32_t *regs;
static vg_handle_t irq;

static uint32_t rd(unsigned off) { return regs[off / 4]; }
static void wr(unsigned off, uint32_t v) { regs[off / 4] = v; }

static rc_t wait_press(struct gpio_key_Key *self, const struct gpio_key_Key_WaitPress_req *req,
                       const struct nk_arena *req_arena, union gpio_key_Key_WaitPress_res *res,
                       struct nk_arena *res_arena)
{
    (void)self, (void)req_arena, (void)res_arena;
    res->out.pressed = 0;
    for (;;) {
        rc_t rc = vg_io_wait_irq(irq, (uint64_t)req->timeoutMs * 1000000u);
        if (rc == rcTimeout)
            return rcOk;
        if (rc != rcOk)
            return rc;
        uint32_t mis = rd(GPIOMIS);
        wr(GPIOIC, mis); /* the device's condition first, then the kernel's mask */
        if ((rc = vg_io_ack_irq(irq)) != rcOk)
            return rc;
        if (mis & (1u << KEY_LINE)) {
            printf("gpio_key.Server: GPIO line %u rose\n", KEY_LINE);
            res->out.pressed = 1;
            return rcOk;
        }
    }
}

static const struct gpio_key_Key_ops key_ops = {wait_press};

static union gpio_key_Server_entity_req req;
static union gpio_key_Server_entity_res res;

int main(void)
{
    vg_handle_t dev, listener, server;
    volatile void *base;
    uint32_t intid = 0;
    rc_t rc = vg_io_open_mmio(PL061, &dev, 0);
    if (rc == rcOk)
        rc = vg_io_map_mmio(dev, VG_PROT_READ | VG_PROT_WRITE, &base);
    if (rc == rcOk)
        rc = vg_io_open_irq(PL061, &irq, &intid);
    if (rc != rcOk) {
        printf("gpio_key.Server: no %s: %s\n", PL061, rc_name(rc));
        return 1;
    }
    regs = base;
    uint32_t bit = 1u << KEY_LINE;
    wr(GPIOIE, rd(GPIOIE) & ~bit);
    wr(GPIODIR, rd(GPIODIR) & ~bit);
    wr(GPIOIS, rd(GPIOIS) & ~bit);
    wr(GPIOIBE, rd(GPIOIBE) & ~bit);
    wr(GPIOIEV, rd(GPIOIEV) | bit);
    wr(GPIOIC, bit);
    wr(GPIOIE, rd(GPIOIE) | bit);
    printf("gpio_key.Server: PL061 line %u armed, interrupt %u\n", KEY_LINE, intid);
    if ((rc = vg_ipc_register("key", &listener, &server)) != rcOk) {
        printf("gpio_key.Server: no channel key: %s\n", rc_name(rc));
        return 1;
    }
    struct gpio_key_Key impl = {&key_ops};
    struct gpio_key_Key_component comp;
    gpio_key_Key_component_init(&comp, &impl);
    struct gpio_key_Server_entity entity;
    gpio_key_Server_entity_init(&entity, &comp);
    struct nk_vg_transport t;
    nk_vg_transport_init(&t, listener);
    struct nk_server s;
    nk_server_init(&s, &t.base, gpio_key_Server_entity_dispatch, &entity, &req, sizeof req, 0, 0, &res, sizeof res,
                   0, 0);
    rc = nk_serve(&s);
    if (rc != rcOk) {
        printf("gpio_key.Server: receive failed: %s\n", rc_name(rc));
        return 1;
    }
    return 0; /* the region and the interrupt go with the process */
}
