/* Minimal reproducers of kernel bugs the fuzzer found, run only in the ipcfuzz-bugs image
 * (KNOWN_BUGS=1 bash tests/suites/24-ipc-stress.sh), as the process KnownBugs. Each prints ok/FAIL.
 *
 * reply_after_nested_call: a server thread that has received a request and then makes a Call of its
 * own (here on its own channel, timeout 0, so it returns rcTimeout at once) loses the served
 * request's channel: ipc_call() ends with self->ipc.chan = 0 while self->ipc.serving still names the
 * client. A Reply on the channel's server handle then returns rcInvalidArgument (the request is lost,
 * its client waits until its timeout); a Reply on the listener dereferences the NULL channel in
 * channel_port() (kernel data abort at FAR 0x50, ipc_reply+0xbc). Expected: the Reply delivers the
 * response (rcOk) and the client's Call returns rcOk; a server calling another server while serving
 * is the ordinary nested case. */
#include <string.h>
#include "fuzz.h"

static vg_handle_t client_h;
static volatile rc_t client_rc = 1;

static int client(void *arg)
{
    (void)arg;
    struct ipcfuzz_Fuzz_Ping_req q = {.hdr = {.size = sizeof q, .mid = ipcfuzz_Fuzz_Ping_mid, .flags = VG_MSG_REQUEST},
                                      .v = 7};
    union ipcfuzz_Fuzz_Ping_res r;
    struct vg_msgbuf in = {&q, sizeof q, 0, 0}, out = {&r, sizeof r, 0, 0};
    client_rc = vg_call_ex(client_h, &in, &out, 2000000000ull, VG_INVALID_HANDLE);
    return 0;
}

int known_bugs_main(void)
{
    vg_handle_t server_h, listener_h;
    rc_t rc = vg_ipc_create_channel(0, 0, "self", &client_h, &server_h);
    if (rc == rcOk)
        rc = vg_ipc_register("self", &listener_h, &server_h);
    vg_thread_t *t;
    if (rc == rcOk)
        rc = vg_thread_create(&t, client, 0, VG_PRIORITY_NORMAL, 0);
    if (rc != rcOk) {
        printf("FAIL known_bug_setup: %s\n", rc_name(rc));
        return 1;
    }
    union ipcfuzz_Fuzz_req req;
    uint8_t arena[64];
    struct vg_msgbuf in = {&req, sizeof req, sizeof arena, arena};
    rc_t recv = vg_recv_ex(server_h, &in, 2000000000ull, VG_INVALID_HANDLE);
    /* The nested Call: nobody is receiving, so it times out at once. */
    struct ipcfuzz_Fuzz_Fail_req q = {.hdr = {.size = sizeof q, .mid = ipcfuzz_Fuzz_Fail_mid, .flags = VG_MSG_REQUEST}};
    union ipcfuzz_Fuzz_Fail_res r;
    struct vg_msgbuf qin = {&q, sizeof q, 0, 0}, qout = {&r, sizeof r, 0, 0};
    rc_t nested = vg_call_ex(client_h, &qin, &qout, 0, VG_INVALID_HANDLE);
    struct ipcfuzz_Fuzz_Ping_out res = {.hdr = {.size = sizeof res, .mid = ipcfuzz_Fuzz_Ping_mid, .flags = VG_MSG_RESPONSE},
                                        .r = 8};
    struct vg_msgbuf out = {&res, sizeof res, 0, 0};
    rc_t reply = vg_reply(server_h, &out);                        /* rcInvalidArgument */
    rc_t again = reply == rcOk ? rcOk : vg_reply(listener_h, &out); /* the kernel faults here */
    vg_thread_join(t, VG_INFINITE, 0);
    int ok = recv == rcOk && nested == rcTimeout && reply == rcOk && client_rc == rcOk;
    printf("%s known_bug_reply_after_nested_call: recv %s, nested call %s, reply %s, on the listener %s, client %s\n",
           ok ? "ok" : "FAIL", rc_name(recv), rc_name(nested), rc_name(reply), rc_name(again), rc_name(client_rc));
    return !ok;
}
