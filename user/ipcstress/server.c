/* SServer NAME...: registers every channel NAME and serves Work on its listener with two threads (one
 * with the memory ABI, one with the register ABI) until it is killed or every client is gone (Recv: rcNotConnected). */
#include "stress.h"

static vg_handle_t listener;

static int serve(void *arg)
{
    (void)arg;
    for (;;) {
        struct ipcstress_Stress_Work_req req;
        struct vg_msgbuf in = {&req, sizeof req, 0, 0};
        rc_t rc = vg_recv(listener, &in);
        if (rc == rcNotConnected)
            return 0;
        if (rc != rcOk) {
            printf("FAIL stress_server_recv: %s\n", rc_name(rc));
            return 1;
        }
        if (req.delay_us)
            vg_thread_sleep((uint64_t)req.delay_us * 1000u);
        struct ipcstress_Stress_Work_out res = {
            .hdr = {.size = sizeof res, .mid = ipcstress_Stress_Work_mid, .flags = VG_MSG_RESPONSE}, .next = req.seq + 1};
        struct vg_msgbuf out = {&res, sizeof res, 0, 0};
        /* The client may have timed out or died meanwhile: that is the point of the test. */
        rc = vg_reply(listener, &out);
        if (rc != rcOk && rc != rcNotConnected && rc != rcInvalidThreadState) {
            printf("FAIL stress_server_reply: %s\n", rc_name(rc));
            return 1;
        }
    }
}

/* The same with the register ABI (ReplyRecvReg): a request of either ABI arrives in registers (it fits),
 * the answer leaves in them. A reply that fails (the client timed out or died) is followed by a Recv. */
static int serve_regs(void *arg)
{
    (void)arg;
    struct vg_regmsg m = {0, {0}}; /* m.hdr = 0: nothing to answer yet */
    for (;;) {
        rc_t rc = vg_reply_recv_reg(listener, &m, 0);
        if (rc != rcOk && m.hdr) {
            if (rc != rcNotConnected && rc != rcInvalidThreadState) {
                printf("FAIL stress_server_reply_regs: %s\n", rc_name(rc));
                return 1;
            }
            m.hdr = 0;
            rc = vg_reply_recv_reg(listener, &m, 0);
        }
        if (rc == rcNotConnected)
            return 0;
        if (rc != rcOk || vg_reg_size(m.hdr) != sizeof(struct ipcstress_Stress_Work_req)) {
            printf("FAIL stress_server_recv_regs: %s, size %u\n", rc_name(rc), vg_reg_size(m.hdr));
            return 1;
        }
        struct ipcstress_Stress_Work_req req;
        vg_reg_unpack(&m, &req);
        if (req.delay_us)
            vg_thread_sleep((uint64_t)req.delay_us * 1000u);
        struct ipcstress_Stress_Work_out res = {
            .hdr = {.size = sizeof res, .mid = ipcstress_Stress_Work_mid, .flags = VG_MSG_RESPONSE}, .next = req.seq + 1};
        vg_reg_pack(&res, &m);
    }
}

int server_main(int argc, char **argv)
{
    vg_handle_t server;
    for (int i = 1; i < argc; i++) {
        rc_t rc = vg_ipc_register(argv[i], &listener, &server);
        if (rc != rcOk) {
            printf("FAIL stress_server_register_%s: %s\n", argv[i], rc_name(rc));
            return 1;
        }
    }
    vg_thread_t *t;
    if (vg_thread_create(&t, serve_regs, 0, VG_PRIORITY_NORMAL + 2, 0) != rcOk)
        return 1;
    return serve(0);
}
