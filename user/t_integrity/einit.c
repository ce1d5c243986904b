/* Einit: one reproducer per defect of the reference-monitor integrity issue, each failing on the
 * kernel before it was fixed (docs/security.md). */
#include <string.h>
#include <vigil/core_call.h>
#include <vigil/handle.h>
#include "integ.h"

static vg_handle_t self_c, self_s; /* Einit's channel to itself */

static uint64_t now(void)
{
    uint64_t t = 0;
    vg_time_now(&t);
    return t;
}

static rc_t call_v(vg_handle_t h, uint16_t mid, uint32_t v, uint32_t *r, uint64_t timeout, vg_handle_t sync,
                   uint32_t *canary)
{
    struct t_integrity_Integ_Ping_req q = integ_req(mid, v);
    union t_integrity_Integ_Ping_res res;
    memset(&res, 0xcc, sizeof res);
    struct vg_msgbuf in = {&q, sizeof q, 0, 0}, out = {&res, sizeof res, 0, 0};
    rc_t rc = vg_call_ex(h, &in, &out, timeout, sync);
    if (rc == rcOk && r)
        *r = res.out.r;
    if (canary)
        *canary = res.out.r;
    return rc;
}

static rc_t reply_v(vg_handle_t h, uint32_t r)
{
    struct t_integrity_Integ_Ping_out res = {.hdr = {.size = sizeof res, .mid = t_integrity_Integ_Ping_mid,
                                                     .flags = VG_MSG_RESPONSE}, .r = r};
    struct vg_msgbuf out = {&res, sizeof res, 0, 0};
    return vg_reply(h, &out);
}

static rc_t recv_v(vg_handle_t h, uint64_t timeout)
{
    union t_integrity_Integ_req req;
    struct vg_msgbuf in = {&req, sizeof req, 0, 0};
    return vg_recv_ex(h, &in, timeout, VG_INVALID_HANDLE);
}

/* ---- 1. two threads in task.Wait on one child ---- */

static vg_pid_t waited;
static volatile rc_t wait_rc[2];
static volatile int wait_code[2];

static int waiter(void *arg)
{
    int i = (int)(uintptr_t)arg, code = -1;
    wait_rc[i] = vg_task_wait(waited, 5000 * MS, &code, 0);
    wait_code[i] = code;
    return 0;
}

static void two_waiters(void)
{
    /* IntServer with no channel named "srv" exits at once with status 1. */
    rc_t rc = vg_task_start_ex("IntServer", (const char *const[]){"IntServer", 0}, 0, VG_TASK_SUSPENDED,
                               &waited);
    vg_thread_t *t[2];
    for (int i = 0; i < 2 && rc == rcOk; i++)
        rc = vg_thread_create(&t[i], waiter, (void *)(uintptr_t)i, VG_PRIORITY_NORMAL, 0);
    if (rc != rcOk) {
        CHECK("two_waiters_setup", 0, "%s", rc_name(rc));
        return;
    }
    vg_thread_sleep(10 * MS); /* both wait now */
    vg_task_resume(waited);
    for (int i = 0; i < 2; i++)
        vg_thread_join(t[i], VG_INFINITE, 0);
    int ok = (wait_rc[0] == rcOk) + (wait_rc[1] == rcOk);
    int gone = (wait_rc[0] == rcResourceNotFound) + (wait_rc[1] == rcResourceNotFound);
    CHECK("two_waiters_one_gets_the_status", ok == 1 && gone == 1 && wait_code[wait_rc[0] == rcOk ? 0 : 1] == 1,
          "waiters returned %s (code %d) and %s (code %d)", rc_name(wait_rc[0]), wait_code[0], rc_name(wait_rc[1]),
          wait_code[1]);
    rc = vg_task_wait(waited, 0, 0, 0);
    CHECK("wait_after_wait_not_found", rc == rcResourceNotFound, "%s", rc_name(rc));
    /* Memory reuse after the release: new processes come and go, the kernel goes on. */
    for (int i = 0; i < 4; i++) {
        vg_pid_t p;
        if (vg_task_start_ex("IntServer", (const char *const[]){"IntServer", 0}, 0, 0, &p) == rcOk)
            vg_task_wait(p, 5000 * MS, 0, 0);
    }
}

