/* The scheduler as the IPC fastpath sees it (kernel/ipc_fast.c): whether a blocked thread may take
 * the CPU from the current one with nothing else to decide, and that switch without a kernel context
 * switch (the fastpath returns to the new thread's user registers itself). kernel/sched.c owns the
 * state; these are the few loads and stores of its slow path's handoff, for the one case the fastpath
 * takes: no ready thread at the new thread's priority or above (so no time slice to arm either) and
 * no preemption pending. */
#ifndef KERNEL_SCHED_FAST_H
#define KERNEL_SCHED_FAST_H

#include "thread.h"
#include "arch.h"

/* The run-queue bitmap (bit p: a thread of priority p is ready) and the pending preemption share one
 * word, so that the fastpath tests both with one load and a shift (need_resched sits above bit 31, where
 * a shift by a priority, at most 31, keeps it). kernel/sched.c uses the two names. */
union sched_fast_word {
    uint64_t both;
    struct {
        uint32_t runq_bitmap;
        uint32_t need_resched;
    } f;
};
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && THREAD_PRIOS <= 32, "runq_bitmap is the low word");
extern union sched_fast_word sched_fast;
#define sched_runq_bitmap (sched_fast.f.runq_bitmap)
#define sched_need_resched (sched_fast.f.need_resched)

static inline bool sched_fast_switch_ok(const struct thread *to)
{
    return (sched_fast.both >> to->prio) == 0;
}

/* prev (the current thread) blocks on no queue with no timeout; next, blocked on no queue, runs. */
static inline void sched_fast_switch(struct thread *prev, struct thread *next)
{
    prev->state = THREAD_BLOCKED;
    prev->wake_reason = rcOk;
    next->state = THREAD_RUNNING;
    sched_current = next;
    arch_aspace_activate(next->as);
    arch_fp_switch_out();
}

/* Inserts t into q by priority, as the slow path's wait queues are kept (kernel/sched.c). */
static inline void sched_fast_enqueue(struct wait_queue *q, struct thread *t)
{
    struct thread **p = &q->head;
    if (__builtin_expect(!*p, 1)) { /* the fastpath's case: the only thread waiting */
        t->next = 0;
        *p = t;
        t->waiting_on = q;
        return;
    }
    while (*p && (*p)->prio >= t->prio)
        p = &(*p)->next;
    t->next = *p;
    *p = t;
    t->waiting_on = q;
}

#endif
