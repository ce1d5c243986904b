/* t_sched (init of the user-sched image): the scheduler seen from user space. Priority preemption
 * (a higher-priority thread made ready by a futex wake, a timer or a priority change runs before the
 * waker's next instruction; a thread spinning at a lower level gets no CPU), round robin among equal
 * priorities, yield order, sleeps and timeouts that never end early, and processes that end while
 * their threads are blocked. */
#include <stdatomic.h>
#include <string.h>
#include "../t_common/ut.h"

static volatile uint32_t go;
static volatile int high_ran;

static int high_waiter(void *arg)
{
    (void)arg;
    while (!go)
        vg_futex_wait(&go, 0, VG_INFINITE);
    high_ran = 1;
    return 0;
}

static void preempt_on_futex_wake(void)
{
    vg_thread_t *t;
    go = 0;
    high_ran = 0;
    rc_t rc = vg_thread_create(&t, high_waiter, 0, VG_PRIORITY_NORMAL + 5, 0);
    int ran_before = high_ran;   /* it has run and blocked: it is higher and was ready */
    go = 1;
    vg_futex_wake(&go, 1, 0);
    int ran_after = high_ran;    /* read right after the wake returned, without yielding */
    vg_thread_join(t, VG_INFINITE, 0);
    UT_EXPECT("preempt_on_futex_wake", rc == rcOk && !ran_before && ran_after, "%s, ran before wake %d, after %d",
              rc_name(rc), ran_before, ran_after);
}

static volatile uint64_t woke_at;

static int high_sleeper(void *arg)
{
    vg_thread_sleep((uint64_t)(uintptr_t)arg);
    woke_at = ut_now();
    high_ran = 1;
    return 0;
}

/* The main thread spins without a system call; only the timer interrupt can let the sleeper run. */
static void preempt_on_timer_wake(void)
{
    vg_thread_t *t;
    high_ran = 0;
    woke_at = 0;
    uint64_t t0 = ut_now();
    rc_t rc = vg_thread_create(&t, high_sleeper, (void *)(uintptr_t)(5 * UT_MS), VG_PRIORITY_NORMAL + 5, 0);
    unsigned long spins = 0;
    while (!high_ran && spins < 400000000ul)
        spins++;
    int seen = high_ran;
    vg_thread_join(t, VG_INFINITE, 0);
    UT_EXPECT("preempt_on_timer_wake", rc == rcOk && seen && woke_at >= t0 + 5 * UT_MS,
              "%s, spinner saw the sleeper run: %d after %lu spins, woke %lld ns after start", rc_name(rc), seen,
              spins, (long long)(woke_at - t0));
}

static volatile int low_ran;

static int low_thread(void *arg)
{
    (void)arg;
    low_ran = 1;
    return 0;
}

static void set_priority_at_once(void)
{
    vg_thread_t *t;
    low_ran = 0;
    rc_t rc = vg_thread_create(&t, low_thread, 0, VG_PRIORITY_NORMAL - 5, 0);
    int before = low_ran;
    unsigned old = 99;
    rc_t prc = vg_thread_set_priority(vg_thread_tid(t), VG_PRIORITY_NORMAL + 5, &old);
    int after = low_ran;
    vg_thread_join(t, VG_INFINITE, 0);
    UT_EXPECT("set_priority_preempts_at_once", rc == rcOk && prc == rcOk && old == VG_PRIORITY_NORMAL - 5 &&
              !before && after, "%s/%s, old %u, ran before %d, after %d", rc_name(rc), rc_name(prc), old,
              before, after);
}

static volatile int stop;
static volatile unsigned long counters[4];

static int spinner(void *arg)
{
    int i = (int)(intptr_t)arg;
    while (!stop)
        counters[i]++;
    return 0;
}

/* Three spinners at one priority for 300 ms: each gets a fair share (10 ms slices). */
static void round_robin(void)
{
    vg_thread_t *t[3];
    stop = 0;
    memset((void *)counters, 0, sizeof counters);
    unsigned old;
    vg_thread_set_priority(0, VG_PRIORITY_NORMAL + 5, &old);
    int created = 0;
    for (int i = 0; i < 3; i++)
        created += vg_thread_create(&t[i], spinner, (void *)(intptr_t)i, VG_PRIORITY_NORMAL, 0) == rcOk;
    vg_thread_sleep(300 * UT_MS);
    stop = 1;
    for (int i = 0; i < created; i++)
        vg_thread_join(t[i], VG_INFINITE, 0);
    vg_thread_set_priority(0, old, 0);
    unsigned long lo = counters[0], hi = counters[0];
    for (int i = 1; i < 3; i++) {
        lo = counters[i] < lo ? counters[i] : lo;
        hi = counters[i] > hi ? counters[i] : hi;
    }
    UT_EXPECT("round_robin_fair", created == 3 && lo > 0 && lo * 4 >= hi, "counts %lu %lu %lu", counters[0],
              counters[1], counters[2]);
}

/* A spinner at 15 starves one at 10 for as long as it spins. */
static void strict_priority(void)
{
    vg_thread_t *hi, *lo;
    stop = 0;
    memset((void *)counters, 0, sizeof counters);
    unsigned old;
    vg_thread_set_priority(0, VG_PRIORITY_NORMAL + 5, &old);
    rc_t r1 = vg_thread_create(&lo, spinner, (void *)1, VG_PRIORITY_NORMAL - 5, 0);
    rc_t r2 = vg_thread_create(&hi, spinner, (void *)0, VG_PRIORITY_NORMAL, 0);
    vg_thread_sleep(50 * UT_MS);
    unsigned long low_count = counters[1], high_count = counters[0];
    stop = 1;
    vg_thread_join(hi, VG_INFINITE, 0);
    vg_thread_join(lo, VG_INFINITE, 0);
    vg_thread_set_priority(0, old, 0);
    UT_EXPECT("strict_priority", r1 == rcOk && r2 == rcOk && high_count > 0 && low_count == 0,
              "high spun %lu, low spun %lu", high_count, low_count);
}

