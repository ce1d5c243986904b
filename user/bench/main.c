/* Einit of the benchmark image: measures each path ROUNDS times and prints the median as
 *   bench <name> <instructions>
 * Every path is checked once before it is measured (rc and the value returned); a wrong answer prints
 * "bench: ..." and ends the run with status 1. BenchServer answers raw messages (no generated
 * dispatcher: the kernel path is what is measured), in one of three modes chosen by its argument:
 * memory ABI (Ping, Ping2, Data), memory ABI for the inline payloads ("pay": Pay0..Pay4064) and the
 * register ABI ("reg": Ping, Ping2, Checked, Pay0). */
#include <stdio.h>
#include <string.h>
#include <vigil/vigil.h>
#include "bench.h"
#include "bench/Bench.idl.h"

#define ROUNDS 64

static uint64_t overhead;

#define FAIL(...)                                                                                          \
    do {                                                                                                   \
        printf("bench: " __VA_ARGS__);                                                                     \
        printf("\n");                                                                                      \
        return 1;                                                                                          \
    } while (0)

static int cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, int n)
{
    for (int i = 1; i < n; i++) /* insertion sort: no qsort needed for 64 values */
        for (int j = i; j > 0 && cmp(&v[j - 1], &v[j]) > 0; j--) {
            uint64_t t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v[n / 2];
}

static void report(const char *name, uint64_t *v)
{
    uint64_t m = median(v, ROUNDS);
    printf("bench %s %llu\n", name, (unsigned long long)(m > overhead ? m - overhead : 0));
}

/* For a pair of round trips measured together: the counter's overhead once, then half. */
static void report_pair(const char *name, uint64_t *v)
{
    uint64_t m = median(v, ROUNDS);
    printf("bench %s %llu\n", name, (unsigned long long)(m > overhead ? (m - overhead) / 2 : 0));
}

/* ---- BenchServer ---- */

static int server_main(void)
{
    vg_handle_t listener, server;
    if (vg_ipc_register("bench", &listener, &server) != rcOk)
        return 1;
    static uint8_t arena[8192];
    static union {
        struct vg_msg_hdr hdr;
        struct bench_Bench_Ping_req ping;
        struct bench_Bench_Data_req data;
    } req;
    static struct bench_Bench_Ping_out res; /* Data's and Ping2's responses have the same shape */
    struct vg_msgbuf in = {&req, sizeof req, sizeof arena, arena};
    struct vg_msgbuf out = {&res, sizeof res, 0, arena};
    rc_t rc = vg_recv(server, &in);
    for (;;) {
        if (rc != rcOk)
            return 1;
        uint64_t value = req.hdr.mid == bench_Bench_Data_mid ? req.data.value : req.ping.value; /* Ping, Ping2 */
        res.hdr = (struct vg_msg_hdr){.size = sizeof res, .riid = req.hdr.riid, .mid = req.hdr.mid,
                                      .flags = VG_MSG_RESPONSE};
        res.result = value + 1;
        if (value == V_STOP) {
            vg_reply(server, &out);
            return 0;
        }
        rc = vg_reply_recv(server, &out, &in);
    }
}

/* The inline payloads through the memory ABI: the answer is the request's size plus its first and
 * last payload bytes (the size alone for Pay0), so the client sees that the whole message arrived. */
static int pay_server_main(void)
{
    vg_handle_t listener, server;
    if (vg_ipc_register("bench", &listener, &server) != rcOk)
        return 1;
    static union {
        struct vg_msg_hdr hdr;
        struct bench_Bench_Pay4064_req pay;
    } req;
    static struct bench_Bench_Pay0_out res;
    struct vg_msgbuf in = {&req, sizeof req, 0, 0};
    struct vg_msgbuf out = {&res, sizeof res, 0, 0};
    rc_t rc = vg_recv(server, &in);
    for (;;) {
        if (rc != rcOk)
            return rc == rcNotConnected ? 0 : 1; /* the client closed the channel */
        uint32_t n = req.hdr.size - (uint32_t)sizeof req.hdr;
        res.hdr = (struct vg_msg_hdr){.size = sizeof res, .riid = req.hdr.riid, .mid = req.hdr.mid,
                                      .flags = VG_MSG_RESPONSE};
        res.result = req.hdr.size + (n ? (uint64_t)req.pay.d[0] + req.pay.d[n - 1] : 0);
        rc = vg_reply_recv(server, &out, &in);
    }
}

/* The register ABI: every method it serves (Ping, Ping2, Checked, Pay0) has one 8-byte result, the
 * request's first word plus one (Pay0 has no payload: its first word arrives as 0). */
static int reg_server_main(void)
{
    vg_handle_t listener, server;
    if (vg_ipc_register("bench", &listener, &server) != rcOk)
        return 1;
    struct vg_regmsg m = {0, {0}};
    for (;;) {
        rc_t rc = vg_reply_recv_reg(server, &m, 0);
        if (rc != rcOk)
            return rc == rcNotConnected ? 0 : 1;
        /* A response answers the method the kernel recorded for the call: riid and mid need not be set. */
        m.hdr = vg_reg_hdr(sizeof(struct bench_Bench_Ping_out), 0, 0, VG_MSG_RESPONSE);
        m.w[0]++;
    }
}

/* ---- Einit ---- */

static vg_pid_t start_server(const char *mode, vg_handle_t *ch)
{
    vg_pid_t pid;
    const char *const args[] = {"BenchServer", mode, 0};
    if (vg_task_start_ex("BenchServer", mode ? args : 0, 0, VG_TASK_SUSPENDED, &pid) != rcOk ||
        vg_ipc_create_channel(0, pid, "bench", ch, 0) != rcOk || vg_task_resume(pid) != rcOk)
        return 0;
    return pid;
}

/* The cheapest complete system call: a Recv on a handle value that no handle can have (above 32 bits).
 * It skips the register fastpath's test (that is for CallReg and ReplyRecvReg only) and the general
 * path's dispatch refuses it with rcInvalidArgument before any lookup: exception entry, dispatch and
 * exception return. (A memory Call the same way first compares the value with the kernel's and the
 * security handle; a register Call first runs the fastpath's test.) */
static inline rc_t recv_bad_handle(void)
{
    register uint64_t x0 __asm__("x0") = 1ull << 32;
    register uint64_t x8 __asm__("x8") = VG_SYS_RECV;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8) : "memory");
    return (rc_t)x0;
}

