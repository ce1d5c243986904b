/* IntServer and IntB. */
#include <string.h>
#include <vigil/handle.h>
#include "integ.h"

/* Serves every channel it has: each request is first received into a buffer that holds only its
 * header (rcBufferTooSmall, the request stays queued, undecided), then into one that fits. */
int server_main(void)
{
    vg_handle_t listener, sh;
    if (vg_ipc_register("srv", &listener, &sh) != rcOk)
        return 1;
    for (;;) {
        union t_integrity_Integ_req req;
        struct vg_msgbuf small = {&req, sizeof(struct vg_msg_hdr), 0, 0};
        rc_t rc = vg_recv_ex(listener, &small, VG_INFINITE, VG_INVALID_HANDLE);
        if (rc == rcBufferTooSmall) {
            struct vg_msgbuf in = {&req, sizeof req, 0, 0};
            rc = vg_recv_ex(listener, &in, VG_INFINITE, VG_INVALID_HANDLE);
        } else if (rc == rcOk) {
            printf("FAIL server_small_buffer: a request larger than 24 bytes arrived in 24\n");
        }
        if (rc != rcOk)
            return rc == rcNotConnected ? 0 : 2;
        /* A Tag's handle is closed before the answer: once the caller closes its own, the object dies. */
        if (req.hdr.mid == t_integrity_Integ_Tag_mid && req.hdr.ncaps == 1)
            vg_handle_close(((struct t_integrity_Integ_Tag_req *)&req)->h.handle);
        struct t_integrity_Integ_Ping_out res = {
            .hdr = {.size = sizeof res, .mid = req.hdr.mid, .flags = VG_MSG_RESPONSE},
            .r = ((struct t_integrity_Integ_Ping_req *)&req)->v + 1,
        };
        struct vg_msgbuf out = {&res, sizeof res, 0, 0};
        vg_reply(listener, &out);
    }
}

static rc_t call_v(vg_handle_t h, uint16_t mid, uint32_t v, uint32_t *r)
{
    struct t_integrity_Integ_Ping_req q = integ_req(mid, v);
    union t_integrity_Integ_Ping_res res;
    struct vg_msgbuf in = {&q, sizeof q, 0, 0}, out = {&res, sizeof res, 0, 0};
    rc_t rc = vg_call_ex(h, &in, &out, 2000 * MS, VG_INVALID_HANDLE);
    if (rc == rcOk && r)
        *r = res.out.r;
    return rc;
}

/* Serves one Take: calls Ping and Other through the client handle it was given (a copy of Einit's),
 * and answers with what those calls returned. */
int intb_main(void)
{
    vg_handle_t listener, sh;
    if (vg_ipc_register("take", &listener, &sh) != rcOk)
        return 1;
    struct t_integrity_Integ_Take_req req;
    struct vg_msgbuf in = {&req, sizeof req, 0, 0};
    if (vg_recv_ex(listener, &in, 5000 * MS, VG_INVALID_HANDLE) != rcOk)
        return 2;
    struct t_integrity_Integ_Take_out res = {.hdr = {.size = sizeof res, .mid = req.hdr.mid, .flags = VG_MSG_RESPONSE}};
    res.ping_rc = (uint32_t)call_v(req.h.handle, t_integrity_Integ_Ping_mid, 1, 0);
    res.other_rc = (uint32_t)call_v(req.h.handle, t_integrity_Integ_Other_mid, 1, 0);
    struct vg_msgbuf out = {&res, sizeof res, 0, 0};
    return vg_reply(listener, &out) == rcOk ? 0 : 3;
}
