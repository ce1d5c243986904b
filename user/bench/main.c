/* Einit of the benchmark image: measures each path ROUNDS times and prints the median as
 *   bench <name> <instructions>
 * BenchServer answers raw messages (no generated dispatcher: the kernel path is what is measured). */
#include <stdio.h>
#include <string.h>
#include <vigil/vigil.h>
#include "bench.h"
#include "bench/Bench.idl.h"

#define ROUNDS 64

static uint64_t overhead;


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
    static struct bench_Bench_Ping_out res; /* Data's response has the same shape */
    struct vg_msgbuf in = {&req, sizeof req, sizeof arena, arena};
    struct vg_msgbuf out = {&res, sizeof res, 0, arena};
    rc_t rc = vg_recv(server, &in);
    for (;;) {
        if (rc != rcOk)
            return 1;
        uint64_t value = req.hdr.mid == bench_Bench_Ping_mid ? req.ping.value : req.data.value;
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

/* The same server with the register ABI: Ping's request and response travel in registers. */
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

static int yielder(void *arg)
{
    volatile int *stop = arg;
    while (!*stop)
        vg_thread_yield();
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[0], "BenchServer") == 0 && strcmp(argv[1], "reg") == 0)
        return reg_server_main();
    if (argc > 0 && strcmp(argv[0], "BenchServer") == 0)
        return server_main();
    uint64_t v[ROUNDS];
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

    /* A null kernel-endpoint Call: time.Now through the whole request path, KSM check included. */
    for (int i = 0; i < ROUNDS; i++) {
        uint64_t ns;
        uint64_t a = instructions();
        vg_time_now(&ns);
        v[i] = instructions() - a;
    }
    report("null_kernel_call", v);

    vg_pid_t pid;
    vg_handle_t ch;
    vg_task_start_ex("BenchServer", 0, 0, VG_TASK_SUSPENDED, &pid);
    vg_ipc_create_channel(0, pid, "bench", &ch, 0);
    vg_task_resume(pid);
    static struct bench_Bench_Ping_req req;
    static struct bench_Bench_Data_req dreq;
    static struct bench_Bench_Ping_out res;
    static uint8_t arena_out[8192], arena_in[8192];
    struct vg_msgbuf in = {&req, sizeof req, 0, arena_out};
    struct vg_msgbuf out = {&res, sizeof res, sizeof arena_in, arena_in};
    req.hdr = (struct vg_msg_hdr){.size = sizeof req, .flags = VG_MSG_REQUEST};
    req.value = 1;
    rc_t rc = vg_call(ch, &in, &out); /* the server is now waiting in Recv */
    if (rc != rcOk || res.result != 2) {
        printf("bench: the first call failed: %s\n", rc_name(rc));
        return 1;
    }
    for (int i = 0; i < ROUNDS; i++) {
        uint64_t a = instructions();
        vg_call(ch, &in, &out);
        v[i] = instructions() - a;
    }
    report("ipc_round_trip_8B", v);

    dreq.hdr = (struct vg_msg_hdr){.size = sizeof dreq, .mid = bench_Bench_Data_mid, .flags = VG_MSG_REQUEST,
                                   .arena_size = 4096};
    dreq.data = (struct vg_arena_ptr){0, 4096};
    struct vg_msgbuf din = {&dreq, sizeof dreq, 4096, arena_out};
    memset(arena_out, 0x5a, 4096);
    for (int i = 0; i < ROUNDS; i++) {
        uint64_t a = instructions();
        vg_call(ch, &din, &out);
        v[i] = instructions() - a;
    }
    report("ipc_round_trip_4KiB_arena", v);
    req.value = V_STOP;
    vg_call(ch, &in, &out);
    vg_task_wait(pid, VG_INFINITE, 0, 0);
    vg_handle_close(ch); /* the channel's name "bench" is free again */

    /* The 8-byte round trip with the register ABI on both sides: the fastpath's case. */
    vg_task_start_ex("BenchServer", (const char *const[]){"BenchServer", "reg", 0}, 0, VG_TASK_SUSPENDED, &pid);
    vg_ipc_create_channel(0, pid, "bench", &ch, 0);
    vg_task_resume(pid);
    struct vg_regmsg m = {vg_reg_hdr(sizeof req, 0, bench_Bench_Ping_mid, VG_MSG_REQUEST), {1}};
    rc = vg_call_reg(ch, &m);
    if (rc != rcOk || m.w[0] != 2) {
        printf("bench: the first register call failed: %s\n", rc_name(rc));
        return 1;
    }
    for (int i = 0; i < ROUNDS; i++) {
        m.hdr = vg_reg_hdr(sizeof req, 0, bench_Bench_Ping_mid, VG_MSG_REQUEST);
        uint64_t a = instructions();
        vg_call_reg(ch, &m);
        v[i] = instructions() - a;
    }
    report("ipc_round_trip_8B_reg", v);
    vg_handle_close(ch);
    vg_task_wait(pid, VG_INFINITE, 0, 0);

    /* A context switch: two threads of one process yielding to each other; half a yield pair. */
    static volatile int stop;
    vg_thread_t *t;
    vg_thread_create(&t, yielder, (void *)&stop, VG_PRIORITY_NORMAL, 0);
    vg_thread_yield();
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
