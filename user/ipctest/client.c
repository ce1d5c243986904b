/* IpcClient MODE [CHANNEL]: checks against an IpcServer over the channel CHANNEL (default "echo").
 *   basic  every single-client check (payloads, KSM decisions, malformed messages, handles, timeouts,
 *          interruption, the rewriting race); ends by asking the server to die
 *   many   500 echo calls (the listener test runs four of these at once)
 *   hold   one call the server answers late (Einit kills this client meanwhile) */
#include <stdlib.h>
#include <string.h>
#include "ipctest.h"
#include "IpcServer.edl.h"
#include "ipctest/Verify.idl.h"

static struct nk_vg_transport transport;
static struct ipctest_Echo_proxy proxy;
static vg_handle_t chan;
static uint8_t arena_in[65536 + 8], arena_out[65536 + 8];

static rc_t echo(uint32_t value, const void *data, size_t n, uint32_t *result, void *back, size_t *back_n)
{
    struct ipctest_Echo_Echo_req req = {.value = value};
    union ipctest_Echo_Echo_res res;
    struct nk_arena a, b;
    nk_arena_init(&a, arena_in, sizeof arena_in);
    nk_arena_init(&b, arena_out, sizeof arena_out);
    rc_t rc = NK_ARENA_STORE(uint8_t, &a, &req.data, data, n);
    if (rc != rcOk)
        return rc;
    rc = ipctest_Echo_Echo(&proxy, &req, &a, &res, &b);
    if (rc != rcOk)
        return rc;
    if (result)
        *result = res.out.result;
    const uint8_t *p;
    size_t m;
    if ((rc = NK_ARENA_GET(uint8_t, &b, &res.out.back, &p, &m)) != rcOk)
        return rc;
    if (back)
        memcpy(back, p, m);
    if (back_n)
        *back_n = m;
    return rcOk;
}

static struct server_stats query(void)
{
    struct server_stats s;
    memset(&s, 0xff, sizeof s);
    size_t n;
    echo(V_QUERY, 0, 0, 0, &s, &n);
    return s;
}

static void payloads(void)
{
    uint32_t r = 0;
    rc_t rc = echo(41, 0, 0, &r, 0, 0);
    CHECK("echo_value", rc == rcOk && r == 42, "rc %s, result %u", rc_name(rc), r);
    static uint8_t big[65536], back[65536];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (uint8_t)(i * 7 + 3);
    static const size_t sizes[] = {0, 1, 65536};
    for (unsigned i = 0; i < 3; i++) {
        size_t n = 12345;
        memset(back, 0, sizeof back);
        rc = echo(7, big, sizes[i], &r, back, &n);
        char name[32];
        snprintf(name, sizeof name, "arena_payload_%zu", sizes[i]);
        CHECK(name, rc == rcOk && n == sizes[i] && memcmp(big, back, n) == 0, "rc %s, %zu bytes back", rc_name(rc), n);
    }
    /* One byte over the maximum: built by hand, since the generated code refuses it. */
    static uint8_t over[65537];
    struct ipctest_Echo_Echo_req req = {.hdr = {.size = sizeof req, .flags = VG_MSG_REQUEST, .arena_size = 65537},
                                        .value = 1, .data = {0, 65537}};
    union ipctest_Echo_Echo_res res;
    struct vg_msgbuf in = {&req, sizeof req, 65537, over}, out = {&res, sizeof res, sizeof arena_out, arena_out};
    uint32_t before = query().received;
    rc = vg_call(chan, &in, &out);
    CHECK("arena_one_byte_over_rejected", rc == rcInvalidArgument && query().received == before + 1,
          "rc %s", rc_name(rc));
}

