/* t_faults (init of the user-faults image): fault containment. For each kind of fault a t_child
 * process commits it (holding memory and a blocked thread); this parent checks that the child ended
 * with how = faulted and code -1, that it itself runs on, and that the system's free memory is back
 * to its value from before the child started. The fault reports on the console are checked by
 * tests/suites/23-user-process.sh. */
#include <stdlib.h>
#include <string.h>
#include "../t_common/ut.h"

static const char *const modes[] = {
    "null", "unmapped", "kernel-read", "kernel-write", "write-text", "write-rodata", "exec-data",
    "exec-heap", "exec-stack", "udf", "align", "stack", "thread-stack", "svc1", "badsys", "hvc", "smc",
    "brk", "sysreg", "use-after-unmap", "write-after-protect", "thread-fault",
    "fp-kernel", "fp-unmapped", "fp-odd", "fp-loop",
};

int main(void)
{
    /* Warm up: the heap and stdio of this process reach their steady size before any measurement. */
    ut_known_bugs();
    vg_pid_t pid;
    int code = -2;
    enum vg_task_end how = 9;
    uint64_t free0 = ut_free_bytes();
    rc_t rc = ut_child("exit", "0", 0, &pid);
    if (rc == rcOk)
        rc = ut_wait(pid, 10 * UT_SEC, &code, &how);
    UT_EXPECT("child_exit_0", rc == rcOk && how == VG_TASK_EXITED && code == 0, "%s, %s, code %d",
              rc_name(rc), ut_how(how), code);
    free0 = ut_free_bytes();
    rc = ut_child("exit", "42", 0, &pid);
    if (rc == rcOk)
        rc = ut_wait(pid, 10 * UT_SEC, &code, &how);
    uint64_t free1 = ut_free_bytes();
    UT_EXPECT("child_exit_42", rc == rcOk && how == VG_TASK_EXITED && code == 42 && free1 == free0,
              "%s, %s, code %d, free %llu -> %llu", rc_name(rc), ut_how(how), code,
              (unsigned long long)free0, (unsigned long long)free1);

    uint64_t used0 = ut_used_bytes();
    for (unsigned i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        char name[64];
        snprintf(name, sizeof name, "fault_%s", modes[i]);
        code = -2;
        how = 9;
        free0 = ut_free_bytes();
        rc = ut_child(modes[i], 0, 0, &pid);
        if (rc == rcOk)
            rc = ut_wait(pid, 10 * UT_SEC, &code, &how);
        free1 = ut_free_bytes();
        UT_EXPECT(name, rc == rcOk && how == VG_TASK_FAULTED && code == -1 && free1 == free0,
                  "%s, %s, code %d, free %llu -> %llu", rc_name(rc), ut_how(how), code,
                  (unsigned long long)free0, (unsigned long long)free1);
    }
    uint64_t used1 = ut_used_bytes();
    UT_EXPECT("parent_unchanged", used1 == used0, "parent's used bytes %llu -> %llu", (unsigned long long)used0,
              (unsigned long long)used1);

    /* Faults one after another in several live processes at once: each ends alone. */
    vg_pid_t p[4];
    int started = 0;
    free0 = ut_free_bytes();
    const char *const burst[4] = { "null", "udf", "align", "brk" };
    for (int i = 0; i < 4; i++)
        started += ut_child(burst[i], 0, 0, &p[i]) == rcOk;
    int faulted = 0;
    for (int i = 0; i < started; i++)
        faulted += ut_wait(p[i], 10 * UT_SEC, &code, &how) == rcOk && how == VG_TASK_FAULTED;
    free1 = ut_free_bytes();
    UT_EXPECT("fault_burst", started == 4 && faulted == 4 && free1 == free0, "%d started, %d faulted, free %llu -> %llu",
              started, faulted, (unsigned long long)free0, (unsigned long long)free1);

    printf("t_faults: %d failed\n", check_failures);
    return check_failures;
}
