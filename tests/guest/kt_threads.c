/* In-guest tests of kernel threads and the scheduler. */
#include <stdint.h>
#include "kernel/ktest.h"
#include "kernel/arch.h"
#include "kernel/clock.h"
#include "kernel/pmem.h"
#include "kernel/thread.h"

static void ret_arg(void *arg) { thread_exit((int)(uintptr_t)arg); }

KTEST(hundred_threads_created_and_joined)
{
    static struct thread *t[100];
    uint64_t frames = pmem_free_frames();
    unsigned before = thread_count();
    for (int i = 0; i < 100; i++)
        KTEST_EQ(thread_create("t", THREAD_PRIO_NORMAL, ret_arg, (void *)(uintptr_t)i, &t[i]), rcOk);
    for (int i = 0; i < 100; i++) {
        int code = -1;
        KTEST_EQ(thread_join(t[i], UINT64_MAX, &code), rcOk);
        KTEST_EQ(code, i);
    }
    KTEST_EQ(thread_count(), before);
    KTEST_EQ(pmem_free_frames(), frames);
}

static volatile int log_buf[8];
static volatile int log_len;
static void record(int v) { log_buf[log_len++] = v; }

static void high_sleeper(void *arg)
{
    (void)arg;
    thread_sleep_ns(2000000);
    record(2); /* must come before the busy low-priority loop ends */
}

KTEST(woken_high_priority_thread_preempts_at_once)
{
    struct thread *hi;
    log_len = 0;
    KTEST_EQ(thread_create("hi", THREAD_PRIO_NORMAL + 5, high_sleeper, 0, &hi), rcOk);
    record(1);
    uint64_t end = clock_now_ns() + 20000000; /* busy for 20 ms at normal priority */
    while (clock_now_ns() < end)
        ;
    record(3);
    KTEST_EQ(thread_join(hi, UINT64_MAX, 0), rcOk);
    KTEST_EQ(log_len, 3);
    KTEST_EQ(log_buf[0], 1);
    KTEST_EQ(log_buf[1], 2);
    KTEST_EQ(log_buf[2], 3);
}

static volatile uint64_t spins[3];
static volatile int stop_spinning;

static void spinner(void *arg)
{
    int i = (int)(uintptr_t)arg;
    arch_irq_enable(); /* preemptible: only the time slice takes the CPU away */
    while (!stop_spinning)
        spins[i]++;
}

KTEST(round_robin_is_fair_among_equal_priorities)
{
    struct thread *t[3];
    stop_spinning = 0;
    for (int i = 0; i < 3; i++) {
        spins[i] = 0;
        KTEST_EQ(thread_create("spin", THREAD_PRIO_NORMAL - 1, spinner, (void *)(uintptr_t)i, &t[i]), rcOk);
    }
    thread_sleep_ns(300000000); /* 300 ms: about 10 slices each */
    stop_spinning = 1;
    for (int i = 0; i < 3; i++)
        KTEST_EQ(thread_join(t[i], UINT64_MAX, 0), rcOk);
    uint64_t lo = spins[0], hi = spins[0];
    for (int i = 1; i < 3; i++) {
        lo = spins[i] < lo ? spins[i] : lo;
        hi = spins[i] > hi ? spins[i] : hi;
    }
    KTEST_CHECK(lo > 0);
    KTEST_EXPECT(hi <= lo * 2, "unfair: %llu vs %llu", (unsigned long long)lo, (unsigned long long)hi);
}

KTEST(sleep_wakes_no_earlier_than_asked)
{
    static const uint64_t waits[] = {1, 1000, 1000000, 5000000, 12345678};
    for (unsigned i = 0; i < sizeof waits / sizeof waits[0]; i++) {
        uint64_t start = clock_now_ns();
        thread_sleep_ns(waits[i]);
        KTEST_CHECK(clock_now_ns() - start >= waits[i]);
    }
}

static void sleep_long(void *arg)
{
    (void)arg;
    thread_sleep_ns(50000000);
    thread_exit(7);
}

KTEST(join_with_timeout)
{
    struct thread *t;
    int code = 0;
    KTEST_EQ(thread_create("slow", THREAD_PRIO_NORMAL, sleep_long, 0, &t), rcOk);
    KTEST_EQ(thread_join(t, 1000000, &code), rcTimeout);
    KTEST_EQ(thread_join(t, UINT64_MAX, &code), rcOk);
    KTEST_EQ(code, 7);
}

KTEST(bad_thread_arguments)
{
    struct thread *t;
    KTEST_EQ(thread_create("bad", 32, ret_arg, 0, &t), rcInvalidArgument);
    KTEST_EQ(thread_create("bad", -1, ret_arg, 0, &t), rcInvalidArgument);
    KTEST_EQ(thread_create("bad", 1, 0, 0, &t), rcInvalidArgument);
    KTEST_EQ(thread_join(thread_current(), 0, 0), rcInvalidArgument);
}

static void blocker(void *arg)
{
    struct wait_queue *q = arg;
    sched_block(q, UINT64_MAX);
}