static int kernel_rows(uint64_t *v)
{
    /* A null kernel-endpoint Call: time.Now through the whole request path, KSM check included. */
    uint64_t t0 = 0, t1 = 0;
    rc_t rc = vg_time_now(&t0);
    rc_t rc1 = vg_time_now(&t1);
    if (rc != rcOk || rc1 != rcOk || t0 == 0 || t1 < t0)
        FAIL("time.Now failed: %s %s (%llu, %llu)", rc_name(rc), rc_name(rc1), (unsigned long long)t0,
             (unsigned long long)t1);
    for (int i = 0; i < ROUNDS; i++) {
        uint64_t ns;
        uint64_t a = instructions();
        vg_time_now(&ns);
        v[i] = instructions() - a;
    }
    report("null_kernel_call", v);

    if ((rc = recv_bad_handle()) != rcInvalidArgument)
        FAIL("a Recv on handle 2^32 returned %s, not rcInvalidArgument", rc_name(rc));
    for (int i = 0; i < ROUNDS; i++) {
        uint64_t a = instructions();
        recv_bad_handle();
        v[i] = instructions() - a;
    }
    report("syscall_cheapest", v);
    return 0;
}

/* One memory-ABI round trip, checked: rc, the method the response names, the result. */
static int check_call(vg_handle_t ch, const struct vg_msgbuf *in, struct vg_msgbuf *out, uint16_t mid,
                      uint64_t want, const char *what)
{
    const struct bench_Bench_Ping_out *res = out->data;
    rc_t rc = vg_call(ch, in, out);
    if (rc != rcOk || res->hdr.mid != mid || res->result != want)
        FAIL("the first %s call failed: %s (mid %u, result %llu, expected mid %u, result %llu)", what,
             rc_name(rc), res->hdr.mid, (unsigned long long)res->result, mid, (unsigned long long)want);
    return 0;
}

