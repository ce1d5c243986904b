/* notify.Server: serves Add and, in the same wait, notifications: its receiver is the Recv's interrupt
 * object (docs/notifications.md), subscribed to the client's end of the channel (the client gone) and
 * to a watchdog timer (no client for 10 s). It exits when its client has gone. */
#include <stdio.h>
#include <vigil/ipc.h>
#include <vigil/notice.h>
#include <vigil/nk/transport.h>

#include "notify/Server.edl.h"

enum { TAG_CLIENT_GONE = 1, TAG_WATCHDOG = 2 };

static uint32_t total;

static rc_t add(struct notify_Counter *self, const struct notify_Counter_Add_req *req,
                const struct nk_arena *req_arena, union notify_Counter_Add_res *res, struct nk_arena *res_arena)
{
    (void)self, (void)req_arena, (void)res_arena;
    total += req->n;
    printf("notify.Server: Add(%u), total %u\n", req->n, total);
    res->out.total = total;
    return rcOk;
}

static const struct notify_Counter_ops ops = {add};
static union notify_Server_entity_req req;
static union notify_Server_entity_res res;

int main(void)
{
    vg_handle_t listener, server, notice, watchdog;
    rc_t rc = vg_ipc_register("counter", &listener, &server);
    if (rc == rcOk)
        rc = vg_notice_create(&notice);
    if (rc == rcOk)
        rc = vg_notice_subscribe(notice, server, VG_EVENT_PEER_GONE, TAG_CLIENT_GONE);
    if (rc == rcOk)
        rc = vg_timer_create(&watchdog);
    if (rc == rcOk)
        rc = vg_notice_subscribe(notice, watchdog, VG_EVENT_TIMER_EXPIRED, TAG_WATCHDOG);
    if (rc == rcOk)
        rc = vg_timer_arm(watchdog, 10000000000ull, 0);
    if (rc != rcOk) {
        printf("notify.Server: cannot set up: %s\n", rc_name(rc));
        return 1;
    }
    struct notify_Counter impl = {&ops};
    struct notify_Counter_component comp;
    notify_Counter_component_init(&comp, &impl);
    struct notify_Server_entity entity;
    notify_Server_entity_init(&entity, &comp);
    struct nk_vg_transport t;
    nk_vg_transport_init(&t, listener);
    t.sync = notice; /* a request or a notification */
    struct nk_server s;
    nk_server_init(&s, &t.base, notify_Server_entity_dispatch, &entity, &req, sizeof req, 0, 0, &res, sizeof res, 0,
                   0);
    for (;;) {
        rc = nk_serve_once(&s);
        if (rc == rcOk)
            continue;
        if (rc != rcIpcInterrupt && rc != rcNotConnected) {
            printf("notify.Server: receive failed: %s\n", rc_name(rc));
            return 1;
        }
        /* Interrupted by a notification (or no client left to call): what happened? */
        struct vg_notice_event ev[4];
        uint32_t k = 0;
        rc_t erc = vg_notice_get_events(notice, ev, 4, rc == rcNotConnected ? 1000000000ull : 0, &k);
        for (uint32_t i = 0; erc == rcOk && i < k; i++) {
            if (ev[i].tag == TAG_CLIENT_GONE) {
                printf("notify.Server: the client is gone; its total was %u\n", total);
                return 0;
            }
            if (ev[i].tag == TAG_WATCHDOG) {
                printf("notify.Server: no client for 10 s\n");
                return 1;
            }
        }
    }
}