static void ksm_decisions(void)
{
    uint32_t before = query().received;
    struct ipctest_Echo_Denied_req dq = {.value = 7};
    union ipctest_Echo_Denied_res dr;
    rc_t rc = ipctest_Echo_Denied(&proxy, &dq, 0, &dr, 0);
    struct server_stats s = query();
    CHECK("denied_request_not_delivered", rc == rcSecurityDisallow && s.received == before + 1,
          "rc %s, server received %u requests (before: %u, +1 for the query)", rc_name(rc), s.received, before);
    uint32_t r;
    rc = echo(V_DENY, 0, 0, &r, 0, 0);
    s = query();
    CHECK("denied_by_message_value", rc == rcSecurityDisallow && s.denied_values == 0, "rc %s", rc_name(rc));
    struct ipctest_Echo_DeniedResponse_req rq = {.value = 9};
    union ipctest_Echo_DeniedResponse_res rr;
    memset(&rr, 0xee, sizeof rr);
    rc = ipctest_Echo_DeniedResponse(&proxy, &rq, 0, &rr, 0);
    s = query();
    CHECK("denied_response_not_delivered", rc == rcSecurityDisallow && rr.out.result == 0xeeeeeeeeu &&
          s.last_reply_rc == rcSecurityDisallow, "rc %s, result 0x%x, server's reply %s", rc_name(rc),
          rr.out.result, rc_name(s.last_reply_rc));
    struct ipctest_Echo_Fail_req fq = {.value = 5};
    union ipctest_Echo_Fail_res fr;
    rc = ipctest_Echo_Fail(&proxy, &fq, 0, &fr, 0);
    CHECK("error_response", rc == NK_ERROR_RESPONSE && fr.err.code == 5, "rc %d", rc);
}

static rc_t raw_echo(struct ipctest_Echo_Echo_req *req, uint32_t data_size, uint32_t arena_size)
{
    union ipctest_Echo_Echo_res res;
    struct vg_msgbuf in = {req, data_size, arena_size, arena_in}, out = {&res, sizeof res, sizeof arena_out, arena_out};
    return vg_call(chan, &in, &out);
}

/* A kernel method the policy denies stays denied, though the kernel remembers the constant grants. */
static void kernel_call_denied(void)
{
    void *page;
    rc_t m = vg_vmm_map(0, 4096, VG_PROT_READ | VG_PROT_WRITE, &page);
    uint64_t ns;
    rc_t t1 = vg_time_now(&ns), p1 = vg_vmm_protect(page, 4096, VG_PROT_READ);
    rc_t t2 = vg_time_now(&ns), p2 = vg_vmm_protect(page, 4096, VG_PROT_READ);
    CHECK("kernel_method_denied_by_policy", m == rcOk && t1 == rcOk && t2 == rcOk && p1 == rcSecurityDisallow &&
          p2 == rcSecurityDisallow, "map %s, time %s %s, protect %s %s", rc_name(m), rc_name(t1), rc_name(t2),
          rc_name(p1), rc_name(p2));
    vg_vmm_unmap(page, 4096);
}

/* The client's own security interface: the decision comes back to the caller, nothing is delivered. */
static void security_interface(void)
{
    struct nk_vg_transport st;
    nk_vg_security_transport_init(&st);
    struct ipctest_Verify_proxy vp;
    ipctest_Verify_proxy_init(&vp, &st.base, 0);
    struct ipctest_Verify_Check_req q = {.value = 5};
    union ipctest_Verify_Check_res r;
    rc_t granted = ipctest_Verify_Check(&vp, &q, 0, &r, 0);
    q.value = 50;
    rc_t denied = ipctest_Verify_Check(&vp, &q, 0, &r, 0);
    q.hdr.size = 99; /* sent by hand with a wrong size below */
    struct vg_msgbuf in = {&q, sizeof q, 0, 0};
    rc_t malformed = vg_call(VG_SECURITY_HANDLE, &in, 0);
    CHECK("security_interface", granted == rcOk && denied == rcSecurityDisallow && malformed == rcInvalidArgument,
          "%s %s %s", rc_name(granted), rc_name(denied), rc_name(malformed));
}

