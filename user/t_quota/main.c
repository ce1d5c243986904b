/* t_quota (init of the user-quota image): limits give error codes, never a panic, and the system goes
 * on. One process maps until rcQuotaExceeded (its memory quota); creates threads until
 * rcQuotaExceeded; starts processes until an error; several t_child "hog" processes together map until
 * rcOutOfMemory. After each, everything is freed: the free memory is back to its value from before,
 * and a later allocation succeeds. */
#include <string.h>
#include "../t_common/ut.h"

#define MIB (1024u * 1024u)
/* The per-process limits of kernel/process.h (docs/core-endpoints.md): PROCESS_QUOTA_FRAMES pages of
 * memory, PROCESS_MAX_THREADS threads counting the main one. */
#define QUOTA_BYTES (32ull * MIB)
#define MAX_THREADS 128

static void map_quota(void)
{
    static void *chunk[256];
    uint64_t free0 = ut_free_bytes(), used0 = ut_used_bytes();
    int n = 0;
    rc_t rc;
    while (n < 256 && (rc = vg_vmm_map(0, MIB, VG_PROT_READ | VG_PROT_WRITE, &chunk[n])) == rcOk)
        n++;
    uint64_t used_full = ut_used_bytes();
    printf("t_quota: %d MiB mapped (%llu bytes charged) before %s\n", n, (unsigned long long)used_full, rc_name(rc));

    /* The quota is a limit that can be reached exactly: what is left below 1 MiB maps in halving pieces
     * (a few regions, not one per page), down to the last page, and only the page after it is refused. */
    static void *piece[8];
    uint64_t piece_size[8];
    int np = 0;
    for (uint64_t size = MIB / 2; size >= 4096 && np < 8; size /= 2)
        if (vg_vmm_map(0, size, VG_PROT_READ | VG_PROT_WRITE, &piece[np]) == rcOk)
            piece_size[np++] = size;
    uint64_t used_exact = ut_used_bytes();
    void *extra = 0;
    rc_t xrc = vg_vmm_map(0, 4096, VG_PROT_READ, &extra);
    int punmapped = 0;
    for (int i = 0; i < np; i++)
        punmapped += vg_vmm_unmap(piece[i], piece_size[i]) == rcOk;
    UT_EXPECT("map_fills_quota_exactly", used_exact == QUOTA_BYTES && xrc == rcQuotaExceeded && punmapped == np,
              "charged %llu of %llu bytes when the last page was refused; one page more: %s",
              (unsigned long long)used_exact, (unsigned long long)QUOTA_BYTES, rc_name(xrc));

    int unmapped = 0;
    for (int i = 0; i < n; i++)
        unmapped += vg_vmm_unmap(chunk[i], MIB) == rcOk;
    uint64_t free1 = ut_free_bytes(), used1 = ut_used_bytes();
    UT_EXPECT("map_until_quota_exceeded", rc == rcQuotaExceeded && n >= 8 && used_full + MIB > used_full &&
              unmapped == n, "%s after %d MiB, %d unmapped", rc_name(rc), n, unmapped);
    UT_EXPECT("map_quota_memory_back", free1 == free0 && used1 == used0, "free %llu -> %llu, used %llu -> %llu",
              (unsigned long long)free0, (unsigned long long)free1, (unsigned long long)used0,
              (unsigned long long)used1);

    /* One request larger than the whole quota: refused, nothing mapped. */
    void *va = 0;
    rc = vg_vmm_map(0, 2 * used_full + 64 * MIB, VG_PROT_READ, &va);
    UT_EXPECT("map_over_quota_at_once", rc == rcQuotaExceeded && ut_used_bytes() == used0 && ut_free_bytes() == free0,
              "%s", rc_name(rc));
    rc = vg_vmm_map(0, 4 * MIB, VG_PROT_READ | VG_PROT_WRITE, &va);
    if (rc == rcOk) {
        memset(va, 1, 4 * MIB);
        vg_vmm_unmap(va, 4 * MIB);
    }
    UT_EXPECT("map_after_quota", rc == rcOk, "%s", rc_name(rc));
}

static volatile uint32_t release;

static int parked(void *arg)
{
    (void)arg;
    while (!release)
        vg_futex_wait(&release, 0, VG_INFINITE);
    return 7;
}

static void thread_quota(void)
{
    static vg_thread_t *t[1024];
    uint64_t free0 = ut_free_bytes();
    release = 0;
    int n = 0;
    rc_t rc;
    while (n < 1024 && (rc = vg_thread_create(&t[n], parked, 0, VG_PRIORITY_NORMAL, 4096)) == rcOk)
        n++;
    printf("t_quota: %d threads created before %s\n", n, rc_name(rc));
    release = 1;
    vg_futex_wake(&release, VG_FUTEX_ALL, 0);
    int joined = 0;
    for (int i = 0; i < n; i++) {
        int code = 0;
        joined += vg_thread_join(t[i], VG_INFINITE, &code) == rcOk && code == 7;
    }
    uint64_t free1 = ut_free_bytes();
    UT_EXPECT("threads_until_quota_exceeded", rc == rcQuotaExceeded && n >= 32 && joined == n,
              "%s after %d threads, %d joined", rc_name(rc), n, joined);
    /* Exactly the limit, not one more: main plus n created. */
    UT_EXPECT("thread_quota_exact", n + 1 == MAX_THREADS, "%d threads with main, the limit is %d", n + 1,
              MAX_THREADS);
    UT_EXPECT("thread_quota_memory_back", free1 == free0, "free %llu -> %llu", (unsigned long long)free0,
              (unsigned long long)free1);
    vg_thread_t *again;
    rc = vg_thread_create(&again, parked, 0, VG_PRIORITY_NORMAL, 0);
    if (rc == rcOk)
        vg_thread_join(again, VG_INFINITE, 0);
    UT_EXPECT("thread_after_quota", rc == rcOk, "%s", rc_name(rc));
}

