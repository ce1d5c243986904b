/* Einit: runs the IPC scenarios, each with fresh server and client processes connected by channels it
 * creates while they are suspended. */
#include <string.h>
#include "ipctest.h"

static vg_pid_t start(const char *const argv[])
{
    vg_pid_t pid = 0;
    rc_t rc = vg_task_start_ex(argv[0], argv, 0, VG_TASK_SUSPENDED, &pid);
    if (rc != rcOk)
        printf("FAIL start_%s: %s\n", argv[0], rc_name(rc));
    return pid;
}

static int wait_code(vg_pid_t pid, enum vg_task_end *how)
{
    int code = -1;
    rc_t rc = vg_task_wait(pid, 10000000000ull, &code, how);
    if (rc != rcOk) {
        printf("FAIL wait_%u: %s\n", pid, rc_name(rc));
        return -1;
    }
    return code;
}

static void two_processes(void)
{
    vg_pid_t s = start((const char *const[]){"IpcServer", "echo", 0});
    vg_pid_t c = start((const char *const[]){"IpcClient", "basic", "echo", 0});
    rc_t rc = vg_ipc_create_channel(c, s, "echo", 0, 0);
    CHECK("channel_between_children", rc == rcOk, "%s", rc_name(rc));
    vg_task_resume(s);
    vg_task_resume(c);
    enum vg_task_end how;
    int code = wait_code(c, &how);
    CHECK("client_process", code == 0 && how == VG_TASK_EXITED, "exit code %d, how %d", code, how);
    code = wait_code(s, &how);
    CHECK("server_ended_on_request", code == 0 && how == VG_TASK_EXITED, "exit code %d, how %d", code, how);
}

static void listener(void)
{
    vg_pid_t s = start((const char *const[]){"IpcServer", "e0", "e1", "e2", "e3", 0});
    vg_pid_t c[4];
    static const char *const names[] = {"e0", "e1", "e2", "e3"};
    for (int i = 0; i < 4; i++) {
        c[i] = start((const char *const[]){"IpcClient", "many", names[i], 0});
        vg_ipc_create_channel(c[i], s, names[i], 0, 0);
    }
    vg_task_resume(s);
    for (int i = 0; i < 4; i++)
        vg_task_resume(c[i]);
    int bad = 0;
    for (int i = 0; i < 4; i++) {
        enum vg_task_end how;
        bad += wait_code(c[i], &how) != 0;
    }
    CHECK("four_clients_one_listener", bad == 0, "%d clients failed", bad);
    vg_task_kill(s);
    wait_code(s, 0);
}

static void client_death(void)
{
    vg_pid_t s = start((const char *const[]){"IpcServer", "echo", "ctl", 0});
    vg_pid_t c = start((const char *const[]){"IpcClient", "hold", "echo", 0});
    vg_handle_t ctl;
    vg_ipc_create_channel(c, s, "echo", 0, 0);
    vg_ipc_create_channel(0, s, "ctl", &ctl, 0);
    vg_task_resume(s);
    vg_task_resume(c);
    /* The server holds the client's request for 200 ms: 50 ms leave the client time to start and call
     * even on a loaded host, the kill comes while the request is held, and the reply after it. */
    vg_thread_sleep(50000000);
    vg_task_kill(c);
    wait_code(c, 0);
    vg_thread_sleep(250000000);
    struct ipctest_Echo_Echo_req req = {.hdr = {.size = sizeof req, .flags = VG_MSG_REQUEST}, .value = V_QUERY};
    union ipctest_Echo_Echo_res res;
    struct server_stats st;
    memset(&st, 0, sizeof st);
    struct vg_msgbuf in = {&req, sizeof req, 0, 0}, out = {&res, sizeof res, sizeof st, &st};
    rc_t rc = vg_call(ctl, &in, &out);
    CHECK("reply_to_dead_client_fails", rc == rcOk && st.last_reply_rc == rcNotConnected, "%s, server's reply %s",
          rc_name(rc), rc_name(st.last_reply_rc));
    vg_task_kill(s);
    wait_code(s, 0);
    vg_handle_close(ctl);
}