static void malformed(void)
{
    uint32_t before = query().received;
    struct ipctest_Echo_Echo_req req = {.hdr = {.size = sizeof req, .flags = VG_MSG_REQUEST, .arena_size = 16},
                                        .value = 1, .data = {8, 100}};
    rc_t a = raw_echo(&req, sizeof req, 16);                 /* descriptor runs past the arena */
    req.data = (struct vg_arena_ptr){0, 16};
    req.hdr.size = sizeof req - 4;
    rc_t b = raw_echo(&req, sizeof req, 16);                 /* hdr.size disagrees with the bytes sent */
    req.hdr.size = sizeof req;
    req.hdr.ncaps = 1;
    rc_t c = raw_echo(&req, sizeof req, 16);                 /* a handle count Echo does not have */
    req.hdr.ncaps = 0;
    req.hdr.mid = 77;
    rc_t d = raw_echo(&req, sizeof req, 16);                 /* no such method */
    uint32_t after = query().received;
    CHECK("malformed_rejected_before_rules", a == rcInvalidArgument && b == rcInvalidArgument &&
          c == rcInvalidArgument && d == rcInvalidArgument && after == before + 1,
          "%s %s %s %s, server received %u (before %u)", rc_name(a), rc_name(b), rc_name(c), rc_name(d), after, before);
    /* The header's reserved field must be 0 (docs/ipc.md): the same request with reserved 1 is refused and
     * not delivered; with reserved 0 it is. */
    before = query().received;
    req.hdr.mid = 0;
    req.hdr.reserved = 1;
    rc_t e = raw_echo(&req, sizeof req, 16);
    after = query().received;
    req.hdr.reserved = 0;
    rc_t f = raw_echo(&req, sizeof req, 16);
    uint32_t last = query().received;
    CHECK("reserved_field_rejected", e == rcInvalidArgument && after == before + 1 && f == rcOk && last == after + 2,
          "reserved 1: %s, server received %u (before %u); reserved 0: %s, received %u", rc_name(e), after, before,
          rc_name(f), last);
}

static rc_t pass(vg_handle_t h, uint32_t rights, uint32_t *got)
{
    struct ipctest_Echo_Pass_req req = {.h = {h, rights}};
    union ipctest_Echo_Pass_res res;
    rc_t rc = ipctest_Echo_Pass(&proxy, &req, 0, &res, 0);
    if (rc == rcOk && got)
        *got = res.out.ok;
    return rc;
}