/* ---- 2. a Call ended by its timeout or an interrupt object while its server holds it ---- */

static vg_handle_t sync_h;
static volatile rc_t client_rc;
static volatile uint32_t client_canary;
static volatile uint64_t slept_ns;

static int timed_client(void *arg)
{
    int use_sync = (int)(uintptr_t)arg;
    uint32_t canary = 0;
    client_rc = call_v(self_c, t_integrity_Integ_Ping_mid, 5, 0, use_sync ? VG_INFINITE : 20 * MS,
                       use_sync ? sync_h : VG_INVALID_HANDLE, &canary);
    client_canary = canary;
    /* The wake that ended the Call must be the only one: this sleep sleeps. */
    uint64_t t0 = now();
    vg_thread_sleep(30 * MS);
    slept_ns = now() - t0;
    return 0;
}

static void late_reply(const char *name, int use_sync, int reply_recv)
{
    client_rc = 1;
    slept_ns = 0;
    vg_thread_t *t;
    /* The client runs below us: once its wait ends it is ready but does not run before our Reply,
     * which is when a kernel that unlinks it only when it runs goes wrong. */
    rc_t rc = vg_thread_create(&t, timed_client, (void *)(uintptr_t)use_sync, VG_PRIORITY_NORMAL - 5, 0);
    rc_t recv = rc == rcOk ? recv_v(self_s, 2000 * MS) : rc;
    if (use_sync) {
        vg_ipc_set_interrupt(sync_h);
        vg_ipc_clear_interrupt(sync_h);
    } else {
        uint64_t t0 = now();
        while (now() - t0 < 40 * MS) /* busy: the client's timeout fires meanwhile */
            ;
    }
    rc_t reply;
    if (reply_recv) {
        struct t_integrity_Integ_Ping_out res = {.hdr = {.size = sizeof res, .mid = t_integrity_Integ_Ping_mid,
                                                         .flags = VG_MSG_RESPONSE}, .r = 6};
        union t_integrity_Integ_req next;
        struct vg_msgbuf out = {&res, sizeof res, 0, 0}, in = {&next, sizeof next, 0, 0};
        reply = vg_reply_recv_ex(self_s, &out, &in, 5 * MS, VG_INVALID_HANDLE);
    } else {
        reply = reply_v(self_s, 6);
    }
    int code = -1;
    vg_thread_join(t, VG_INFINITE, &code);
    char n[96];
    snprintf(n, sizeof n, "%s_late_reply_not_connected", name);
    CHECK(n, recv == rcOk && reply == rcNotConnected, "recv %s, reply %s", rc_name(recv), rc_name(reply));
    snprintf(n, sizeof n, "%s_call_result_and_buffer_untouched", name);
    CHECK(n, client_rc == (use_sync ? rcIpcInterrupt : rcTimeout) && client_canary == 0xccccccccu,
          "call %s, response field 0x%x", rc_name(client_rc), client_canary);
    snprintf(n, sizeof n, "%s_client_sleeps_after", name);
    CHECK(n, slept_ns >= 30 * MS, "a 30 ms sleep took %llu ns", (unsigned long long)slept_ns);
}

/* ---- 2b. a Recv woken with a request whose client is gone before the server runs ---- */

static volatile rc_t lost_recv_rc, lost_reply_rc, lost_first_rc, lost_second_rc;
static volatile uint32_t lost_got, lost_r;

