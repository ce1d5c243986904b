/* Nanosecond clock over the architecture's counter and a sorted list of one-shot events. */
#include "clock.h"
#include "arch.h"

#define NSEC_PER_SEC 1000000000ull

static uint64_t freq;
static struct timer_event *pending; /* sorted by deadline */

/* When the counter's period is a whole number k of nanoseconds (62.5 MHz: 16), a tick count converts
 * with one multiplication: the split below is then k * (f * (t / f) + t % f) = k * t, modulo 2^64 as
 * well (0: not whole). */
uint64_t clock_ns_per_tick;

uint64_t clock_ticks_to_ns_split(uint64_t ticks)
{
    /* Split so that ticks * 1e9 cannot overflow for any uptime. */
    return (ticks / freq) * NSEC_PER_SEC + ((ticks % freq) * NSEC_PER_SEC) / freq;
}

uint64_t clock_ns_to_ticks(uint64_t ns)
{
    uint64_t t = (ns / NSEC_PER_SEC) * freq + ((ns % NSEC_PER_SEC) * freq + NSEC_PER_SEC - 1) / NSEC_PER_SEC;
    return t;
}


static void program(void);

static void fire(void)
{
    uint64_t now = clock_now_ns();
    while (pending && pending->deadline_ns <= now) {
        struct timer_event *ev = pending;
        pending = ev->next;
        ev->next = 0;
        ev->armed = false;
        ev->fn(ev);
        now = clock_now_ns();
    }
    program();
}

static void program(void)
{
    if (pending)
        arch_timer_set_deadline(clock_ns_to_ticks(pending->deadline_ns), fire);
    else
        arch_timer_cancel();
}

static void unlink(struct timer_event *ev)
{
    for (struct timer_event **p = &pending; *p; p = &(*p)->next) {
        if (*p == ev) {
            *p = ev->next;
            break;
        }
    }
    ev->next = 0;
    ev->armed = false;
}

void timer_event_arm(struct timer_event *ev, uint64_t deadline_ns, void (*fn)(struct timer_event *ev))
{
    uint64_t flags = arch_irq_save();
    if (ev->armed)
        unlink(ev);
    ev->deadline_ns = deadline_ns;
    ev->fn = fn;
    struct timer_event **p = &pending;
    while (*p && (*p)->deadline_ns <= deadline_ns)
        p = &(*p)->next;
    ev->next = *p;
    *p = ev;
    ev->armed = true;
    program();
    arch_irq_restore(flags);
}

void timer_event_cancel(struct timer_event *ev)
{
    uint64_t flags = arch_irq_save();
    if (ev->armed) {
        unlink(ev);
        program();
    }
    arch_irq_restore(flags);
}

void clock_init(void)
{
    freq = arch_counter_freq();
    clock_ns_per_tick = NSEC_PER_SEC % freq == 0 ? NSEC_PER_SEC / freq : 0;
}