static void handles(void)
{
    const uint32_t full = VG_RIGHT_IPC_CLIENT | VG_RIGHT_TRANSFER | VG_RIGHT_COPY | VG_RIGHT_GET_SID;
    vg_handle_t c1, c2, c3;
    uint32_t got = 0;
    rc_t rc = vg_handle_copy(chan, full, &c1);
    rc_t t = rc == rcOk ? pass(c1, VG_RIGHT_IPC_CLIENT, &got) : rc;
    CHECK("transfer_narrows_rights", t == rcOk && got == VG_RIGHT_IPC_CLIENT, "%s, got rights 0x%x", rc_name(t), got);
    rc = vg_handle_copy(chan, VG_RIGHT_IPC_CLIENT | VG_RIGHT_TRANSFER, &c2);
    t = rc == rcOk ? pass(c2, VG_RIGHT_IPC_CLIENT | VG_RIGHT_TRANSFER | VG_RIGHT_COPY, 0) : rc;
    CHECK("transfer_cannot_widen", t == rcNoCapability, "%s", rc_name(t));
    rc = vg_handle_copy(chan, VG_RIGHT_IPC_CLIENT, &c3);
    t = rc == rcOk ? pass(c3, VG_RIGHT_IPC_CLIENT, 0) : rc;
    CHECK("transfer_needs_transfer_right", t == rcNoCapability, "%s", rc_name(t));
    rc_t forged = pass(0x7fff1234u, VG_RIGHT_IPC_CLIENT, 0);
    vg_handle_close(c3);
    rc_t closed = pass(c3, VG_RIGHT_IPC_CLIENT, 0);
    struct vg_msgbuf in = {0, 0, 0, 0}, out = {0, 0, 0, 0};
    rc_t call_forged = vg_call(0x7fff1234u, &in, &out);
    CHECK("forged_stale_closed_rejected", forged == rcInvalidArgument && closed == rcInvalidArgument &&
          call_forged == rcInvalidArgument, "%s %s %s", rc_name(forged), rc_name(closed), rc_name(call_forged));
    /* c1 went to the server as a descendant; revoking c1 here revokes the server's handle too. */
    rc = vg_handle_revoke(c1);
    vg_handle_t c4;
    vg_handle_copy(chan, full, &c4);
    t = pass(c4, VG_RIGHT_IPC_CLIENT | VG_RIGHT_TRANSFER, 0); /* makes the server use the old one */
    struct server_stats s = query();
    CHECK("revoke_reaches_descendants_in_other_process", rc == rcOk && t == rcOk && s.revoked_use_rc == rcHandleRevoked,
          "revoke %s, pass %s, server's call on the revoked handle: %s", rc_name(rc), rc_name(t),
          rc_name(s.revoked_use_rc));
    /* Give: the server sends it back (handles in responses), narrowed again. */
    struct ipctest_Echo_Give_req gq = {.rights = VG_RIGHT_IPC_CLIENT};
    union ipctest_Echo_Give_res gr;
    rc = ipctest_Echo_Give(&proxy, &gq, 0, &gr, 0);
    uint32_t r = 0;
    rc_t use = rcFail;
    if (rc == rcOk) {
        struct nk_vg_transport t2;
        struct ipctest_Echo_proxy p2;
        nk_vg_transport_init(&t2, gr.out.h.handle);
        ipctest_Echo_proxy_init(&p2, &t2.base, 0);
        struct ipctest_Echo_Echo_req req = {.value = 99};
        union ipctest_Echo_Echo_res res;
        struct nk_arena b;
        nk_arena_init(&b, arena_out, sizeof arena_out);
        use = ipctest_Echo_Echo(&p2, &req, 0, &res, &b);
        r = res.out.result;
    }
    CHECK("handle_in_response", rc == rcOk && gr.out.h.rights == VG_RIGHT_IPC_CLIENT && use == rcOk && r == 100,
          "give %s, rights 0x%x, call through it %s", rc_name(rc), gr.out.h.rights, rc_name(use));
}

/* A second thread flips the request's value between a granted and a denied one while this thread
 * calls: whatever was delivered must be what the KSM decided on. */
static struct ipctest_Echo_Echo_req race_req;
static volatile int race_stop;

static int flipper(void *arg)
{
    (void)arg;
    while (!race_stop) {
        race_req.value = V_DENY;
        vg_thread_yield();
        race_req.value = 5;
        vg_thread_yield();
    }
    return 0;
}

static void race(void)
{
    race_req.hdr = (struct vg_msg_hdr){.size = sizeof race_req, .flags = VG_MSG_REQUEST};
    race_req.value = 5;
    vg_thread_t *t;
    race_stop = 0;
    vg_thread_create(&t, flipper, 0, VG_PRIORITY_NORMAL, 0);
    int granted = 0, denied = 0, other = 0;
    for (int i = 0; i < 400; i++) {
        union ipctest_Echo_Echo_res res;
        struct vg_msgbuf in = {&race_req, sizeof race_req, 0, 0}, out = {&res, sizeof res, 0, 0};
        rc_t rc = vg_call(chan, &in, &out);
        if (rc == rcOk && res.out.result == 6)
            granted++;
        else if (rc == rcSecurityDisallow)
            denied++;
        else
            other++;
        if (i % 3 == 0)
            vg_thread_yield();
    }
    race_stop = 1;
    vg_thread_join(t, VG_INFINITE, 0);
    struct server_stats s = query();
    CHECK("rewriting_sender_cannot_pass_the_ksm", s.denied_values == 0 && other == 0 && granted > 0,
          "server saw %u denied values; %d granted, %d denied, %d other", s.denied_values, granted, denied, other);
}

