/* Decision cost: one request judged by a policy (Client -> Server endpoint e0, method M5, one binding
 * with one assert) and one execute (a grant-only set). Run under callgrind with
 * --toggle-collect=decide_request / decide_execute; each function makes exactly one decision. */
#include <stdio.h>
#include <string.h>

#include <vigil/msg.h>

#include "ksm/audit.h"
#include "ksm/policy.h"

static _Alignas(8) uint8_t msg[32];
static struct ksm_event req, ex;
static const struct ksm_route *route;

__attribute__((noinline)) int decide_request(void) { return ksm_check_routed(route, &req); }
__attribute__((noinline)) int decide_execute(void) { return ksm_check(&ex); }

int main(void) {
    int client = ksm_class_id("Client"), server = ksm_class_id("Server"), core = ksm_class_id("kl.core.Core");
    if (ksm_init(1) != KSM_GRANTED || client < 0 || server < 0)
        return 1;
    route = ksm_route(client, server);
    struct vg_msg_hdr h = {28, 0, 5, VG_MSG_REQUEST, 0, 0, 0};
    memcpy(msg, &h, sizeof h);
    uint32_t v = 1000000;
    memcpy(msg + 24, &v, 4);
    req = (struct ksm_event){.kind = KSM_EV_REQUEST, .src_sid = 10, .dst_sid = 11, .src_class = client,
                             .dst_class = server, .riid = 0, .mid = 5, .msg = msg, .msg_size = 28};
    ex = (struct ksm_event){.kind = KSM_EV_EXECUTE, .src_sid = 1, .dst_sid = 12, .src_class = core,
                            .dst_class = client};
    int a = 0, b = 0;
    for (int i = 0; i < 3; i++) {   /* warm up, then the measured calls are the last ones */
        a = decide_request();
        b = decide_execute();
    }
    printf("request %s, execute %s\n", a == KSM_GRANTED ? "granted" : "denied", b == KSM_GRANTED ? "granted" : "denied");
    return a == KSM_GRANTED && b == KSM_GRANTED ? 0 : 1;
}
