/* FastServer (user/t_fastpath/fastpath.h): serves Fast with ReplyRecvReg through probe_svc, so that
 * after every receive it sees all of its registers: x8-x30 must be its own, x2-x7 past the request's
 * size 0. */
#include <string.h>
#include <vigil/syscall.h>
#include "fastpath.h"

static union {
    union t_fastpath_Fast_req q;
    uint8_t bytes[128];
} big_req;

int server_main(void)
{
    vg_handle_t listener, sh;
    if (vg_ipc_register("FastServer", &listener, &sh) != rcOk)
        return 1;
    struct vg_msgbuf big = {&big_req, sizeof big_req, 0, 0};
    uint64_t answer[7] = {0}; /* x1-x7 of the answer; answer[0] = 0: none */
    uint64_t leaks = 0, timeout = VG_INFINITE;
    vg_handle_t sync = 0, with = 0; /* the interrupt object of the next receive, if any */
    if (vg_ipc_sync_create(&sync) != rcOk)
        return 3;
    for (;;) {
        uint64_t in[12] = {listener}, out[31];
        memcpy(&in[1], answer, sizeof answer);
        in[8] = VG_SYS_REPLY_RECV_REG;
        in[9] = timeout;
        in[10] = with;
        timeout = VG_INFINITE;
        with = 0;
        in[11] = (uint64_t)&big;
        probe_svc(in, out);
        rc_t rc = (rc_t)out[0];
        if (rc != rcOk && answer[0]) { /* the answer's error or the wait's: wait once more */
            in[1] = 0;
            probe_svc(in, out);
            rc = (rc_t)out[0];
        }
        answer[0] = 0;
        if (rc == rcNotConnected)
            return 0;
        if (rc != rcOk)
            return 2;
        uint64_t hdr = out[1];
        uint32_t size = vg_reg_size(hdr);
        if (!own_registers(in, out))
            leaks++;
        if (!(hdr & VG_REG_IN_MEMORY))
            for (uint32_t b = size - 24; b < 48; b++)
                if (((const uint8_t *)&out[2])[b])
                    leaks++;
        uint16_t mid = vg_reg_mid(hdr);
        uint64_t v = out[2];
        if (mid == t_fastpath_Fast_Big_mid) {
            /* 80 bytes: by memory (it does not fit), then only receive */
            struct t_fastpath_Fast_Big_out o = {.hdr = {.size = sizeof o, .riid = vg_reg_riid(hdr), .mid = mid,
                                                        .flags = VG_MSG_RESPONSE},
                                                v + 1, v + 2, v + 3, v + 4, v + 5, v + 6, v + 7};
            struct vg_msgbuf ob = {&o, sizeof o, 0, 0};
            vg_reply(listener, &ob);
            continue;
        }
        if (mid == t_fastpath_Fast_Ping_mid && v == FAST_HOLD)
            vg_thread_sleep(20000000);
        if (mid == t_fastpath_Fast_Ping_mid && v == FAST_TIMED)
            timeout = 5000000000ull;
        if (mid == t_fastpath_Fast_Ping_mid && v == FAST_SYNCED)
            with = sync;
        uint64_t r = mid == t_fastpath_Fast_Checked_mid ? v + 2 : v == FAST_LEAKS ? leaks : v + 1;
        /* Checked's answer names Ping: the kernel answers the method the client called, whatever the
         * server writes there. */
        answer[0] = vg_reg_hdr(sizeof(struct t_fastpath_Fast_Ping_out), vg_reg_riid(hdr),
                               mid == t_fastpath_Fast_Checked_mid ? t_fastpath_Fast_Ping_mid : mid, VG_MSG_RESPONSE);
        answer[1] = r;
        for (int i = 2; i < 7; i++)
            answer[i] = 0x77770000u + (uint64_t)i; /* past the size: must never reach the client */
    }
}

/* Serves one Take: a register Ping through the client end it was given (a copy of Einit's, whose channel
 * has just carried Einit's fast Pings), answered with that call's rc. */
int fastb_main(void)
{
    vg_handle_t listener, sh;
    if (vg_ipc_register("FastB", &listener, &sh) != rcOk)
        return 1;
    struct t_fastpath_Fast_Take_req req;
    struct vg_msgbuf in = {&req, sizeof req, 0, 0};
    if (vg_recv_ex(listener, &in, 5000000000ull, VG_INVALID_HANDLE) != rcOk || req.hdr.mid != t_fastpath_Fast_Take_mid)
        return 2;
    struct vg_regmsg m = {vg_reg_hdr(32, 0, t_fastpath_Fast_Ping_mid, VG_MSG_REQUEST), {1}};
    rc_t rc = vg_call_reg(req.h.handle, &m);
    struct t_fastpath_Fast_Take_out res = {.hdr = {.size = sizeof res, .mid = req.hdr.mid, .flags = VG_MSG_RESPONSE},
                                           .r = (uint64_t)(uint32_t)rc};
    struct vg_msgbuf out = {&res, sizeof res, 0, 0};
    return vg_reply(listener, &out) == rcOk ? 0 : 3;
}