static int memory_rows(uint64_t *v)
{
    vg_handle_t ch;
    vg_pid_t pid = start_server(0, &ch);
    if (!pid)
        FAIL("cannot start BenchServer");
    static struct bench_Bench_Ping_req req, req2;
    static struct bench_Bench_Data_req dreq;
    static struct bench_Bench_Ping_out res;
    static uint8_t arena_out[8192], arena_in[8192];
    struct vg_msgbuf in = {&req, sizeof req, 0, arena_out};
    struct vg_msgbuf in2 = {&req2, sizeof req2, 0, arena_out};
    struct vg_msgbuf out = {&res, sizeof res, sizeof arena_in, arena_in};
    req.hdr = (struct vg_msg_hdr){.size = sizeof req, .mid = bench_Bench_Ping_mid, .flags = VG_MSG_REQUEST};
    req.value = 1;
    if (check_call(ch, &in, &out, bench_Bench_Ping_mid, 2, "Ping")) /* the server is now waiting in Recv */
        return 1;
    for (int i = 0; i < ROUNDS; i++) {
        uint64_t a = instructions();
        vg_call(ch, &in, &out);
        v[i] = instructions() - a;
    }
    report("ipc_round_trip_8B", v);

    dreq.hdr = (struct vg_msg_hdr){.size = sizeof dreq, .mid = bench_Bench_Data_mid, .flags = VG_MSG_REQUEST,
                                   .arena_size = 4096};
    dreq.value = 7;
    dreq.data = (struct vg_arena_ptr){0, 4096};
    struct vg_msgbuf din = {&dreq, sizeof dreq, 4096, arena_out};
    memset(arena_out, 0x5a, 4096);
    if (check_call(ch, &din, &out, bench_Bench_Data_mid, 8, "Data"))
        return 1;
    for (int i = 0; i < ROUNDS; i++) {
        uint64_t a = instructions();
        vg_call(ch, &din, &out);
        v[i] = instructions() - a;
    }
    report("ipc_round_trip_4KiB_arena", v);

    /* Two methods of one shape alternating on one channel: a pair measured, half reported. */
    req2.hdr = (struct vg_msg_hdr){.size = sizeof req2, .mid = bench_Bench_Ping2_mid, .flags = VG_MSG_REQUEST};
    req2.value = 10;
    if (check_call(ch, &in2, &out, bench_Bench_Ping2_mid, 11, "Ping2") ||
        check_call(ch, &in, &out, bench_Bench_Ping_mid, 2, "Ping (after Ping2)"))
        return 1;
    for (int i = 0; i < ROUNDS; i++) {
        uint64_t a = instructions();
        vg_call(ch, &in, &out);
        vg_call(ch, &in2, &out);
        v[i] = instructions() - a;
    }
    report_pair("ipc_alternating_methods", v);

    req.value = V_STOP;
    vg_call(ch, &in, &out);
    vg_task_wait(pid, VG_INFINITE, 0, 0);
    vg_handle_close(ch); /* the channel's name "bench" is free again */
    return 0;
}

