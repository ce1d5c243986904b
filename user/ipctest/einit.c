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
    vg_thread_sleep(10000000);      /* the server now holds the client's request for 30 ms */
    vg_task_kill(c);
    wait_code(c, 0);
    vg_thread_sleep(40000000);
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
    printf("ipctest: %d failed\n", check_failures);
    return check_failures;
}