static void self_channel(void)
{
    vg_handle_t ch, sh, sync;
    rc_t rc = vg_ipc_create_channel(0, 0, "self", &ch, &sh);
    union ipctest_Echo_req buf;
    struct vg_msgbuf in = {&buf, sizeof buf, 0, 0};
    uint64_t t0, t1;
    vg_time_now(&t0);
    rc_t r = vg_recv_ex(sh, &in, 2000000, VG_INVALID_HANDLE);
    vg_time_now(&t1);
    CHECK("recv_timeout", rc == rcOk && r == rcTimeout && t1 - t0 >= 2000000, "%s, %s", rc_name(rc), rc_name(r));
    vg_ipc_sync_create(&sync);
    vg_ipc_set_interrupt(sync);
    r = vg_recv_ex(sh, &in, VG_INFINITE, sync);
    CHECK("recv_interrupted", r == rcIpcInterrupt, "%s", rc_name(r));
    vg_handle_close(sh);
    struct vg_msgbuf out = {&buf, sizeof buf, 0, 0};
    struct ipctest_Echo_Echo_req req = {.hdr = {.size = sizeof req, .flags = VG_MSG_REQUEST}, .value = 1};
    struct vg_msgbuf rq = {&req, sizeof req, 0, 0};
    r = vg_call(ch, &rq, &out);
    CHECK("call_after_server_end_closed", r == rcNotConnected, "%s", rc_name(r));

    /* The other way round: once the client end is gone, Recv can never get a request. */
    vg_handle_t ch2, sh2;
    vg_ipc_create_channel(0, 0, "self2", &ch2, &sh2);
    vg_handle_close(ch2);
    r = vg_recv_ex(sh2, &in, VG_INFINITE, VG_INVALID_HANDLE);
    CHECK("recv_after_client_end_closed", r == rcNotConnected, "%s", rc_name(r));
}

/* Clients waiting on one server are served by priority, then in order of arrival. */
static vg_handle_t order_ch;

static int order_caller(void *arg)
{
    struct ipctest_Echo_Echo_req req = {.hdr = {.size = sizeof req, .flags = VG_MSG_REQUEST},
                                        .value = (uint32_t)(uintptr_t)arg};
    union ipctest_Echo_Echo_res res;
    struct vg_msgbuf in = {&req, sizeof req, 0, 0}, out = {&res, sizeof res, 0, 0};
    return vg_call(order_ch, &in, &out) == rcOk ? 0 : 1;
}

static void service_order(void)
{
    vg_handle_t sh;
    vg_ipc_create_channel(0, 0, "order", &order_ch, &sh);
    static const struct { uint32_t value; unsigned prio; } callers[] = {{1, 10}, {2, 20}, {3, 10}, {4, 20}};
    vg_thread_t *t[4];
    for (int i = 0; i < 4; i++)
        vg_thread_create(&t[i], order_caller, (void *)(uintptr_t)callers[i].value, callers[i].prio, 0);
    vg_thread_sleep(5000000); /* the lower-priority callers run and block too */
    uint32_t got[4] = {0};
    for (int i = 0; i < 4; i++) {
        union ipctest_Echo_req req;
        struct vg_msgbuf in = {&req, sizeof req, 0, 0};
        if (vg_recv(sh, &in) != rcOk)
            break;
        got[i] = req.Echo.value;
        struct ipctest_Echo_Echo_out res = {.hdr = {.size = sizeof res, .flags = VG_MSG_RESPONSE}};
        struct vg_msgbuf out = {&res, sizeof res, 0, 0};
        vg_reply(sh, &out);
    }
    int bad = 0;
    for (int i = 0; i < 4; i++) {
        int code = 1;
        vg_thread_join(t[i], VG_INFINITE, &code);
        bad += code != 0;
    }
    CHECK("clients_served_by_priority_then_arrival", got[0] == 2 && got[1] == 4 && got[2] == 1 && got[3] == 3 && !bad,
          "served %u %u %u %u (expected 2 4 1 3), %d calls failed", got[0], got[1], got[2], got[3], bad);
    vg_handle_close(order_ch);
    vg_handle_close(sh);
}

/* Reply through a handle other than the one the request came through: rcInvalidArgument (docs/ipc.md
 * "through the same server handle, or the listener that gathered its channel: otherwise
 * rcInvalidArgument"), and the client is not answered; the right handle then answers it. */
static vg_handle_t gap_ch;
static volatile int gap_done;
static volatile rc_t gap_rc;
static union ipctest_Echo_Echo_res gap_res;

static int gap_caller(void *arg)
{
    struct ipctest_Echo_Echo_req req = {.hdr = {.size = sizeof req, .flags = VG_MSG_REQUEST},
                                        .value = (uint32_t)(uintptr_t)arg};
    memset(&gap_res, 0xa5, sizeof gap_res);
    struct vg_msgbuf in = {&req, sizeof req, 0, 0}, out = {&gap_res, sizeof gap_res, 0, 0};
    gap_rc = vg_call_ex(gap_ch, &in, &out, 2000000000ull, VG_INVALID_HANDLE);
    gap_done = 1;
    return 0;
}

