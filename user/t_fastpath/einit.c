/* Einit of the fastpath tests (user/t_fastpath/fastpath.h). Each scenario checks its answer, the
 * registers the client got back, and which path its request and its response took: the kernel's
 * fastpath counters (vg_ipc_stats) before and after. */
#include <string.h>
#include <vigil/syscall.h>
#include "fastpath.h"

static vg_handle_t to;

struct paths {
    uint64_t calls, replies;
};

static struct paths paths_now(void)
{
    struct paths p = {0, 0};
    vg_ipc_stats(&p.calls, &p.replies);
    return p;
}

/* A register Call of method mid with v through probe_svc; *r the answer. Returns rc; *regs_ok whether
 * x8-x30 came back as they were and x3-x7 (past the 32-byte answer) are 0. */
static rc_t call_probe(uint16_t mid, uint64_t v, uint64_t timeout, vg_handle_t sync, uint64_t *r, int *regs_ok)
{
    uint64_t in[12] = {to, vg_reg_hdr(32, 0, mid, VG_MSG_REQUEST), v, 0x6601, 0x6602, 0x6603, 0x6604, 0x6605};
    uint64_t out[31];
    in[8] = VG_SYS_CALL_REG;
    in[9] = timeout;
    in[10] = sync;
    in[11] = 0;
    probe_svc(in, out);
    *r = out[2];
    int zero = 1;
    for (int i = 3; i < 8; i++)
        zero &= out[i] == 0;
    *regs_ok = own_registers(in, out) &&
               (out[0] != rcOk || (zero && vg_reg_size(out[1]) == 32 && vg_reg_mid(out[1]) == mid &&
                                   vg_reg_flags(out[1]) == VG_MSG_RESPONSE));
    return (rc_t)out[0];
}

static void expect(const char *name, rc_t rc, rc_t want_rc, uint64_t r, uint64_t want_r, int regs_ok,
                   struct paths before, uint64_t fast_calls, uint64_t fast_replies)
{
    struct paths after = paths_now();
    uint64_t c = after.calls - before.calls, p = after.replies - before.replies;
    CHECK(name, rc == want_rc && (rc != rcOk || r == want_r) && regs_ok && c == fast_calls && p == fast_replies,
          "%s (want %s), r %llu (want %llu), registers %s, fastpath calls %llu replies %llu (want %llu %llu)",
          rc_name(rc), rc_name(want_rc), (unsigned long long)r, (unsigned long long)want_r,
          regs_ok ? "clean" : "NOT the caller's own", (unsigned long long)c, (unsigned long long)p,
          (unsigned long long)fast_calls, (unsigned long long)fast_replies);
}

static volatile int stop_spinner;
static int spinner(void *arg)
{
    (void)arg;
    while (!stop_spinner)
        vg_thread_yield();
    return 0;
}

static volatile rc_t second_rc;
static volatile uint64_t second_r;
static int second_client(void *arg)
{
    (void)arg;
    struct vg_regmsg m = {vg_reg_hdr(32, 0, t_fastpath_Fast_Ping_mid, VG_MSG_REQUEST), {41}};
    second_rc = vg_call_reg(to, &m);
    second_r = m.w[0];
    return 0;
}