static int payload_rows(uint64_t *v)
{
    vg_handle_t ch;
    vg_pid_t pid = start_server("pay", &ch);
    if (!pid)
        FAIL("cannot start BenchServer pay");
    static union {
        struct vg_msg_hdr hdr;
        struct bench_Bench_Pay4064_req pay;
    } req;
    static struct bench_Bench_Pay0_out res;
    static const struct {
        const char *name;
        uint16_t mid;
        uint32_t size;
    } rows[] = {
        {"ipc_round_trip_inline_0B", bench_Bench_Pay0_mid, sizeof(struct bench_Bench_Pay0_req)},
        {"ipc_round_trip_inline_64B", bench_Bench_Pay64_mid, sizeof(struct bench_Bench_Pay64_req)},
        {"ipc_round_trip_inline_256B", bench_Bench_Pay256_mid, sizeof(struct bench_Bench_Pay256_req)},
        {"ipc_round_trip_inline_1024B", bench_Bench_Pay1024_mid, sizeof(struct bench_Bench_Pay1024_req)},
        {"ipc_round_trip_inline_4064B", bench_Bench_Pay4064_mid, sizeof(struct bench_Bench_Pay4064_req)},
    };
    _Static_assert(sizeof(struct bench_Bench_Pay4064_req) == 24 + 4064, "Pay4064 is 4088 bytes");
    struct vg_msgbuf out = {&res, sizeof res, 0, 0};
    for (unsigned r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        uint32_t n = rows[r].size - (uint32_t)sizeof req.hdr;
        req.hdr = (struct vg_msg_hdr){.size = rows[r].size, .mid = rows[r].mid, .flags = VG_MSG_REQUEST};
        for (uint32_t i = 0; i < n; i++)
            req.pay.d[i] = (uint8_t)(i * 7 + 3);
        uint64_t want = rows[r].size + (n ? 3u + (uint8_t)((n - 1) * 7 + 3) : 0);
        struct vg_msgbuf in = {&req, rows[r].size, 0, 0};
        if (check_call(ch, &in, &out, rows[r].mid, want, rows[r].name))
            return 1;
        for (int i = 0; i < ROUNDS; i++) {
            uint64_t a = instructions();
            vg_call(ch, &in, &out);
            v[i] = instructions() - a;
        }
        report(rows[r].name, v);
    }
    vg_handle_close(ch);
    vg_task_wait(pid, VG_INFINITE, 0, 0);
    return 0;
}

/* One register round trip, checked: rc, the method the response names (the kernel's record of the
 * call), the result. */
static int check_call_reg(vg_handle_t ch, uint16_t mid, uint32_t size, uint64_t value, uint64_t want,
                          const char *what)
{
    struct vg_regmsg m = {vg_reg_hdr(size, 0, mid, VG_MSG_REQUEST), {value}};
    rc_t rc = vg_call_reg(ch, &m);
    if (rc != rcOk || vg_reg_mid(m.hdr) != mid || m.w[0] != want)
        FAIL("the first register %s call failed: %s (mid %u, result %llu, expected mid %u, result %llu)", what,
             rc_name(rc), vg_reg_mid(m.hdr), (unsigned long long)m.w[0], mid, (unsigned long long)want);
    return 0;
}

