/* Einit of the fuzzer image: takes the kernel's counts, runs FuzzA and FuzzB (joined by the channels
 * "ab" and "ba") to their end, and checks their verdicts and that the counts came back. FUZZ_CALLS is
 * the number of calls per fuzzing thread (two processes of two threads each). */
#include <stdio.h>
#include "fuzz.h"
#include "../t_common/kernel_counts.h"

#ifndef FUZZ_CALLS
#define FUZZ_CALLS 25000
#endif
#ifndef FUZZ_SEED
#define FUZZ_SEED 0x5eed1
#endif


static vg_pid_t start(const char *name, const char *calls, const char *seed)
{
    const char *const argv[] = {name, calls, seed, 0};
    vg_pid_t pid = 0;
    rc_t rc = vg_task_start_ex(name, argv, 0, VG_TASK_SUSPENDED, &pid);
    if (rc != rcOk)
        printf("FAIL fuzz_start_%s: %s\n", name, rc_name(rc)), check_failures++;
    return pid;
}

/* In the ipcfuzz-bugs image only (the ROMFS holds KnownBugs): the reproducers of known_bugs.c. */
static void known_bugs(void)
{
    vg_pid_t pid;
    const char *const argv[] = {"KnownBugs", 0};
    if (vg_task_start("KnownBugs", argv, 0, &pid) != rcOk)
        return;
    int code = -1;
    enum vg_task_end how = VG_TASK_KILLED;
    rc_t rc = vg_task_wait(pid, 10000000000ull, &code, &how);
    char why[96];
    snprintf(why, sizeof why, "wait %s, exit code %d, how %d", rc_name(rc), code, how);
    CHECK("known_bugs_process", rc == rcOk && code == 0 && how == VG_TASK_EXITED, "%s", why);
}

int einit_main(void)
{
    char calls[24], seed[24], why[160];
    snprintf(calls, sizeof calls, "%llu", (unsigned long long)FUZZ_CALLS);
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)FUZZ_SEED);
    printf("ipcfuzz: 2 processes x 2 threads x %s calls, seed %s\n", calls, seed);
    struct kcounts before;
    rc_t rc = kcounts_read(&before);
    vg_pid_t a = start("FuzzA", calls, seed), b = start("FuzzB", calls, seed);
    if (!a || !b)
        return 1;
    rc_t ca = vg_ipc_create_channel(a, b, "ab", 0, 0), cb = vg_ipc_create_channel(b, a, "ba", 0, 0);
    snprintf(why, sizeof why, "%s, %s", rc_name(ca), rc_name(cb));
    CHECK("fuzz_channels", ca == rcOk && cb == rcOk, "%s", why);
    vg_task_resume(a);
    vg_task_resume(b);
    const vg_pid_t pids[2] = {a, b};
    for (int i = 0; i < 2; i++) {
        int code = -1;
        enum vg_task_end how = VG_TASK_KILLED;
        rc_t w = vg_task_wait(pids[i], 3600ull * 1000000000ull, &code, &how);
        snprintf(why, sizeof why, "wait %s, exit code %d (violations), how %d", rc_name(w), code, how);
        CHECK(i ? "fuzz_FuzzB_verdict" : "fuzz_FuzzA_verdict", w == rcOk && code == 0 && how == VG_TASK_EXITED, "%s", why);
    }
    kcounts_check_back("fuzz", rc, &before);
    known_bugs();
    printf("ipcfuzz: %d failed\n", check_failures);
    return check_failures;
}