static int lost_server(void *arg)
{
    (void)arg;
    union t_integrity_Integ_req req;
    memset(&req, 0, sizeof req);
    struct vg_msgbuf in = {&req, sizeof req, 0, 0};
    lost_recv_rc = vg_recv_ex(self_s, &in, 2000 * MS, VG_INVALID_HANDLE);
    lost_got = req.Ping.v;
    lost_reply_rc = lost_recv_rc == rcOk ? reply_v(self_s, req.Ping.v + 1) : lost_recv_rc;
    return 0;
}

static int lost_client(void *arg)
{
    (void)arg;
    uint32_t r = 0;
    lost_first_rc = call_v(self_c, t_integrity_Integ_Ping_mid, 1, 0, 10 * MS, VG_INVALID_HANDLE, 0);
    lost_second_rc = call_v(self_c, t_integrity_Integ_Ping_mid, 2, &r, 2000 * MS, VG_INVALID_HANDLE, 0);
    lost_r = r;
    return 0;
}

/* The server runs below us, the client above: the client's first request is copied to the waiting
 * server, which is made ready but not run while we are busy; the Call's 10 ms timeout then ends it, and
 * the client calls again. When the server runs at last, its Recv must give it the second request, not
 * report the first one that nobody waits for any more. */
static void recv_for_a_vanished_client(void)
{
    vg_thread_t *s, *c;
    lost_recv_rc = lost_reply_rc = lost_first_rc = lost_second_rc = 1;
    lost_got = lost_r = 0;
    rc_t rc = vg_thread_create(&s, lost_server, 0, VG_PRIORITY_NORMAL - 5, 0);
    vg_thread_sleep(10 * MS); /* the server waits in its Recv now */
    if (rc == rcOk)
        rc = vg_thread_create(&c, lost_client, 0, VG_PRIORITY_NORMAL + 1, 0);
    if (rc != rcOk) {
        CHECK("vanished_client_setup", 0, "%s", rc_name(rc));
        return;
    }
    uint64_t t0 = now();
    while (now() - t0 < 50 * MS) /* busy: the client's timeout fires and it calls again meanwhile */
        ;
    vg_thread_join(c, VG_INFINITE, 0);
    vg_thread_join(s, VG_INFINITE, 0);
    CHECK("vanished_client_call_timed_out", lost_first_rc == rcTimeout, "%s", rc_name(lost_first_rc));
    CHECK("recv_gives_the_next_request_not_the_vanished_one",
          lost_recv_rc == rcOk && lost_got == 2 && lost_reply_rc == rcOk,
          "recv %s with v %u, reply %s", rc_name(lost_recv_rc), lost_got, rc_name(lost_reply_rc));
    CHECK("next_call_answered", lost_second_rc == rcOk && lost_r == 3, "%s, r %u", rc_name(lost_second_rc), lost_r);
}

/* ---- 5. a server thread that exits holding a request ---- */

static int exiting_server(void *arg)
{
    (void)arg;
    recv_v(self_s, 2000 * MS);
    vg_thread_exit(0); /* without replying */
}

static int replying_server(void *arg)
{
    (void)arg;
    if (recv_v(self_s, 2000 * MS) == rcOk)
        reply_v(self_s, 9);
    return 0;
}

static void server_thread_exits(void)
{
    vg_thread_t *t;
    vg_thread_create(&t, exiting_server, 0, VG_PRIORITY_NORMAL, 0);
    /* Stranded for good on a kernel that forgets the request: the timeout only keeps the test going. */
    rc_t rc = call_v(self_c, t_integrity_Integ_Ping_mid, 1, 0, 1000 * MS, VG_INVALID_HANDLE, 0);
    vg_thread_join(t, VG_INFINITE, 0);
    CHECK("server_thread_exit_answers_not_connected", rc == rcNotConnected, "%s", rc_name(rc));
    vg_thread_create(&t, replying_server, 0, VG_PRIORITY_NORMAL, 0);
    uint32_t r = 0;
    rc = call_v(self_c, t_integrity_Integ_Ping_mid, 1, &r, 2000 * MS, VG_INVALID_HANDLE, 0);
    vg_thread_join(t, VG_INFINITE, 0);
    CHECK("ipc_works_after_server_thread_exit", rc == rcOk && r == 9, "%s, r %u", rc_name(rc), r);
}

