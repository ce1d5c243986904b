/* In-guest tests of time and interrupts: the one-shot timer fires exactly once, no earlier than asked;
 * the clock is monotonic; the GIC in use is the one the DTB describes. */
#include <stdint.h>
#include "kernel/ktest.h"
#include "kernel/arch.h"
#include "kernel/clock.h"
#include "kernel/platform.h"
#include "kernel/machine.h"

static volatile int fired;
static volatile uint64_t fired_at;

static void on_fire(struct timer_event *ev)
{
    (void)ev;
    fired++;
    fired_at = clock_now_ns();
}

static void nothing(struct timer_event *ev) { (void)ev; }

static void wait_until(uint64_t deadline_ns)
{
    while (clock_now_ns() < deadline_ns)
        arch_idle(); /* the timer interrupt wakes us */
}

KTEST(oneshot_timer_fires_once)
{
    static struct timer_event ev;
    static struct timer_event guard; /* keeps an interrupt coming after ev so the idle loop wakes */
    fired = 0;
    uint64_t start = clock_now_ns();
    timer_event_arm(&guard, start + 20000000, nothing);
    timer_event_arm(&ev, start + 2000000, on_fire); /* 2 ms */
    wait_until(start + 2000000);
    while (fired == 0)
        arch_idle();
    KTEST_EQ(fired, 1);
    KTEST_CHECK(fired_at >= start + 2000000);
    wait_until(start + 10000000);                    /* 8 ms more: it must not fire again */
    KTEST_EQ(fired, 1);
    timer_event_cancel(&guard);
}

static int order[3];
static volatile int n;
static void fa(struct timer_event *e) { (void)e; order[n++] = 1; }
static void fb(struct timer_event *e) { (void)e; order[n++] = 2; }
static void fc(struct timer_event *e) { (void)e; order[n++] = 3; }

KTEST(timer_events_fire_in_deadline_order)
{
    static struct timer_event a, b, c;
    n = 0;
    /* Armed with interrupts masked: a host that stalls the guest between two arms cannot let c fire
     * before a is armed; once unmasked, whatever is due fires in deadline order. */
    uint64_t flags = arch_irq_save();
    uint64_t now = clock_now_ns();
    timer_event_arm(&c, now + 3000000, fc);
    timer_event_arm(&a, now + 1000000, fa);
    timer_event_arm(&b, now + 2000000, fb);
    arch_irq_restore(flags);
    while (n < 3)
        arch_idle();
    KTEST_EQ(order[0], 1);
    KTEST_EQ(order[1], 2);
    KTEST_EQ(order[2], 3);
}

static volatile int later_fired;
static void fl(struct timer_event *e) { (void)e; later_fired = 1; }

KTEST(cancelled_event_does_not_fire)
{
    static struct timer_event ev, later;
    fired = 0;
    uint64_t now = clock_now_ns();
    timer_event_arm(&ev, now + 1000000, on_fire);
    timer_event_cancel(&ev);
    later_fired = 0;
    timer_event_arm(&later, now + 3000000, fl);
    while (!later_fired)
        arch_idle();
    KTEST_EQ(fired, 0);
}

KTEST(clock_is_monotonic)
{
    uint64_t prev = clock_now_ns();
    for (int i = 0; i < 100000; i++) {
        uint64_t now = clock_now_ns();
        KTEST_CHECK(now >= prev);
        prev = now;
    }
    KTEST_CHECK(clock_now_ns() > 0);
}

KTEST(clock_conversions_round_trip)
{
    uint64_t f = arch_counter_freq();
    KTEST_CHECK(f > 0);
    KTEST_EQ(clock_ticks_to_ns(f), 1000000000ull);
    KTEST_CHECK(clock_ns_to_ticks(1) >= 1);                /* rounds up: never earlier than asked */
    KTEST_EQ(clock_ticks_to_ns(clock_ns_to_ticks(1000000)), 1000000);
}

/* The one-multiplication conversion (a whole number of nanoseconds per tick) answers what the split
 * one does, for small counts and huge ones (both wrap alike past 2^64 nanoseconds). */
KTEST(clock_ticks_to_ns_exact_everywhere)
{
    uint64_t f = arch_counter_freq();
    const uint64_t ticks[] = {0, 1, f - 1, f, f + 1, 12345678901ull, 1ull << 40, 1ull << 59, UINT64_MAX / 16,
                              UINT64_MAX / 16 + 1, UINT64_MAX / 3, UINT64_MAX};
    for (unsigned i = 0; i < sizeof ticks / sizeof ticks[0]; i++) {
        uint64_t t = ticks[i];
        uint64_t split = (t / f) * 1000000000ull + ((t % f) * 1000000000ull) / f;
        KTEST_EQ(clock_ticks_to_ns(t), split);
    }
}

KTEST(gic_matches_device_tree)
{
    const struct platform *p = platform_get();
    KTEST_EQ(arch_gic_version(), p->gic_version);
    KTEST_CHECK(arch_gic_version() == 2 || arch_gic_version() == 3);
}