static volatile char order[64];
static atomic_int order_len;

static int yielder(void *arg)
{
    char id = (char)(intptr_t)arg;
    for (int i = 0; i < 10; i++) {
        int n = atomic_fetch_add(&order_len, 1);
        if (n < 64)
            order[n] = id;
        vg_thread_yield();
    }
    return 0;
}

/* Two threads that yield after each step alternate strictly (the main thread is blocked in join). */
static void yield_alternates(void)
{
    vg_thread_t *a, *b;
    atomic_store(&order_len, 0);
    unsigned old;
    vg_thread_set_priority(0, VG_PRIORITY_NORMAL + 5, &old);
    vg_thread_create(&a, yielder, (void *)'a', VG_PRIORITY_NORMAL, 0);
    vg_thread_create(&b, yielder, (void *)'b', VG_PRIORITY_NORMAL, 0);
    vg_thread_set_priority(0, old, 0);
    vg_thread_join(a, VG_INFINITE, 0);
    vg_thread_join(b, VG_INFINITE, 0);
    int n = atomic_load(&order_len), alternating = n == 20;
    for (int i = 1; i < n && i < 64; i++)
        alternating &= order[i] != order[i - 1];
    char s[65] = { 0 };
    memcpy(s, (const void *)order, n < 64 ? n : 64);
    UT_EXPECT("yield_alternates", alternating, "order %s", s);
}

static void sleeps_not_early(void)
{
    static const uint64_t ns[] = { 1, 1000, 100000, 1000000, 2500000, 10000000, 25000000 };
    int bad = 0;
    for (unsigned i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        uint64_t t0 = ut_now();
        vg_thread_sleep(ns[i]);
        uint64_t d = ut_now() - t0;
        if (d < ns[i]) {
            printf("sleep(%llu) returned after %llu ns\n", (unsigned long long)ns[i], (unsigned long long)d);
            bad++;
        }
    }
    UT_EXPECT("sleep_not_early", !bad, "%d sleeps ended early", bad);

    static volatile uint32_t word;
    uint64_t t0 = ut_now();
    rc_t rc = vg_futex_wait(&word, 0, 3 * UT_MS);
    uint64_t d = ut_now() - t0;
    UT_EXPECT("futex_timeout_not_early", rc == rcTimeout && d >= 3 * UT_MS, "%s after %llu ns", rc_name(rc),
              (unsigned long long)d);

    vg_thread_t *t;
    go = 0;
    vg_thread_create(&t, high_waiter, 0, VG_PRIORITY_NORMAL, 0);
    t0 = ut_now();
    rc = vg_thread_join(t, 4 * UT_MS, 0);
    d = ut_now() - t0;
    UT_EXPECT("join_timeout_not_early", rc == rcTimeout && d >= 4 * UT_MS, "%s after %llu ns", rc_name(rc),
              (unsigned long long)d);
    go = 1;
    vg_futex_wake(&go, 1, 0);
    vg_thread_join(t, VG_INFINITE, 0);

    vg_pid_t pid;
    rc = ut_child("block", 0, 0, &pid);
    t0 = ut_now();
    rc_t wrc = vg_task_wait(pid, 6 * UT_MS, 0, 0);
    d = ut_now() - t0;
    vg_task_kill(pid);
    vg_task_wait(pid, VG_INFINITE, 0, 0);
    UT_EXPECT("task_wait_timeout_not_early", rc == rcOk && wrc == rcTimeout && d >= 6 * UT_MS,
              "%s/%s after %llu ns", rc_name(rc), rc_name(wrc), (unsigned long long)d);
}

static void child_case(const char *name, const char *mode, int kill_after_ms, enum vg_task_end want_how,
                       int want_code)
{
    uint64_t free0 = ut_free_bytes();
    vg_pid_t pid;
    int code = -2;
    enum vg_task_end how = 9;
    rc_t krc = rcOk, rc = ut_child(mode, 0, 0, &pid);
    if (rc == rcOk && kill_after_ms) {
        vg_thread_sleep(kill_after_ms * UT_MS);
        krc = vg_task_kill(pid);
    }
    if (rc == rcOk)
        rc = ut_wait(pid, 10 * UT_SEC, &code, &how);
    uint64_t free1 = ut_free_bytes();
    UT_EXPECT(name, rc == rcOk && krc == rcOk && how == want_how && code == want_code && free1 == free0,
              "%s (kill %s), %s, code %d; free %llu -> %llu", rc_name(rc), rc_name(krc), ut_how(how), code,
              (unsigned long long)free0, (unsigned long long)free1);
}

int main(void)
{
    ut_known_bugs();
    preempt_on_futex_wake();
    preempt_on_timer_wake();
    set_priority_at_once();
    strict_priority();
    round_robin();
    yield_alternates();
    sleeps_not_early();
    child_case("exit_while_threads_blocked", "blocked-exit", 0, VG_TASK_EXITED, 7);
    child_case("kill_while_threads_blocked", "blocked-kill", 30, VG_TASK_KILLED, -1);
    child_case("last_thread_exit_ends_process", "last-thread", 0, VG_TASK_EXITED, 9);
    printf("t_sched: %d failed\n", check_failures);
    return check_failures;
}
