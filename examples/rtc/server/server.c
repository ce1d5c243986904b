/* rtc.Server: the PL031 real-time clock's driver. It maps the device's registers (io.IO, by the
 * device tree node's name: only this class may, says the policy), checks the PrimeCell
 * identification, registers the channel "rtc" and answers Time.Now with the data register, the
 * seconds since the epoch. It serves until every client has gone. */
#include <stdio.h>
#include <vigil/io.h>
#include <vigil/ipc.h>
#include <vigil/nk/transport.h>

#include "rtc/Server.edl.h"

#define PL031 "pl031@9010000"
#define PL031_DR 0x000       /* data register: the current time in seconds */
#define PL031_PERIPHID0 0xfe0

static volatile uint32_t *regs;

static rc_t now(struct rtc_Time *self, const struct rtc_Time_Now_req *req, const struct nk_arena *req_arena,
                union rtc_Time_Now_res *res, struct nk_arena *res_arena)
{
    (void)self, (void)req, (void)req_arena, (void)res_arena;
    res->out.seconds = regs[PL031_DR / 4];
    return rcOk;
}

static const struct rtc_Time_ops time_ops = {now};

static union rtc_Server_entity_req req;
static union rtc_Server_entity_res res;

int main(void)
{
    vg_handle_t dev, listener, server;
    volatile void *base;
    rc_t rc = vg_io_open_mmio(PL031, &dev, 0);
    if (rc == rcOk)
        rc = vg_io_map_mmio(dev, VG_PROT_READ, &base);
    if (rc != rcOk) {
        printf("rtc.Server: no %s: %s\n", PL031, rc_name(rc));
        return 1;
    }
    regs = base;
    if ((regs[PL031_PERIPHID0 / 4] & 0xff) != 0x31) {
        printf("rtc.Server: %s is not a PL031 (PeriphID0 0x%x)\n", PL031, regs[PL031_PERIPHID0 / 4]);
        return 1;
    }
    printf("rtc.Server: PL031 mapped\n");
    if ((rc = vg_ipc_register("rtc", &listener, &server)) != rcOk) {
        printf("rtc.Server: no channel rtc: %s\n", rc_name(rc));
        return 1;
    }
    struct rtc_Time impl = {&time_ops};
    struct rtc_Time_component comp;
    rtc_Time_component_init(&comp, &impl);
    struct rtc_Server_entity entity;
    rtc_Server_entity_init(&entity, &comp);
    struct nk_vg_transport t;
    nk_vg_transport_init(&t, listener);
    struct nk_server s;
    nk_server_init(&s, &t.base, rtc_Server_entity_dispatch, &entity, &req, sizeof req, 0, 0, &res, sizeof res, 0, 0);
    rc = nk_serve(&s);
    if (rc != rcOk) {
        printf("rtc.Server: receive failed: %s\n", rc_name(rc));
        return 1;
    }
    vg_handle_close(dev); /* what death would do anyway: the region is unmapped and free again */
    return 0;
}