static rc_t echo_reply(vg_handle_t h, uint32_t result)
{
    struct ipctest_Echo_Echo_out res = {.hdr = {.size = sizeof res, .flags = VG_MSG_RESPONSE}, .result = result};
    struct vg_msgbuf out = {&res, sizeof res, 0, 0};
    return vg_reply(h, &out);
}

static void reply_wrong_handle(void)
{
    vg_handle_t sa, cb, sb;
    rc_t rc = vg_ipc_create_channel(0, 0, "gapa", &gap_ch, &sa);
    if (rc == rcOk)
        rc = vg_ipc_create_channel(0, 0, "gapb", &cb, &sb);
    if (rc != rcOk) {
        CHECK("reply_through_other_channel_refused", 0, "setup: %s", rc_name(rc));
        return;
    }
    gap_done = 0;
    vg_thread_t *t;
    vg_thread_create(&t, gap_caller, (void *)(uintptr_t)5, 10, 0);
    union ipctest_Echo_req buf;
    struct vg_msgbuf in = {&buf, sizeof buf, 0, 0};
    rc_t r = vg_recv_ex(sa, &in, 1000000000ull, VG_INVALID_HANDLE); /* the caller runs, its request arrives */
    rc_t other = echo_reply(sb, 99);   /* another channel's server handle */
    rc_t client = echo_reply(gap_ch, 98); /* a client handle */
    vg_thread_sleep(10000000);         /* an answered caller would run and finish meanwhile */
    int waiting = !gap_done;
    const unsigned char *p = (const unsigned char *)&gap_res;
    int untouched = 1;
    for (unsigned i = 0; i < sizeof gap_res; i++)
        untouched &= p[i] == 0xa5;
    CHECK("reply_through_other_channel_refused", r == rcOk && other == rcInvalidArgument &&
          client == rcInvalidArgument && waiting && untouched,
          "recv %s; reply on another channel's server handle %s, on a client handle %s (expected "
          "rcInvalidArgument); client still waiting: %d, its response buffer untouched: %d",
          rc_name(r), rc_name(other), rc_name(client), waiting, untouched);
    rc_t right = echo_reply(sa, 6);
    vg_thread_join(t, VG_INFINITE, 0);
    CHECK("reply_after_refused_reply_delivered", right == rcOk && gap_rc == rcOk && gap_res.out.result == 6,
          "reply on the request's own handle %s; the Call %s, result %u", rc_name(right), rc_name(gap_rc),
          gap_res.out.result);
    vg_handle_close(gap_ch);
    vg_handle_close(sa);
    vg_handle_close(cb);
    vg_handle_close(sb);
}

/* The exact receive-buffer bound (docs/ipc.md, step 5): a request of exactly the receive buffer's size
 * (constant part and arena) is delivered; one byte less of either is rcBufferTooSmall for that Recv, the
 * request stays queued and the next Recv with a big enough buffer gets it. */
#define BOUND_ARENA 100u
static vg_handle_t bound_ch, bound_sh;
static volatile rc_t bound_rc;
static volatile uint32_t bound_result;

static int bound_caller(void *arg)
{
    static uint8_t payload[BOUND_ARENA];
    for (unsigned i = 0; i < BOUND_ARENA; i++)
        payload[i] = (uint8_t)(i * 3 + 1);
    struct ipctest_Echo_Echo_req req = {.hdr = {.size = sizeof req, .flags = VG_MSG_REQUEST, .arena_size = BOUND_ARENA},
                                        .value = (uint32_t)(uintptr_t)arg, .data = {0, BOUND_ARENA}};
    union ipctest_Echo_Echo_res res;
    memset(&res, 0, sizeof res);
    struct vg_msgbuf in = {&req, sizeof req, BOUND_ARENA, payload}, out = {&res, sizeof res, 0, 0};
    bound_rc = vg_call_ex(bound_ch, &in, &out, 2000000000ull, VG_INVALID_HANDLE);
    bound_result = res.out.result;
    return 0;
}

