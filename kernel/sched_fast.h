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

extern uint32_t sched_runq_bitmap; /* bit p: a thread of priority p is ready */
extern bool sched_need_resched;

static inline bool sched_fast_switch_ok(const struct thread *to)
{
    return !sched_need_resched && (sched_runq_bitmap >> to->prio) == 0;
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
    while (*p && (*p)->prio >= t->prio)
        p = &(*p)->next;
    t->next = *p;
    *p = t;
    t->waiting_on = q;
}

#endif
