/* Monotonic time in nanoseconds since boot, and one-shot timer events: the generic timer is programmed
 * for the earliest pending event only (no periodic tick). Events are caller-owned (no allocation). */
#ifndef KERNEL_CLOCK_H
#define KERNEL_CLOCK_H

#include <stdint.h>
#include <stdbool.h>

#include "arch.h"

struct timer_event {
    uint64_t deadline_ns;
    void (*fn)(struct timer_event *ev);
    struct timer_event *next;
    bool armed;
};

void clock_init(void);
uint64_t clock_ns_to_ticks(uint64_t ns);

/* When the counter's period is a whole number k of nanoseconds (62.5 MHz: 16), a tick count converts
 * with one multiplication (clock.c explains why that is exact); 0: not whole, the division in
 * clock_ticks_to_ns_split. Set by clock_init. Inline: time.Now is the null kernel call. */
extern uint64_t clock_ns_per_tick;
uint64_t clock_ticks_to_ns_split(uint64_t ticks);

static inline uint64_t clock_ticks_to_ns(uint64_t ticks)
{
    return clock_ns_per_tick ? ticks * clock_ns_per_tick : clock_ticks_to_ns_split(ticks);
}

static inline uint64_t clock_now_ns(void) { return clock_ticks_to_ns(arch_counter_now()); }

/* Arms ev to run fn(ev) from the timer interrupt once clock_now_ns() >= deadline_ns (re-arming an armed
 * event moves it). Callable with interrupts enabled; the list is protected by masking IRQs. */
void timer_event_arm(struct timer_event *ev, uint64_t deadline_ns, void (*fn)(struct timer_event *ev));
void timer_event_cancel(struct timer_event *ev);

#endif