/* ---- 3, 6. the real sender's class, the grant memo's key, decided once ---- */

static int patient_server_short(void *arg)
{
    (void)arg;
    return recv_v(self_s, 200 * MS) == rcTimeout ? 0 : 1; /* nothing may arrive */
}

static void classes_and_decisions(void)
{
    vg_pid_t srv, b;
    rc_t rc = vg_task_start_ex("IntServer", (const char *const[]){"IntServer", 0}, 0, VG_TASK_SUSPENDED, &srv);
    if (rc == rcOk)
        rc = vg_task_start_ex("IntB", (const char *const[]){"IntB", 0}, 0, VG_TASK_SUSPENDED, &b);
    vg_handle_t to_srv = 0, to_b = 0;
    if (rc == rcOk)
        rc = vg_ipc_create_channel(0, srv, "srv", &to_srv, 0);
    if (rc == rcOk)
        rc = vg_ipc_create_channel(0, b, "take", &to_b, 0);
    if (rc != rcOk) {
        CHECK("classes_setup", 0, "%s", rc_name(rc));
        return;
    }
    vg_task_resume(srv);
    vg_task_resume(b);
    uint32_t r = 0;
    rc = call_v(to_srv, t_integrity_Integ_Ping_mid, 1, &r, 2000 * MS, VG_INVALID_HANDLE, 0);
    CHECK("granted_ping_delivered_after_small_buffer", rc == rcOk && r == 2, "%s, r %u", rc_name(rc), r);
    rc = call_v(to_srv, t_integrity_Integ_Ping_mid, 2, &r, 2000 * MS, VG_INVALID_HANDLE, 0);
    CHECK("remembered_ping_granted_again", rc == rcOk && r == 3, "%s, r %u", rc_name(rc), r);
    {
        /* The remembered grant skips the KSM's structure check, so what it is keyed on must hold: a Ping
         * 4 bytes longer (its header saying so; still within the server's buffer, so only the structure can
         * refuse it) and a Ping whose reserved word is set are each refused. */
        struct {
            struct t_integrity_Integ_Ping_req q;
            uint32_t extra;
        } longer = {integ_req(t_integrity_Integ_Ping_mid, 5), 0};
        _Static_assert(sizeof longer <= sizeof(union t_integrity_Integ_req), "the server could not take it");
        longer.q.hdr.size = sizeof longer;
        union t_integrity_Integ_Ping_res res;
        struct vg_msgbuf in = {&longer, sizeof longer, 0, 0}, out = {&res, sizeof res, 0, 0};
        rc_t l = vg_call_ex(to_srv, &in, &out, 2000 * MS, VG_INVALID_HANDLE);
        struct t_integrity_Integ_Ping_req q = integ_req(t_integrity_Integ_Ping_mid, 6);
        q.hdr.reserved = 1;
        in = (struct vg_msgbuf){&q, sizeof q, 0, 0};
        rc_t v = vg_call_ex(to_srv, &in, &out, 2000 * MS, VG_INVALID_HANDLE);
        CHECK("remembered_grant_keyed_on_the_size", l == rcInvalidArgument, "%s", rc_name(l));
        CHECK("remembered_grant_needs_reserved_zero", v == rcInvalidArgument, "%s", rc_name(v));
    }
    rc = call_v(to_srv, t_integrity_Integ_Nope_mid, 1, 0, 2000 * MS, VG_INVALID_HANDLE, 0);
    CHECK("memo_does_not_pass_another_method_of_the_same_size", rc == rcSecurityDisallow, "%s", rc_name(rc));
    rc = call_v(to_srv, t_integrity_Integ_Once_mid, 1, &r, 2000 * MS, VG_INVALID_HANDLE, 0);
    CHECK("stateful_policy_decided_once_despite_small_buffer", rc == rcOk && r == 2, "%s", rc_name(rc));
    rc = call_v(to_srv, t_integrity_Integ_Once_mid, 1, 0, 2000 * MS, VG_INVALID_HANDLE, 0);
    CHECK("stateful_policy_second_message_denied", rc == rcSecurityDisallow, "%s", rc_name(rc));
    /* IntB gets a copy of Einit's client handle: its calls are IntB's, not Einit's. */
    vg_handle_t copy;
    rc = vg_handle_copy(to_srv, VG_RIGHT_IPC_CLIENT | VG_RIGHT_TRANSFER, &copy);
    struct t_integrity_Integ_Take_req q = {.hdr = {.size = sizeof q, .mid = t_integrity_Integ_Take_mid,
                                                   .flags = VG_MSG_REQUEST, .ncaps = 1},
                                           .h = {copy, VG_RIGHT_IPC_CLIENT}};
    union t_integrity_Integ_Take_res res;
    struct vg_msgbuf in = {&q, sizeof q, 0, 0}, out = {&res, sizeof res, 0, 0};
    if (rc == rcOk)
        rc = vg_call_ex(to_b, &in, &out, 5000 * MS, VG_INVALID_HANDLE);
    CHECK("handle_given_to_other_class", rc == rcOk, "%s", rc_name(rc));
    if (rc == rcOk) {
        CHECK("copied_handle_judged_under_its_callers_class", (rc_t)res.out.ping_rc == rcSecurityDisallow,
              "IntB's Ping through Einit's handle returned %s", rc_name((rc_t)res.out.ping_rc));
        CHECK("response_judged_toward_the_real_client", (rc_t)res.out.other_rc == rcSecurityDisallow,
              "IntB's Other (request granted, response to IntB not) returned %s", rc_name((rc_t)res.out.other_rc));
    }
    rc = call_v(to_srv, t_integrity_Integ_Other_mid, 1, &r, 2000 * MS, VG_INVALID_HANDLE, 0);
    CHECK("einit_other_still_granted", rc == rcOk && r == 2, "%s", rc_name(rc));
    vg_task_kill(srv);
    vg_task_wait(srv, 5000 * MS, 0, 0);
    vg_task_wait(b, 5000 * MS, 0, 0);
    vg_handle_close(to_srv);
    vg_handle_close(to_b);
}

