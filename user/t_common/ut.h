/* Shared helpers of the in-guest user tests (user/t_*): one "ok <name>" / "FAIL <name>: reason" line
 * per check, the memory counters of hal MEM_INFO, the clock, and starting/waiting for t_child. */
#ifndef USER_T_COMMON_UT_H
#define USER_T_COMMON_UT_H

#include <stdio.h>
#include <vigil/vigil.h>

#include "check.h"

#define UT_EXPECT CHECK

static inline uint64_t ut_free_bytes(void)
{
    struct vg_mem_info mi = { 0, 0 };
    vg_mem_info(&mi);
    return mi.free_bytes;
}

static inline uint64_t ut_used_bytes(void)
{
    struct vg_mem_info mi = { 0, 0 };
    vg_mem_info(&mi);
    return mi.used_bytes;
}

static inline uint64_t ut_now(void)
{
    uint64_t t = 0;
    vg_time_now(&t);
    return t;
}

/* Starts t_child with argv { "TChild", mode, a1, a2 } (a1/a2 may be NULL). */
static inline rc_t ut_child(const char *mode, const char *a1, const char *a2, vg_pid_t *pid)
{
    const char *argv[] = { "TChild", mode, a1, a1 ? a2 : NULL, NULL };
    return vg_task_start("TChild", argv, NULL, pid);
}

/* Waits up to timeout_ns; code and how as vg_task_wait. */
static inline rc_t ut_wait(vg_pid_t pid, uint64_t timeout_ns, int *code, enum vg_task_end *how)
{
    return vg_task_wait(pid, timeout_ns, code, how);
}

static inline const char *ut_how(enum vg_task_end how)
{
    return how == VG_TASK_EXITED ? "exited" : how == VG_TASK_FAULTED ? "faulted"
           : how == VG_TASK_KILLED ? "killed" : "how?";
}

/* Checks that fail on the current kernel (bugs described in the suite's header) run only in the
 * "-bugs" images, whose ROMFS also holds t_child as "KnownBugs" (KNOWN_BUGS=1 bash
 * tests/suites/23-user-process.sh); elsewhere they print "skip <name>" so that make test stays green. */
static inline int ut_known_bugs(void)
{
    static int known = -1;
    if (known < 0) {
        const char *argv[] = { "KnownBugs", "exit", "0", NULL };
        vg_pid_t pid;
        known = vg_task_start("KnownBugs", argv, NULL, &pid) == rcOk;
        if (known)
            vg_task_wait(pid, VG_INFINITE, 0, 0);
    }
    return known;
}

#define UT_BUG(name) \
    (ut_known_bugs() ? 1 : (printf("skip %s: known kernel bug (KNOWN_BUGS=1 runs it)\n", name), 0))

#define UT_MS 1000000ull
#define UT_SEC 1000000000ull

#endif