KTEST(wait_queue_wakes_by_priority_then_arrival)
{
    static struct wait_queue q;
    struct thread *a, *b, *c;
    KTEST_EQ(thread_create("a", THREAD_PRIO_NORMAL + 1, blocker, &q, &a), rcOk);
    KTEST_EQ(thread_create("b", THREAD_PRIO_NORMAL + 3, blocker, &q, &b), rcOk);
    KTEST_EQ(thread_create("c", THREAD_PRIO_NORMAL + 1, blocker, &q, &c), rcOk);
    /* all three ran (higher priority) and blocked */
    KTEST_CHECK(q.head == b);
    KTEST_CHECK(b->next == a);
    KTEST_CHECK(a->next == c);
    uint64_t f = arch_irq_save();
    wait_queue_wake_all(&q);
    arch_irq_restore(f);
    KTEST_EQ(thread_join(a, UINT64_MAX, 0), rcOk);
    KTEST_EQ(thread_join(b, UINT64_MAX, 0), rcOk);
    KTEST_EQ(thread_join(c, UINT64_MAX, 0), rcOk);
}

static volatile int rr_ran;
static void rr_mark(void *arg)
{
    (void)arg;
    rr_ran = 1;
}

/* A thread made ready at the running thread's own priority (here by its creation) must get the CPU
 * within a time slice even though the running one never blocks or yields: make_ready arms the slice
 * when no other thread of that priority was ready at the last switch (switch_to armed nothing). */
KTEST(thread_made_ready_at_own_priority_gets_a_slice)
{
    struct thread *t;
    rr_ran = 0;
    /* A slice armed by an earlier test would preempt us whatever make_ready does: let it expire first
     * (only the idle thread runs meanwhile, and switching to it or back from it arms none). */
    thread_sleep_ns(3 * THREAD_SLICE_NS);
    KTEST_EQ(thread_create("rr", thread_current()->prio, rr_mark, 0, &t), rcOk);
    int before = rr_ran;
    /* The bound only ends the wait of a broken scheduler: a working one lets the thread run after one
     * slice (10 ms) of this loop. */
    uint64_t end = clock_now_ns() + 200 * THREAD_SLICE_NS;
    while (!rr_ran && clock_now_ns() < end)
        ;
    int during = rr_ran;
    KTEST_EQ(thread_join(t, UINT64_MAX, 0), rcOk);
    KTEST_EQ(before, 0);
    KTEST_EXPECT(during, "the new thread of equal priority never ran while this one spun for 2 s");
}

static struct wait_queue huge_q;
static volatile rc_t huge_rc;
static void huge_waiter(void *arg)
{
    huge_rc = sched_block(&huge_q, (uint64_t)(uintptr_t)arg);
}

/* A timeout so large that now + timeout overflows means "practically never", not a deadline in the
 * past: the waiter stays blocked until it is woken (rcOk), it does not time out at once. */
KTEST(huge_timeout_does_not_expire_at_once)
{
    static const uint64_t huge[] = {UINT64_MAX - 1, UINT64_MAX - 1000}; /* the clock is past 1000 ns */
    for (unsigned i = 0; i < sizeof huge / sizeof huge[0]; i++) {
        struct thread *t;
        huge_rc = rcInternalError;
        /* Higher than us: it runs at once and blocks before thread_create returns. */
        KTEST_EQ(thread_create("huge", thread_current()->prio + 1, huge_waiter, (void *)(uintptr_t)huge[i], &t),
                 rcOk);
        /* A deadline that wrapped to the past fires before this sleep's own deadline. */
        thread_sleep_ns(2000000);
        int blocked = t->state == THREAD_BLOCKED && t->waiting_on == &huge_q;
        uint64_t f = arch_irq_save();
        wait_queue_wake_all(&huge_q);
        arch_irq_restore(f);
        KTEST_EQ(thread_join(t, UINT64_MAX, 0), rcOk);
        KTEST_EXPECT(blocked && huge_rc == rcOk, "timeout 0x%llx: still blocked %d, woken with %d",
                     (unsigned long long)huge[i], blocked, (int)huge_rc);
    }
}

/* A waiter whose priority changes moves to its new place in the queue (priority, then arrival), so a
 * wake of the queue's head wakes the highest waiter. */
KTEST(priority_change_moves_a_waiter_in_its_queue)
{
    static struct wait_queue q;
    struct thread *a, *b, *c;
    KTEST_EQ(thread_create("a", THREAD_PRIO_NORMAL + 1, blocker, &q, &a), rcOk);
    KTEST_EQ(thread_create("b", THREAD_PRIO_NORMAL + 3, blocker, &q, &b), rcOk);
    KTEST_EQ(thread_create("c", THREAD_PRIO_NORMAL + 1, blocker, &q, &c), rcOk);
    KTEST_CHECK(q.head == b && b->next == a && a->next == c);
    KTEST_EQ(thread_set_priority(c, THREAD_PRIO_NORMAL + 5), rcOk); /* up: to the front */
    KTEST_EQ(thread_set_priority(b, THREAD_PRIO_NORMAL + 1), rcOk); /* down: after a, which came first */
    int order_ok = q.head == c && c->next == a && a->next == b && !b->next;
    uint64_t f = arch_irq_save();
    wait_queue_wake_all(&q);
    arch_irq_restore(f);
    KTEST_EQ(thread_join(a, UINT64_MAX, 0), rcOk);
    KTEST_EQ(thread_join(b, UINT64_MAX, 0), rcOk);
    KTEST_EQ(thread_join(c, UINT64_MAX, 0), rcOk);
    KTEST_EXPECT(order_ok, "the queue is not c, a, b after the priority changes");
}