/* ---- 4. a security context dies with its object's SID ---- */

/* Tag: the object of `h` (a channel's client end, the only transferable kind) gets a Flow context. */
static rc_t tag(vg_handle_t to_srv, vg_handle_t h)
{
    struct t_integrity_Integ_Tag_req q = {.hdr = {.size = sizeof q, .mid = t_integrity_Integ_Tag_mid,
                                                  .flags = VG_MSG_REQUEST, .ncaps = 1},
                                          .h = {h, VG_RIGHT_IPC_CLIENT}};
    union t_integrity_Integ_Tag_res res;
    struct vg_msgbuf in = {&q, sizeof q, 0, 0}, out = {&res, sizeof res, 0, 0};
    return vg_call_ex(to_srv, &in, &out, 2000 * MS, VG_INVALID_HANDLE);
}

static void sid_contexts(void)
{
    vg_pid_t srv;
    vg_handle_t to_srv = 0, c, s;
    rc_t rc = vg_task_start_ex("IntServer", (const char *const[]){"IntServer", 0}, 0, VG_TASK_SUSPENDED, &srv);
    if (rc == rcOk)
        rc = vg_ipc_create_channel(0, srv, "srv", &to_srv, 0);
    if (rc == rcOk)
        rc = vg_task_resume(srv);
    if (rc != rcOk) {
        CHECK("sid_contexts_setup", 0, "%s", rc_name(rc));
        return;
    }
    /* The policy's pool holds 4 contexts: ten objects tagged one after another, each gone before the
     * next, fit only if each context goes with its object. */
    int granted = 0, again = -1;
    for (int i = 0; i < 10; i++) {
        if (vg_ipc_create_channel(0, 0, "tag", &c, &s) != rcOk)
            break;
        granted += tag(to_srv, c) == rcOk;
        if (i == 0)
            again = tag(to_srv, c); /* the object has a context now: init denies it */
        vg_handle_close(c);
        vg_handle_close(s);
    }
    CHECK("tag_denied_while_the_object_has_a_context", again == rcSecurityDisallow, "%s", rc_name(again));
    CHECK("dead_objects_give_their_model_slots_back", granted == 10, "%d of 10 objects tagged (pool of 4)", granted);

    /* The same SID on a new object: tag x, let it die, cycle the SID pool (next-fit) until a new
     * client end gets x's SID. It must start without x's context (a stale one makes the Tag denied). */
    uint32_t sid_x = 0, sid = 0;
    rc = vg_ipc_create_channel(0, 0, "tag", &c, &s);
    if (rc == rcOk)
        rc = vg_handle_sid(c, &sid_x);
    rc_t first = rc == rcOk ? tag(to_srv, c) : rc;
    vg_handle_close(c);
    vg_handle_close(s);
    vg_handle_t shift[4];
    int shifts = 0, found = 0;
    rc_t second = rcNotConnected; /* not tried */
    for (long i = 0; rc == rcOk && i < 4 * 8192 && !found; i++) {
        uint32_t ssid = 0;
        rc = vg_ipc_create_channel(0, 0, "tag", &c, &s);
        if (rc != rcOk)
            break;
        vg_handle_sid(c, &sid);
        vg_handle_sid(s, &ssid);
        if (sid == sid_x) {
            found = 1;
            second = tag(to_srv, c);
        }
        vg_handle_close(c);
        vg_handle_close(s);
        /* The server end took it: one more live object shifts the next lap's allocations by one. */
        if (ssid == sid_x && shifts < 4 && vg_ipc_sync_create(&shift[shifts]) == rcOk)
            shifts++;
    }
    CHECK("object_sid_known", first == rcOk && sid_x != 0, "%s, SID %u", rc_name(first), sid_x);
    CHECK("sid_pool_cycled_back_to_a_dead_objects_sid", found, "SID %u never came back (%s)", sid_x, rc_name(rc));
    CHECK("recycled_sid_starts_without_the_dead_objects_context", second == rcOk, "tag of SID %u: %s", sid_x,
          rc_name(second));
    for (int i = 0; i < shifts; i++)
        vg_handle_close(shift[i]);
    uint32_t core_sid = 0;
    rc = vg_handle_sid(VG_CORE_HANDLE, &core_sid);
    CHECK("get_sid_of_the_kernel_handle_refused", rc == rcNoCapability, "%s", rc_name(rc));
    rc = vg_handle_sid(to_srv + 0x1000, &core_sid);
    CHECK("get_sid_of_no_handle_refused", rc == rcInvalidArgument, "%s", rc_name(rc));
    vg_handle_t nosid;
    rc = vg_handle_copy(to_srv, VG_RIGHT_IPC_CLIENT, &nosid);
    if (rc == rcOk)
        rc = vg_handle_sid(nosid, &core_sid);
    CHECK("get_sid_needs_the_right", rc == rcNoCapability, "%s", rc_name(rc));
    vg_handle_close(nosid);
    vg_task_kill(srv);
    vg_task_wait(srv, 5000 * MS, 0, 0);
    vg_handle_close(to_srv);
}