/* One Recv with these capacities; on success the arena is checked and the request answered (value + 1). */
static rc_t bound_recv(uint32_t data_cap, uint32_t arena_cap, uint64_t timeout_ns, uint32_t *value)
{
    static union {
        struct ipctest_Echo_Echo_req r;
        uint8_t b[64];
    } buf;
    static uint8_t arena[BOUND_ARENA + 28];
    memset(&buf, 0, sizeof buf);
    memset(arena, 0, sizeof arena);
    struct vg_msgbuf in = {&buf, data_cap, arena_cap, arena};
    rc_t rc = vg_recv_ex(bound_sh, &in, timeout_ns, VG_INVALID_HANDLE);
    *value = buf.r.value;
    if (rc != rcOk)
        return rc;
    for (unsigned i = 0; i < BOUND_ARENA; i++)
        if (arena[i] != (uint8_t)(i * 3 + 1))
            rc = rcFail;
    echo_reply(bound_sh, buf.r.value + 1);
    return rc;
}

struct bound_server_case {
    rc_t small, good;
    uint32_t value;
};

static int bound_server(void *arg)
{
    struct bound_server_case *c = arg;
    uint32_t v;
    c->small = bound_recv(sizeof(struct ipctest_Echo_Echo_req) - 1, BOUND_ARENA, 1000000000ull, &v);
    c->good = bound_recv(sizeof(struct ipctest_Echo_Echo_req), BOUND_ARENA, 1000000000ull, &c->value);
    return 0;
}

static void recv_buffer_bound(void)
{
    const uint32_t size = sizeof(struct ipctest_Echo_Echo_req);
    rc_t rc = vg_ipc_create_channel(0, 0, "bound", &bound_ch, &bound_sh);
    if (rc != rcOk) {
        CHECK("recv_buffer_exact_size_delivered", 0, "setup: %s", rc_name(rc));
        return;
    }
    static const struct {
        const char *name;
        uint32_t data_short, arena_short; /* the first Recv's buffer is this much smaller than the message */
    } cases[] = {
        {"recv_buffer_exact_size_delivered", 0, 0},
        {"recv_buffer_one_byte_short_then_delivered", 1, 0},
        {"recv_arena_one_byte_short_then_delivered", 0, 1},
    };
    for (unsigned i = 0; i < 3; i++) {
        uint32_t data_cap = size - cases[i].data_short, arena_cap = BOUND_ARENA - cases[i].arena_short;
        bound_rc = rcFail;
        vg_thread_t *t;
        vg_thread_create(&t, bound_caller, (void *)(uintptr_t)(10 + i), 20, 0); /* runs at once: queued */
        uint32_t v1 = 0, v2 = 0;
        rc_t first = bound_recv(data_cap, arena_cap, 0, &v1);
        rc_t second = i == 0 ? first : bound_recv(size, BOUND_ARENA, 1000000000ull, &v2);
        if (i == 0)
            v2 = v1;
        vg_thread_join(t, VG_INFINITE, 0);
        int ok = (i == 0 || first == rcBufferTooSmall) && second == rcOk && v2 == 10 + i && bound_rc == rcOk &&
                 bound_result == 11 + i;
        CHECK(cases[i].name, ok, "Recv with %u + %u bytes: %s; then with %u + %u: %s (value %u); the Call %s, result %u",
              data_cap, arena_cap, rc_name(first), size, BOUND_ARENA, rc_name(second), v2,
              rc_name(bound_rc), bound_result);
    }
    /* The server first: its too small buffer fails that Recv when the request comes, not the Call. */
    struct bound_server_case c = {rcFail, rcFail, 0};
    vg_thread_t *t;
    vg_thread_create(&t, bound_server, &c, 20, 0);
    bound_rc = rcFail;
    bound_caller((void *)(uintptr_t)20);
    vg_thread_join(t, VG_INFINITE, 0);
    CHECK("recv_buffer_short_server_first", c.small == rcBufferTooSmall && c.good == rcOk && c.value == 20 &&
          bound_rc == rcOk && bound_result == 21, "first Recv %s, second %s (value %u); the Call %s, result %u",
          rc_name(c.small), rc_name(c.good), c.value, rc_name(bound_rc), bound_result);
    vg_handle_close(bound_ch);
    vg_handle_close(bound_sh);
}

int einit_main(void)
{
    uint64_t objects0, handles0, objects1, handles1;
    vg_object_info(&objects0, &handles0);
    two_processes();
    listener();
    client_death();
    vg_object_info(&objects1, &handles1);
    CHECK("no_kernel_objects_leaked", objects1 == objects0 && handles1 == handles0,
          "objects %llu -> %llu, handles %llu -> %llu", (unsigned long long)objects0,
          (unsigned long long)objects1, (unsigned long long)handles0, (unsigned long long)handles1);
    self_channel();
    service_order();
    reply_wrong_handle();
    recv_buffer_bound();
    printf("ipctest: %d failed\n", check_failures);
    return check_failures;
}