static vg_handle_t sync_h;
static int interrupter(void *arg)
{
    (void)arg;
    vg_thread_sleep(5000000);
    vg_ipc_set_interrupt(sync_h);
    return 0;
}

static void timeouts(void)
{
    uint32_t r;
    transport.timeout_ns = 5000000; /* 5 ms */
    uint64_t t0, t1;
    vg_time_now(&t0);
    rc_t rc = echo(V_HOLD | 50, 0, 0, &r, 0, 0);
    vg_time_now(&t1);
    transport.timeout_ns = VG_INFINITE;
    CHECK("call_timeout", rc == rcTimeout && t1 - t0 >= 5000000, "rc %s after %llu ns", rc_name(rc),
          (unsigned long long)(t1 - t0));
    vg_thread_sleep(60000000); /* the server replies into the void meanwhile */
    struct server_stats s = query();
    CHECK("reply_to_timed_out_client_fails", s.last_reply_rc != rcOk && s.last_value == V_QUERY,
          "server's reply: %s", rc_name(s.last_reply_rc));
    vg_ipc_sync_create(&sync_h);
    vg_thread_t *t;
    vg_thread_create(&t, interrupter, 0, VG_PRIORITY_NORMAL, 0);
    transport.sync = sync_h;
    rc = echo(V_HOLD | 100, 0, 0, &r, 0, 0);
    transport.sync = VG_INVALID_HANDLE;
    vg_thread_join(t, VG_INFINITE, 0);
    rc_t again = vg_call_ex(chan, 0, 0, VG_INFINITE, sync_h);
    vg_ipc_clear_interrupt(sync_h);
    CHECK("call_interrupted", rc == rcIpcInterrupt && again == rcIpcInterrupt, "%s, then %s", rc_name(rc), rc_name(again));
    vg_thread_sleep(120000000);
}

static void server_death(void)
{
    uint32_t r;
    rc_t rc = echo(V_DIE, 0, 0, &r, 0, 0);
    rc_t again = echo(1, 0, 0, &r, 0, 0);
    CHECK("server_death_wakes_client", rc == rcNotConnected && again == rcNotConnected, "%s, then %s",
          rc_name(rc), rc_name(again));
}

int client_main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "basic";
    const char *name = argc > 2 ? argv[2] : "echo";
    rc_t rc = vg_ipc_connect(name, &chan);
    if (rc != rcOk) {
        printf("FAIL client_connect: %s: %s\n", name, rc_name(rc));
        return 1;
    }
    nk_vg_transport_init(&transport, chan);
    ipctest_Echo_proxy_init(&proxy, &transport.base, 0);
    if (strcmp(mode, "many") == 0) {
        for (uint32_t i = 0; i < 500; i++) {
            uint32_t r;
            uint8_t b[4] = {(uint8_t)i, 1, 2, 3}, back[4];
            size_t n;
            rc = echo(i, b, sizeof b, &r, back, &n);
            if (rc != rcOk || r != i + 1 || n != 4 || memcmp(b, back, 4)) {
                printf("FAIL listener_client_%s: call %u: %s\n", name, i, rc_name(rc));
                return 1;
            }
        }
        return 0;
    }
    if (strcmp(mode, "hold") == 0) {
        uint32_t r;
        echo(V_HOLD | 200, 0, 0, &r, 0, 0);
        return 0;
    }
    vg_iid_t riid = 99;
    rc_t r1 = vg_ipc_get_riid(chan, "echo", &riid);
    rc_t r2 = vg_ipc_get_riid(chan, "nope", 0);
    CHECK("riid_by_endpoint_name", r1 == rcOk && riid == IpcServer_entity_echo_riid && r2 == rcResourceNotFound,
          "%s riid %u, %s", rc_name(r1), riid, rc_name(r2));
    security_interface();
    kernel_call_denied();
    payloads();
    ksm_decisions();
    malformed();
    handles();
    race();
    timeouts();
    server_death();
    return check_failures;
}