/* ---- gaps: the header's reserved field, Reply through another handle, the exact buffer bound ---- */

static volatile rc_t gap_rc;
static volatile uint32_t gap_r;

static int gap_client(void *arg)
{
    uint32_t r = 0;
    gap_rc = call_v(self_c, t_integrity_Integ_Ping_mid, (uint32_t)(uintptr_t)arg, &r, 500 * MS, VG_INVALID_HANDLE, 0);
    gap_r = r;
    return 0;
}

static void ipc_gaps(void)
{
    /* reserved != 0: the sender's error, nothing reaches a waiting receiver. */
    struct t_integrity_Integ_Ping_req q = integ_req(t_integrity_Integ_Ping_mid, 1);
    q.hdr.reserved = 1;
    union t_integrity_Integ_Ping_res res;
    struct vg_msgbuf in = {&q, sizeof q, 0, 0}, out = {&res, sizeof res, 0, 0};
    vg_thread_t *t;
    vg_thread_create(&t, patient_server_short, 0, VG_PRIORITY_NORMAL, 0);
    vg_thread_sleep(5 * MS);
    rc_t rc = vg_call_ex(self_c, &in, &out, 100 * MS, VG_INVALID_HANDLE);
    int code = -1;
    vg_thread_join(t, VG_INFINITE, &code);
    CHECK("ipc_header_reserved_rejected_not_delivered", rc == rcInvalidArgument && code == 0, "call %s, server %d",
          rc_name(rc), code);

    /* A receive buffer of exactly the message's size takes it; one byte less does not, and the request
     * waits for a Recv that fits; the Reply must come through the handle it arrived on. */
    vg_handle_t oc, os;
    vg_ipc_create_channel(0, 0, "other", &oc, &os);
    gap_rc = 1;
    vg_thread_create(&t, gap_client, (void *)(uintptr_t)41, VG_PRIORITY_NORMAL, 0);
    union t_integrity_Integ_req req;
    struct vg_msgbuf less = {&req, sizeof(struct t_integrity_Integ_Ping_req) - 1, 0, 0};
    struct vg_msgbuf exact = {&req, sizeof(struct t_integrity_Integ_Ping_req), 0, 0};
    vg_thread_sleep(5 * MS);
    rc_t r1 = vg_recv_ex(self_s, &less, 500 * MS, VG_INVALID_HANDLE);
    rc_t r2 = vg_recv_ex(self_s, &exact, 500 * MS, VG_INVALID_HANDLE);
    CHECK("receive_buffer_exact_bound", r1 == rcBufferTooSmall && r2 == rcOk &&
          ((struct t_integrity_Integ_Ping_req *)&req)->v == 41, "one byte short %s, exact %s", rc_name(r1), rc_name(r2));
    rc_t wrong = reply_v(os, 1);
    rc_t right = reply_v(self_s, 42);
    vg_thread_join(t, VG_INFINITE, 0);
    CHECK("reply_through_another_handle_rejected", wrong == rcInvalidArgument && right == rcOk && gap_rc == rcOk &&
          gap_r == 42, "other channel's handle %s, own %s, client %s r %u", rc_name(wrong), rc_name(right),
          rc_name(gap_rc), gap_r);
    vg_handle_close(oc);
    vg_handle_close(os);
}

