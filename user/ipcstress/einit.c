/* Einit of the stress image: servers A and B, clients 1..3 (3, 3 and 2 threads; STRESS_CALLS calls
 * per thread), server A killed STRESS_KILL_MS after the start and replaced by a new A whose channels
 * ("A1.<client>") the clients find by name; then every client's verdict and the kernel's counts. */
#include <string.h>
#include "stress.h"
#include "../t_common/kernel_counts.h"

#ifndef STRESS_CALLS
#define STRESS_CALLS 10000
#endif
#ifndef STRESS_KILL_MS
#define STRESS_KILL_MS 300
#endif

static const unsigned threads[STRESS_CLIENTS] = {3, 3, 2};

static vg_pid_t start(const char *const argv[])
{
    vg_pid_t pid = 0;
    rc_t rc = vg_task_start_ex(argv[0], argv, 0, VG_TASK_SUSPENDED, &pid);
    if (rc != rcOk) {
        printf("FAIL stress_start_%s: %s\n", argv[0], rc_name(rc));
        check_failures++;
    }
    return pid;
}

/* A server serving generation gen of `letter` for every client, started suspended. */
static vg_pid_t start_server(char letter, unsigned gen, char names[STRESS_CLIENTS][STRESS_NAME_MAX])
{
    for (unsigned c = 0; c < STRESS_CLIENTS; c++)
        stress_name(names[c], letter, gen, c + 1);
    return start((const char *const[]){"SServer", names[0], names[1], names[2], 0});
}

static int channels(const vg_pid_t clients[], vg_pid_t server, char names[STRESS_CLIENTS][STRESS_NAME_MAX])
{
    int ok = 1;
    for (unsigned c = 0; c < STRESS_CLIENTS; c++) {
        rc_t rc = vg_ipc_create_channel(clients[c], server, names[c], 0, 0);
        if (rc != rcOk) {
            printf("FAIL stress_channel_%s: %s\n", names[c], rc_name(rc));
            ok = 0;
        }
    }
    return ok;
}

static int end(vg_pid_t pid, int kill, int *code)
{
    enum vg_task_end how = VG_TASK_FAULTED;
    if (kill)
        vg_task_kill(pid);
    rc_t rc = vg_task_wait(pid, 60000000000ull, code, &how);
    /* A server whose clients are all gone may have ended by itself before the kill (exit code 0). */
    return rc == rcOk && (how == (kill ? VG_TASK_KILLED : VG_TASK_EXITED) || (how == VG_TASK_EXITED && *code == 0));
}

int einit_main(void)
{
    char why[160], calls[16];
    snprintf(calls, sizeof calls, "%u", (unsigned)STRESS_CALLS);
    printf("ipcstress: 3 client processes (8 threads) x %s calls, 2 servers, A killed after %u ms\n", calls,
           (unsigned)STRESS_KILL_MS);
    struct kcounts before;
    rc_t rc = kcounts_read(&before);
    char na[STRESS_CLIENTS][STRESS_NAME_MAX], nb[STRESS_CLIENTS][STRESS_NAME_MAX], na1[STRESS_CLIENTS][STRESS_NAME_MAX];
    vg_pid_t a = start_server('A', 0, na), b = start_server('B', 0, nb), c[STRESS_CLIENTS];
    for (unsigned i = 0; i < STRESS_CLIENTS; i++) {
        char id[4], n[4];
        snprintf(id, sizeof id, "%u", i + 1);
        snprintf(n, sizeof n, "%u", threads[i]);
        c[i] = start((const char *const[]){"SClient", id, n, calls, "12345", 0});
    }
    if (check_failures)
        return check_failures;
    CHECK("stress_channels", channels(c, a, na) && channels(c, b, nb), "see above");
    vg_task_resume(a);
    vg_task_resume(b);
    for (unsigned i = 0; i < STRESS_CLIENTS; i++)
        vg_task_resume(c[i]);
    uint64_t t0, t1, t2;
    vg_time_now(&t0);
    vg_thread_sleep((uint64_t)STRESS_KILL_MS * 1000000u);
    int code;
    CHECK("stress_server_A_killed", end(a, 1, &code), "kill or wait failed");
    vg_pid_t a1 = start_server('A', 1, na1);
    CHECK("stress_server_A_restarted", a1 && channels(c, a1, na1), "start or channels failed");
    vg_task_resume(a1);
    vg_time_now(&t1);
    int clients_ok = 1;
    for (unsigned i = 0; i < STRESS_CLIENTS; i++) {
        code = -1;
        int ended = end(c[i], 0, &code);
        snprintf(why, sizeof why, "ended %d, exit code %d", ended, code);
        char name[32];
        snprintf(name, sizeof name, "stress_client%u_verdict", i + 1);
        CHECK(name, ended && code == 0, "%s", why);
        clients_ok &= ended && code == 0;
    }
    vg_time_now(&t2);
    printf("ipcstress: server A restarted after %llu ms, clients done after %llu ms\n",
           (unsigned long long)((t1 - t0) / 1000000u), (unsigned long long)((t2 - t0) / 1000000u));
    CHECK("stress_servers_end", end(a1, 1, &code) && end(b, 1, &code), "kill or wait failed");
    kcounts_check_back("stress", rc, &before);
    uint64_t fast_calls = 0, fast_replies = 0;
    vg_ipc_stats(&fast_calls, &fast_replies);
    printf("ipcstress: fastpath calls %llu, replies %llu\n", (unsigned long long)fast_calls,
           (unsigned long long)fast_replies);
    printf("ipcstress: %d failed\n", check_failures);
    return check_failures;
}
