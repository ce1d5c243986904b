/* t_isolation (init of the user-isolation image): address spaces are private. A t_child "owner" (B)
 * maps page OWNER_VA, fills it and its global g_word from a pattern and checks them every millisecond;
 * other t_child processes (A) then read the same virtual addresses: unmapped in A, the read faults and
 * A is ended (how = faulted) while B runs on with its data intact; mapped in A, A sees its own data.
 * A read of a kernel address faults too. The parent runs at a lower priority than its children while
 * they set up, so each child has done its part when vg_task_start returns. Processes are private too:
 * a sibling cannot wait for, kill, resume or create channels for another. */
#include <string.h>
#include "../t_common/ut.h"

#define OWNER_VA "2000000000"
#define PATTERN "b0b0cafe12345678"

/* B must still be running (not ended by a fault or by seeing its data change). */
static int still_running(vg_pid_t pid)
{
    return vg_task_wait(pid, 0, 0, 0) == rcTimeout;
}

static void reader_case(const char *name, vg_pid_t owner, const char *mode, const char *a1, const char *a2,
                        enum vg_task_end want_how, int want_code)
{
    uint64_t free0 = ut_free_bytes();
    vg_pid_t pid;
    int code = -2;
    enum vg_task_end how = 9;
    rc_t rc = ut_child(mode, a1, a2, &pid);
    if (rc == rcOk)
        rc = ut_wait(pid, 10 * UT_SEC, &code, &how);
    vg_thread_sleep(5 * UT_MS);   /* B wakes every ms and checks its data */
    uint64_t free1 = ut_free_bytes();
    int alive = still_running(owner);
    UT_EXPECT(name, rc == rcOk && how == want_how && code == want_code && alive && free1 == free0,
              "%s, %s, code %d (want %s, %d); owner %s; free %llu -> %llu", rc_name(rc), ut_how(how), code,
              ut_how(want_how), want_code, alive ? "running" : "ended", (unsigned long long)free0,
              (unsigned long long)free1);
}

/* Only the parent may wait for, kill or resume a process, or create channels for it: a sibling that
 * knows the pids (they are no secret: small integers, here even given in argv) gets rcResourceNotFound
 * for each, and the siblings are untouched: the blocked one still runs, the suspended one still
 * waits and then runs when its parent resumes it. */
static void sibling_case(void)
{
    uint64_t free0 = ut_free_bytes();
    vg_pid_t running = 0, suspended = 0, intruder = 0;
    const char *exit5[] = { "TChild", "exit", "5", NULL };
    rc_t r1 = ut_child("block", 0, 0, &running);
    rc_t r2 = vg_task_start_ex("TChild", exit5, NULL, VG_TASK_SUSPENDED, &suspended);
    char a[16], b[16];
    snprintf(a, sizeof a, "%u", (unsigned)running);
    snprintf(b, sizeof b, "%u", (unsigned)suspended);
    int code = -2, scode = -2;
    enum vg_task_end how = 9;
    rc_t r3 = r1 == rcOk && r2 == rcOk ? ut_child("not-parent", a, b, &intruder) : rcInternalError;
    if (r3 == rcOk)
        r3 = ut_wait(intruder, 10 * UT_SEC, &code, &how);
    int run_alive = r1 == rcOk && still_running(running);
    int still_suspended = r2 == rcOk && still_running(suspended);
    rc_t rrc = r2 == rcOk ? vg_task_resume(suspended) : r2;
    rc_t swrc = rrc == rcOk ? ut_wait(suspended, 10 * UT_SEC, &scode, 0) : rrc;
    if (r1 == rcOk && vg_task_kill(running) == rcOk)
        ut_wait(running, 10 * UT_SEC, 0, 0);
    uint64_t free1 = ut_free_bytes();
    UT_EXPECT("sibling_cannot_wait_kill_resume_or_connect", r3 == rcOk && how == VG_TASK_EXITED && code == 0 &&
              run_alive && still_suspended && swrc == rcOk && scode == 5 && free1 == free0,
              "intruder %s, %s, code 0x%x (a bit per call not refused); blocked sibling %s, suspended one %s, "
              "resumed by its parent: %s code %d; free %llu -> %llu", rc_name(r3), ut_how(how), (unsigned)code,
              run_alive ? "running" : "ended", still_suspended ? "waiting" : "ended", rc_name(swrc), scode,
              (unsigned long long)free0, (unsigned long long)free1);
}

int main(void)
{
    ut_known_bugs();
    uint64_t free_start = ut_free_bytes();
    unsigned old;
    vg_thread_set_priority(0, VG_PRIORITY_NORMAL - 1, &old);

    vg_pid_t owner;
    rc_t rc = ut_child("owner", OWNER_VA, PATTERN, &owner);
    UT_EXPECT("owner_started", rc == rcOk && still_running(owner), "%s", rc_name(rc));
    if (rc != rcOk) {
        printf("t_isolation: %d failed\n", check_failures);
        return 1;
    }
    reader_case("read_other_process_page_faults", owner, "reader", OWNER_VA, PATTERN, VG_TASK_FAULTED, -1);
    reader_case("same_va_mapped_sees_own_data", owner, "reader-own", OWNER_VA, PATTERN, VG_TASK_EXITED, 0);
    reader_case("read_kernel_address_faults", owner, "kernel-read", 0, 0, VG_TASK_FAULTED, -1);
    reader_case("write_kernel_address_faults", owner, "kernel-write", 0, 0, VG_TASK_FAULTED, -1);

    /* B has checked its data every millisecond all along; it exits 1 at the first change. */
    int code = -2;
    enum vg_task_end how = 9;
    int alive = still_running(owner);
    rc = vg_task_kill(owner);
    rc_t wrc = ut_wait(owner, 10 * UT_SEC, &code, &how);
    UT_EXPECT("owner_ran_on_intact", alive && rc == rcOk && wrc == rcOk && how == VG_TASK_KILLED && code == -1,
              "owner %s; kill %s, wait %s: %s, code %d", alive ? "running" : "ended", rc_name(rc), rc_name(wrc),
              ut_how(how), code);
    vg_thread_set_priority(0, old, 0);

    /* Two processes at once, same virtual addresses (g_word in .data, a page at the same hint), each
     * with its own pattern, switching often: each must only ever see its own. */
    vg_pid_t p1, p2;
    int c1 = -2, c2 = -2;
    enum vg_task_end h1 = 9, h2 = 9;
    rc_t r1 = ut_child("same-va", "1111111111111111", "3000000000", &p1);
    rc_t r2 = ut_child("same-va", "2222222222222222", "3000000000", &p2);
    if (r1 == rcOk)
        r1 = ut_wait(p1, 10 * UT_SEC, &c1, &h1);
    if (r2 == rcOk)
        r2 = ut_wait(p2, 10 * UT_SEC, &c2, &h2);
    UT_EXPECT("two_processes_same_va", r1 == rcOk && r2 == rcOk && h1 == VG_TASK_EXITED && h2 == VG_TASK_EXITED &&
              c1 == 0 && c2 == 0, "%s %s code %d, %s %s code %d", rc_name(r1), ut_how(h1), c1, rc_name(r2),
              ut_how(h2), c2);

    sibling_case();

    uint64_t free_end = ut_free_bytes();
    UT_EXPECT("memory_back", free_end == free_start, "free %llu -> %llu", (unsigned long long)free_start,
              (unsigned long long)free_end);
    printf("t_isolation: %d failed\n", check_failures);
    return check_failures;
}