/* ---- 7. the smaller ones ---- */

static void start_counts_wrap(void)
{
    /* argc = 2^32 + 1 and envc = 2^64 - 2^32: their 64-bit sum wraps to 1, the one string given, and
     * as 32-bit counts they read 1 and 0, so a kernel that checks only the sum starts the process. */
    static const char args[] = "IntServer\0IntServer";
    const struct vg_arena_ptr str[2] = {{0, 10}, {10, 10}};
    uint64_t val[2] = {0, 0};
    const uint64_t arg[4] = {(1ull << 32) + 1, 0 - (1ull << 32), 0, 0};
    rc_t rc = vg_core_call(VG_CORE_TASK, VG_TASK_START, arg, str, args, sizeof args, val);
    if (rc == rcOk)
        vg_task_wait((vg_pid_t)val[0], 5000 * MS, 0, 0);
    CHECK("start_argc_envc_wrap_rejected", rc == rcInvalidArgument, "%s", rc_name(rc));
}

static void register_after_close(void)
{
    vg_handle_t l1, l2, s;
    rc_t rc = vg_ipc_register("self", &l1, &s);
    if (rc == rcOk)
        rc = vg_handle_close(l1);
    if (rc == rcOk)
        rc = vg_ipc_register("self", &l2, &s);
    rc_t recv = rc == rcOk ? recv_v(l2, 0) : rc;
    CHECK("register_after_close_gives_a_live_listener", rc == rcOk && recv == rcTimeout, "register %s, recv %s",
          rc_name(rc), rc_name(recv));
    /* Call needs the client right (a copy of the client end without it is refused before anything waits),
     * and Recv a server end or a listener: not a client end. (Listeners and server ends cannot be copied
     * or transferred, so they only ever exist with their full rights.) */
    vg_handle_t cc = VG_INVALID_HANDLE;
    rc_t copied = vg_handle_copy(self_c, 0, &cc);
    uint32_t r = 0;
    rc_t on_client = call_v(cc, t_integrity_Integ_Ping_mid, 1, &r, 100 * MS, VG_INVALID_HANDLE, 0);
    CHECK("call_needs_the_client_right", copied == rcOk && on_client == rcNoCapability, "copy %s, call %s",
          rc_name(copied), rc_name(on_client));
    rc_t recv_client = recv_v(self_c, 0);
    CHECK("recv_on_a_client_end_refused", recv_client == rcInvalidArgument, "%s", rc_name(recv_client));
    vg_handle_close(cc);
}