static int register_rows(uint64_t *v)
{
    vg_handle_t ch;
    vg_pid_t pid = start_server("reg", &ch);
    if (!pid)
        FAIL("cannot start BenchServer reg");
    const uint32_t size = sizeof(struct bench_Bench_Ping_req);

    /* The 8-byte round trip with the register ABI on both sides: the fastpath's case. */
    if (check_call_reg(ch, bench_Bench_Ping_mid, size, 1, 2, "Ping"))
        return 1;
    for (int i = 0; i < ROUNDS; i++) {
        /* A new message each call (what a caller writes): nothing of the last answer is kept. */
        struct vg_regmsg q = {vg_reg_hdr(size, 0, bench_Bench_Ping_mid, VG_MSG_REQUEST), {1}};
        uint64_t a = instructions();
        vg_call_reg_n(ch, &q, 1);
        v[i] = instructions() - a;
    }
    report("ipc_round_trip_8B_reg", v);

    /* A header-only request (Pay0: no in-parameter). */
    const uint32_t size0 = sizeof(struct bench_Bench_Pay0_req);
    if (check_call_reg(ch, bench_Bench_Pay0_mid, size0, 0, 1, "Pay0"))
        return 1;
    for (int i = 0; i < ROUNDS; i++) {
        struct vg_regmsg q = {vg_reg_hdr(size0, 0, bench_Bench_Pay0_mid, VG_MSG_REQUEST), {0}};
        uint64_t a = instructions();
        vg_call_reg_n(ch, &q, 0);
        v[i] = instructions() - a;
    }
    report("ipc_round_trip_0B_reg", v);

    /* Ping and Ping2 alternating: a pair measured, half reported. */
    if (check_call_reg(ch, bench_Bench_Ping2_mid, size, 10, 11, "Ping2") ||
        check_call_reg(ch, bench_Bench_Ping_mid, size, 20, 21, "Ping (after Ping2)"))
        return 1;
    for (int i = 0; i < ROUNDS; i++) {
        struct vg_regmsg q = {vg_reg_hdr(size, 0, bench_Bench_Ping_mid, VG_MSG_REQUEST), {1}};
        struct vg_regmsg q2 = {vg_reg_hdr(size, 0, bench_Bench_Ping2_mid, VG_MSG_REQUEST), {1}};
        uint64_t a = instructions();
        vg_call_reg_n(ch, &q, 1);
        vg_call_reg_n(ch, &q2, 1);
        v[i] = instructions() - a;
    }
    report_pair("ipc_alternating_methods_reg", v);

    /* Checked: bound to assert (message.value < 10^12), so the KSM runs the rule on every request. A
     * value over the bound is refused (the rule really runs); the measured ones hold. */
    struct vg_regmsg big = {vg_reg_hdr(size, 0, bench_Bench_Checked_mid, VG_MSG_REQUEST), {2000000000000ull}};
    rc_t rc = vg_call_reg(ch, &big);
    if (rc != rcSecurityDisallow)
        FAIL("Checked with a value over the bound returned %s, not rcSecurityDisallow", rc_name(rc));
    if (check_call_reg(ch, bench_Bench_Checked_mid, size, 1, 2, "Checked"))
        return 1;
    for (int i = 0; i < ROUNDS; i++) {
        struct vg_regmsg q = {vg_reg_hdr(size, 0, bench_Bench_Checked_mid, VG_MSG_REQUEST), {1}};
        uint64_t a = instructions();
        vg_call_reg_n(ch, &q, 1);
        v[i] = instructions() - a;
    }
    report("ipc_assert_binding", v);

    vg_handle_close(ch);
    vg_task_wait(pid, VG_INFINITE, 0, 0);
    return 0;
}

static volatile int yielder_started;

static int yielder(void *arg)
{
    volatile int *stop = arg;
    yielder_started = 1;
    while (!*stop)
        vg_thread_yield();
    return 0;
}

/* A context switch: two threads of one process yielding to each other; half a yield pair. */
static int context_switch_row(uint64_t *v)
{
    static volatile int stop;
    vg_thread_t *t;
    rc_t rc = vg_thread_create(&t, yielder, (void *)&stop, VG_PRIORITY_NORMAL, 0);
    if (rc != rcOk)
        FAIL("cannot create the yielding thread: %s", rc_name(rc));
    rc = vg_thread_yield();
    if (rc != rcOk || !yielder_started)
        FAIL("the first yield did not run the other thread: %s", rc_name(rc));
    for (int i = 0; i < ROUNDS; i++) {
        uint64_t a = instructions();
        vg_thread_yield();
        v[i] = (instructions() - a) / 2;
    }
    stop = 1;
    vg_thread_join(t, VG_INFINITE, 0);
    report("context_switch", v);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[0], "BenchServer") == 0 && strcmp(argv[1], "reg") == 0)
        return reg_server_main();
    if (argc > 1 && strcmp(argv[0], "BenchServer") == 0 && strcmp(argv[1], "pay") == 0)
        return pay_server_main();
    if (argc > 0 && strcmp(argv[0], "BenchServer") == 0)
        return server_main();
    static uint64_t v[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
        uint64_t a = instructions();
        uint64_t b = instructions();
        v[i] = b - a;
    }
    overhead = median(v, ROUNDS);
    if (overhead == 0) {
        printf("bench: the instruction counter does not count (run under -icount: make bench)\n");
        return 1;
    }
    if (kernel_rows(v) || memory_rows(v) || payload_rows(v) || register_rows(v) || context_switch_row(v))
        return 1;
    return 0;
}