static void process_limit(void)
{
    static vg_pid_t pid[256];
    uint64_t free0 = ut_free_bytes();
    int n = 0;
    rc_t rc;
    while (n < 256 && (rc = ut_child("block", 0, 0, &pid[n])) == rcOk)
        n++;
    printf("t_quota: %d processes started before %s\n", n, rc_name(rc));
    int ended = 0;
    for (int i = 0; i < n; i++) {
        enum vg_task_end how = 9;
        vg_task_kill(pid[i]);
        ended += vg_task_wait(pid[i], 10 * UT_SEC, 0, &how) == rcOk && how == VG_TASK_KILLED;
    }
    uint64_t free1 = ut_free_bytes();
    UT_EXPECT("processes_until_error", (rc == rcQuotaExceeded || rc == rcOutOfMemory) && n >= 8 && ended == n,
              "%s after %d processes, %d ended", rc_name(rc), n, ended);
    UT_EXPECT("process_limit_memory_back", free1 == free0, "free %llu -> %llu", (unsigned long long)free0,
              (unsigned long long)free1);
    vg_pid_t p;
    int code = -1;
    rc = ut_child("exit", "5", 0, &p);
    if (rc == rcOk)
        rc = vg_task_wait(p, 10 * UT_SEC, &code, 0);
    UT_EXPECT("process_after_limit", rc == rcOk && code == 5, "%s, code %d", rc_name(rc), code);
}

/* Hogs run above this thread's priority, so each has mapped all it can (and blocked, or exited on
 * rcOutOfMemory) by the time vg_task_start returns here. */
static void system_oom(void)
{
    static vg_pid_t pid[16];
    uint64_t free0 = ut_free_bytes();
    unsigned old;
    vg_thread_set_priority(0, VG_PRIORITY_NORMAL - 5, &old);
    int n = 0, oom = 0;
    rc_t rc = rcOk;
    while (n < 16 && !oom) {
        rc = ut_child("hog", 0, 0, &pid[n]);
        if (rc != rcOk) {
            oom = rc == rcOutOfMemory;
            break;
        }
        int code = 0;
        rc_t w = vg_task_wait(pid[n], 0, &code, 0);
        n++;
        if (w == rcOk) {   /* it ended: 2 means it saw rcOutOfMemory */
            pid[n - 1] = 0;
            oom = code == 2;
            if (code != 2)
                printf("t_quota: hog %d exited with %d\n", n, code);
        }
    }
    vg_thread_set_priority(0, old, 0);
    printf("t_quota: %d hogs, system out of memory: %s (%s); free %llu of %llu\n", n, oom ? "yes" : "no",
           rc_name(rc), (unsigned long long)ut_free_bytes(), (unsigned long long)free0);
    int ended = 0, live = 0;
    for (int i = 0; i < n; i++) {
        if (!pid[i])
            continue;
        live++;
        vg_task_kill(pid[i]);
        ended += vg_task_wait(pid[i], 10 * UT_SEC, 0, 0) == rcOk;
    }
    uint64_t free1 = ut_free_bytes();
    UT_EXPECT("hogs_until_out_of_memory", oom && ended == live, "out of memory %s after %d hogs (%s), %d/%d ended",
              oom ? "reached" : "not reached", n, rc_name(rc), ended, live);
    UT_EXPECT("out_of_memory_memory_back", free1 == free0, "free %llu -> %llu", (unsigned long long)free0,
              (unsigned long long)free1);
    void *va;
    rc = vg_vmm_map(0, 16 * MIB, VG_PROT_READ | VG_PROT_WRITE, &va);
    if (rc == rcOk) {
        memset(va, 3, 16 * MIB);
        vg_vmm_unmap(va, 16 * MIB);
    }
    vg_pid_t p;
    int code = -1;
    rc_t prc = ut_child("exit", "6", 0, &p);
    if (prc == rcOk)
        prc = vg_task_wait(p, 10 * UT_SEC, &code, 0);
    UT_EXPECT("system_goes_on_after_oom", rc == rcOk && prc == rcOk && code == 6, "map %s, process %s code %d",
              rc_name(rc), rc_name(prc), code);
}

int main(void)
{
    ut_known_bugs();
    /* Warm up the heap and stdio so that this process's own growth does not count. */
    vg_pid_t p;
    if (ut_child("exit", "0", 0, &p) == rcOk)
        vg_task_wait(p, VG_INFINITE, 0, 0);
    printf("t_quota: warm\n");
    map_quota();
    thread_quota();
    process_limit();
    system_oom();
    printf("t_quota: %d failed\n", check_failures);
    return check_failures;
}