static void many_channels(void)
{
    int made = 0;
    rc_t rc = rcOk;
    for (int i = 0; i < 40 && rc == rcOk; i++) {
        char name[16];
        snprintf(name, sizeof name, "n%d", i);
        vg_handle_t c, s;
        rc = vg_ipc_create_channel(0, 0, name, &c, &s);
        if (rc == rcOk) {
            made++;
            vg_handle_close(c);
            vg_handle_close(s);
        }
    }
    CHECK("channel_names_released_with_their_channels", made == 40, "%d of 40 channels, then %s", made,
          rc_name(rc));
}

static int patient_server(void *arg)
{
    (void)arg;
    return recv_v(self_s, 3000 * MS) == rcTimeout ? 0 : 1; /* a denied request never arrives */
}

static void many_denials(void)
{
    /* Einit may not call Nope on itself: 200 denials (each decided when a receiver waits); the suite
     * checks the console kept count. */
    vg_thread_t *t;
    vg_thread_create(&t, patient_server, 0, VG_PRIORITY_NORMAL, 0);
    vg_thread_sleep(5 * MS);
    int denied = 0;
    for (int i = 0; i < 200; i++)
        denied += call_v(self_c, t_integrity_Integ_Nope_mid, 1, 0, 100 * MS, VG_INVALID_HANDLE, 0) == rcSecurityDisallow;
    int code = -1;
    vg_thread_join(t, VG_INFINITE, &code);
    CHECK("denials_counted", denied == 200 && code == 0, "%d of 200 denied, server %d", denied, code);
    printf("integrity: 200 denials made\n");
}

int einit_main(void)
{
    rc_t rc = vg_ipc_create_channel(0, 0, "self", &self_c, &self_s);
    if (rc == rcOk)
        rc = vg_ipc_sync_create(&sync_h);
    if (rc != rcOk) {
        printf("FAIL integrity_setup: %s\n", rc_name(rc));
        return 1;
    }
    two_waiters();
    late_reply("timeout", 0, 0);
    late_reply("timeout_reply_recv", 0, 1);
    late_reply("interrupt", 1, 0);
    late_reply("interrupt_reply_recv", 1, 1);
    recv_for_a_vanished_client();
    server_thread_exits();
    classes_and_decisions();
    sid_contexts();
    ipc_gaps();
    start_counts_wrap();
    register_after_close();
    many_channels();
    many_denials();
    printf("integrity: %d failed\n", check_failures);
    return check_failures != 0;
}