int einit_main(void)
{
    vg_pid_t pid;
    rc_t rc = vg_task_start_ex("FastServer", (const char *const[]){"FastServer", 0}, 0, VG_TASK_SUSPENDED, &pid);
    if (rc == rcOk)
        rc = vg_ipc_create_channel(0, pid, "FastServer", &to, 0);
    if (rc == rcOk)
        rc = vg_task_resume(pid);
    vg_thread_sleep(10000000); /* the server waits in its first Recv */
    if (rc != rcOk) {
        printf("FAIL fastpath_setup: %s\n", rc_name(rc));
        return 1;
    }
    uint64_t r;
    int regs;
    /* One call first, by whichever path: on a busy host the server may not have reached its first Recv
     * within the sleep, but it waits again in the same system call that answers (ReplyRecv), so the
     * next call finds it waiting. */
    rc = call_probe(t_fastpath_Fast_Ping_mid, 0, VG_INFINITE, 0, &r, &regs);
    CHECK("warm_up_call", rc == rcOk && r == 1 && regs, "%s, r %llu", rc_name(rc), (unsigned long long)r);
    struct paths b = paths_now();
    rc = call_probe(t_fastpath_Fast_Ping_mid, 1, VG_INFINITE, 0, &r, &regs);
    expect("round_trip_both_ways_fast", rc, rcOk, r, 2, regs, b, 1, 1);
    b = paths_now();
    int all = 1;
    for (uint64_t i = 0; i < 10; i++) {
        rc = call_probe(t_fastpath_Fast_Ping_mid, 100 + i, VG_INFINITE, 0, &r, &regs);
        all &= rc == rcOk && r == 101 + i && regs;
    }
    expect("ten_round_trips_fast", all ? rcOk : rcInvalidArgument, rcOk, 0, 0, 1, b, 10, 10);

    /* Each of these takes the general path somewhere, and gets the same answer. */
    b = paths_now();
    rc = call_probe(t_fastpath_Fast_Ping_mid, 5, 1000000000ull, 0, &r, &regs);
    expect("a_timeout_takes_the_general_path", rc, rcOk, r, 6, regs, b, 0, 0);
    vg_handle_t sync;
    vg_ipc_sync_create(&sync);
    b = paths_now();
    rc = call_probe(t_fastpath_Fast_Ping_mid, 7, VG_INFINITE, sync, &r, &regs);
    expect("an_interrupt_object_takes_the_general_path", rc, rcOk, r, 8, regs, b, 0, 0);
    vg_handle_close(sync);
    b = paths_now();
    rc = call_probe(t_fastpath_Fast_Checked_mid, 5, VG_INFINITE, 0, &r, &regs);
    expect("a_rule_is_decided_by_the_ksm_the_answer_is_fast", rc, rcOk, r, 7, regs, b, 0, 1);
    b = paths_now();
    rc = call_probe(t_fastpath_Fast_Checked_mid, 500, VG_INFINITE, 0, &r, &regs);
    expect("a_rule_denies_on_the_general_path", rc, rcSecurityDisallow, r, 0, regs, b, 0, 0);
    b = paths_now();
    rc = call_probe(t_fastpath_Fast_Big_mid, 1, VG_INFINITE, 0, &r, &regs);
    expect("a_large_answer_is_too_big_for_registers", rc, rcBufferTooSmall, r, 0, regs, b, 1, 0);
    uint64_t bad[12] = {to, vg_reg_hdr(32, 0, t_fastpath_Fast_Ping_mid, VG_MSG_REQUEST) | 1ull << 60, 3}, out[31];
    bad[8] = VG_SYS_CALL_REG;
    bad[9] = VG_INFINITE;
    b = paths_now();
    probe_svc(bad, out);
    expect("a_bad_header_is_refused_by_the_general_path", (rc_t)out[0], rcInvalidArgument, 0, 0,
           own_registers(bad, out), b, 0, 0);
    uint64_t closed[12] = {0x7777, vg_reg_hdr(32, 0, t_fastpath_Fast_Ping_mid, VG_MSG_REQUEST), 3};
    closed[8] = VG_SYS_CALL_REG;
    closed[9] = VG_INFINITE;
    b = paths_now();
    probe_svc(closed, out);
    expect("a_forged_handle_is_refused_by_the_general_path", (rc_t)out[0], rcInvalidArgument, 0, 0,
           own_registers(closed, out), b, 0, 0);

    /* The server's receive waits with a timeout, then with an interrupt object: its answer (whose
     * receive has them) and the next request (which finds it waiting with them) take the general path;
     * the answer after that is fast again. */
    b = paths_now();
    rc = call_probe(t_fastpath_Fast_Ping_mid, FAST_TIMED, VG_INFINITE, 0, &r, &regs);
    expect("an_answer_whose_receive_has_a_timeout_takes_the_general_path", rc, rcOk, r, FAST_TIMED + 1, regs, b,
           1, 0);
    b = paths_now();
    rc = call_probe(t_fastpath_Fast_Ping_mid, 21, VG_INFINITE, 0, &r, &regs);
    expect("a_server_waiting_with_a_timeout_takes_the_general_path", rc, rcOk, r, 22, regs, b, 0, 1);
    b = paths_now();
    rc = call_probe(t_fastpath_Fast_Ping_mid, FAST_SYNCED, VG_INFINITE, 0, &r, &regs);
    expect("an_answer_whose_receive_has_an_interrupt_object_takes_the_general_path", rc, rcOk, r, FAST_SYNCED + 1,
           regs, b, 1, 0);
    b = paths_now();
    rc = call_probe(t_fastpath_Fast_Ping_mid, 23, VG_INFINITE, 0, &r, &regs);
    expect("a_server_waiting_with_an_interrupt_object_takes_the_general_path", rc, rcOk, r, 24, regs, b, 0, 1);

    /* A thread as urgent as the server is ready: the scheduler decides (both ways). */
    vg_thread_t *t;
    stop_spinner = 0;
    vg_thread_create(&t, spinner, 0, VG_PRIORITY_NORMAL, 0);
    b = paths_now();
    rc = call_probe(t_fastpath_Fast_Ping_mid, 9, VG_INFINITE, 0, &r, &regs);
    expect("a_ready_thread_of_the_same_priority_takes_the_general_path", rc, rcOk, r, 10, regs, b, 0, 0);
    stop_spinner = 1;
    vg_thread_join(t, VG_INFINITE, 0);

    /* A request waits when the server answers: the answer takes the general path (which receives the
     * waiting request at once). The second client runs below us, so our request is fast; its own
     * answer is not (we are ready again by then, above it). */
    vg_thread_create(&t, second_client, 0, VG_PRIORITY_NORMAL - 1, 0);
    b = paths_now();
    rc = call_probe(t_fastpath_Fast_Ping_mid, FAST_HOLD, VG_INFINITE, 0, &r, &regs);
    vg_thread_join(t, VG_INFINITE, 0);
    expect("a_waiting_request_takes_the_answer_to_the_general_path", rc, rcOk, r, FAST_HOLD + 1, regs, b, 1, 0);
    CHECK("the_waiting_request_answered", second_rc == rcOk && second_r == 42, "%s, r %llu", rc_name(second_rc),
          (unsigned long long)second_r);

    /* A value whose slot now holds another handle to the same channel (a later generation): the
     * fastpath's lookup must refuse it as the general path does. Slots are reused first in, first out,
     * so copies are made and closed until one lands in the old value's slot. */
    vg_handle_t old = 0, cur = 0;
    rc = vg_handle_copy(to, VG_RIGHT_IPC_CLIENT, &old);
    uint64_t via[12] = {old, vg_reg_hdr(32, 0, t_fastpath_Fast_Ping_mid, VG_MSG_REQUEST), 30};
    via[8] = VG_SYS_CALL_REG;
    via[9] = VG_INFINITE;
    if (rc == rcOk) { /* a call through it first: the thread's cached lookup now names it */
        probe_svc(via, out);
        CHECK("a_copy_calls_fast", (rc_t)out[0] == rcOk && out[2] == 31, "%s, r %llu", rc_name((rc_t)out[0]),
              (unsigned long long)out[2]);
        rc = vg_handle_close(old);
    }
    b = paths_now();
    probe_svc(via, out);
    expect("a_closed_handle_just_used_is_refused", (rc_t)out[0], rcInvalidArgument, 0, 0, own_registers(via, out),
           b, 0, 0);
    int reused = 0;
    for (int i = 0; rc == rcOk && i < 4096 && !reused; i++) {
        rc = vg_handle_copy(to, VG_RIGHT_IPC_CLIENT, &cur);
        reused = rc == rcOk && (cur & 1023u) == (old & 1023u);
        if (rc == rcOk && !reused)
            rc = vg_handle_close(cur);
    }
    CHECK("a_closed_slot_is_reused", reused && cur != old, "%s, old %#x cur %#x", rc_name(rc), old, cur);
    uint64_t stale[12] = {old, vg_reg_hdr(32, 0, t_fastpath_Fast_Ping_mid, VG_MSG_REQUEST), 3};
    stale[8] = VG_SYS_CALL_REG;
    stale[9] = VG_INFINITE;
    b = paths_now();
    probe_svc(stale, out);
    expect("a_stale_handle_of_a_reused_slot_is_refused", (rc_t)out[0], rcInvalidArgument, 0, 0,
           own_registers(stale, out), b, 0, 0);
    if (reused)
        vg_handle_close(cur);

    /* FastB calls through a copy of our client end: its request is FastB's, and the fastpath's remembered
     * grant for our Pings on this channel must not pass it. */
    vg_pid_t bpid;
    vg_handle_t to_b = 0, copy = 0;
    rc = vg_task_start_ex("FastB", (const char *const[]){"FastB", 0}, 0, VG_TASK_SUSPENDED, &bpid);
    if (rc == rcOk)
        rc = vg_ipc_create_channel(0, bpid, "FastB", &to_b, 0);
    if (rc == rcOk)
        rc = vg_task_resume(bpid);
    if (rc == rcOk)
        rc = vg_handle_copy(to, VG_RIGHT_IPC_CLIENT | VG_RIGHT_TRANSFER, &copy);
    rc = call_probe(t_fastpath_Fast_Ping_mid, 11, VG_INFINITE, 0, &r, &regs); /* remembered: fast again */
    struct t_fastpath_Fast_Take_req tq = {.hdr = {.size = sizeof tq, .mid = t_fastpath_Fast_Take_mid,
                                                  .flags = VG_MSG_REQUEST, .ncaps = 1},
                                          .h = {copy, VG_RIGHT_IPC_CLIENT}};
    union t_fastpath_Fast_Take_res tres;
    struct vg_msgbuf tin = {&tq, sizeof tq, 0, 0}, tout = {&tres, sizeof tres, 0, 0};
    b = paths_now();
    if (rc == rcOk)
        rc = vg_call_ex(to_b, &tin, &tout, 5000000000ull, VG_INVALID_HANDLE);
    expect("another_class_through_the_same_channel_is_judged_as_itself", rc == rcOk ? (rc_t)tres.out.r : rc,
           rcSecurityDisallow, 0, 0, 1, b, 0, 0);
    int bcode = -1;
    rc = vg_task_wait(bpid, 5000000000ull, &bcode, 0);
    CHECK("fastb_exits_cleanly", rc == rcOk && bcode == 0, "%s, code %d", rc_name(rc), bcode);
    vg_handle_close(to_b);
    vg_handle_close(copy); /* a transfer leaves the sender its own */

    b = paths_now();
    rc = call_probe(t_fastpath_Fast_Ping_mid, FAST_LEAKS, VG_INFINITE, 0, &r, &regs);
    expect("the_server_saw_only_its_own_registers", rc, rcOk, r, 0, regs, b, 1, 1);
    vg_handle_close(to);
    int code = -1;
    rc = vg_task_wait(pid, 5000000000ull, &code, 0);
    CHECK("server_exits_cleanly", rc == rcOk && code == 0, "%s, code %d", rc_name(rc), code);
    printf("fastpath: %d failed\n", check_failures);
    return check_failures != 0;
}
