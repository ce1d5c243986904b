/* Einit of the fuzzer image: takes the kernel's counts, runs FuzzA and FuzzB (joined by the channels
 * "ab" and "ba") to their end, and checks their verdicts and that the counts came back. FUZZ_CALLS is
 * the number of calls per fuzzing thread (two processes of two threads each). */
#include <stdio.h>
#include "fuzz.h"
#include "kernel_counts.h"

#ifndef FUZZ_CALLS
#define FUZZ_CALLS 25000
#endif
#ifndef FUZZ_SEED
#define FUZZ_SEED 0x5eed1
#endif

static int failures;

static void check(const char *name, int ok, const char *why)
{
    if (ok) {
        printf("ok %s\n", name);
    } else {
        printf("FAIL %s: %s\n", name, why);
        failures++;
    }
}

static vg_pid_t start(const char *name, const char *calls, const char *seed)
{
    const char *const argv[] = {name, calls, seed, 0};
    vg_pid_t pid = 0;
    rc_t rc = vg_task_start_ex(name, argv, 0, VG_TASK_SUSPENDED, &pid);
    if (rc != rcOk)
        printf("FAIL fuzz_start_%s: %s\n", name, rc_name(rc)), failures++;
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
    check("known_bugs_process", rc == rcOk && code == 0 && how == VG_TASK_EXITED, why);
}

int einit_main(void)
{
    char calls[24], seed[24], why[160];
    snprintf(calls, sizeof calls, "%llu", (unsigned long long)FUZZ_CALLS);
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)FUZZ_SEED);
    printf("ipcfuzz: 2 processes x 2 threads x %s calls, seed %s\n", calls, seed);
    struct kcounts before, after;
    rc_t rc = kcounts_read(&before);
    vg_pid_t a = start("FuzzA", calls, seed), b = start("FuzzB", calls, seed);
    if (!a || !b)
        return 1;
    rc_t ca = vg_ipc_create_channel(a, b, "ab", 0, 0), cb = vg_ipc_create_channel(b, a, "ba", 0, 0);
    snprintf(why, sizeof why, "%s, %s", rc_name(ca), rc_name(cb));
    check("fuzz_channels", ca == rcOk && cb == rcOk, why);
    vg_task_resume(a);
    vg_task_resume(b);
    const vg_pid_t pids[2] = {a, b};
    for (int i = 0; i < 2; i++) {
        int code = -1;
        enum vg_task_end how = VG_TASK_KILLED;
        rc_t w = vg_task_wait(pids[i], 3600ull * 1000000000ull, &code, &how);
        snprintf(why, sizeof why, "wait %s, exit code %d (violations), how %d", rc_name(w), code, how);
        check(i ? "fuzz_FuzzB_verdict" : "fuzz_FuzzA_verdict", w == rcOk && code == 0 && how == VG_TASK_EXITED, why);
    }
    if (rc == rcOk)
        rc = kcounts_settle(&before, &after, 1000000000ull);
    snprintf(why, sizeof why, "%s; free %llu -> %llu bytes", rc_name(rc), (unsigned long long)before.free_bytes,
             (unsigned long long)after.free_bytes);
    check("fuzz_memory_back", rc == rcOk && after.free_bytes == before.free_bytes, why);
    snprintf(why, sizeof why, "objects %llu -> %llu, handles %llu -> %llu", (unsigned long long)before.objects,
             (unsigned long long)after.objects, (unsigned long long)before.handles, (unsigned long long)after.handles);
    check("fuzz_objects_back", rc == rcOk && after.objects == before.objects && after.handles == before.handles, why);
    known_bugs();
    printf("ipcfuzz: %d failed\n", failures);
    return failures;
}
