/* Run queues, blocking, waking and the switch. One FIFO queue per priority and a bitmap of non-empty
 * queues, so picking the next thread is a count-leading-zeros and a dequeue. */
#include "thread.h"
#include "panic.h"
#include "ipc.h"
#include "sched_fast.h"

static struct thread *runq_head[THREAD_PRIOS], *runq_tail[THREAD_PRIOS];
union sched_fast_word sched_fast; /* the run-queue bitmap and need_resched (kernel/sched_fast.h) */
static struct thread *idle;
static struct timer_event slice_timer;

struct thread *sched_current;

static void runq_push(struct thread *t)
{
    t->state = THREAD_READY;
    t->next = 0;
    if (runq_tail[t->prio])
        runq_tail[t->prio]->next = t;
    else
        runq_head[t->prio] = t;
    runq_tail[t->prio] = t;
    sched_runq_bitmap |= 1u << t->prio;
}

static struct thread *runq_pop(void)
{
    if (!sched_runq_bitmap)
        return idle;
    int prio = 31 - __builtin_clz(sched_runq_bitmap);
    struct thread *t = runq_head[prio];
    runq_head[prio] = t->next;
    if (!runq_head[prio]) {
        runq_tail[prio] = 0;
        sched_runq_bitmap &= ~(1u << prio);
    }
    t->next = 0;
    return t;
}

static void runq_remove(struct thread *t)
{
    struct thread *prev = 0;
    for (struct thread *p = runq_head[t->prio]; p; prev = p, p = p->next) {
        if (p != t)
            continue;
        if (prev)
            prev->next = t->next;
        else
            runq_head[t->prio] = t->next;
        if (runq_tail[t->prio] == t)
            runq_tail[t->prio] = prev;
        if (!runq_head[t->prio])
            sched_runq_bitmap &= ~(1u << t->prio);
        t->next = 0;
        return;
    }
}

static void slice_expired(struct timer_event *ev)
{
    (void)ev;
    sched_need_resched = true;
}

static void switch_to(struct thread *prev, struct thread *next);

/* Switches to the best ready thread; the current one must already be queued or blocked. */
static void switch_away(void)
{
    struct thread *prev = sched_current;
    struct thread *next = runq_pop();
    sched_need_resched = false;
    if (next == prev) {
        prev->state = THREAD_RUNNING;
        return;
    }
    switch_to(prev, next);
}

static void switch_to(struct thread *prev, struct thread *next)
{
    next->state = THREAD_RUNNING;
    sched_current = next;
    if (next != idle)
        arch_aspace_activate(next->as); /* nothing to do when it is already the active one */
    arch_fp_switch_out();
    /* A time slice matters only when another thread of the same priority is ready to take over. */
    if (next != idle && runq_head[next->prio])
        timer_event_arm(&slice_timer, clock_now_ns() + THREAD_SLICE_NS, slice_expired);
    arch_context_switch(&prev->ctx, &next->ctx);
}

static void requeue_current(void)
{
    if (sched_current != idle && sched_current->state == THREAD_RUNNING)
        runq_push(sched_current);
}

void thread_yield(void)
{
    uint64_t flags = arch_irq_save();
    requeue_current();
    switch_away();
    arch_irq_restore(flags);
}

static unsigned no_preempt; /* inside sched_irq_window */

void sched_irq_window(void)
{
    no_preempt++;
    uint64_t flags = arch_irq_save();
    arch_irq_enable();
    arch_irq_disable();
    arch_irq_restore(flags);
    no_preempt--;
}

void sched_preempt_point(void)
{
    if (!sched_need_resched || no_preempt)
        return;
    uint64_t flags = arch_irq_save();
    requeue_current();
    switch_away();
    arch_irq_restore(flags);
}

static void make_ready(struct thread *t)
{
    runq_push(t);
    if (sched_current == idle || t->prio > sched_current->prio)
        sched_need_resched = true;
    else if (t->prio == sched_current->prio && !slice_timer.armed)
        timer_event_arm(&slice_timer, clock_now_ns() + THREAD_SLICE_NS, slice_expired); /* round robin */
}

static void wq_insert(struct wait_queue *q, struct thread *t)
{
    sched_fast_enqueue(q, t);
}

static void wq_remove(struct wait_queue *q, struct thread *t)
{
    for (struct thread **p = &q->head; *p; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            break;
        }
    }
    t->next = 0;
    t->waiting_on = 0;
}

static void wake(struct thread *t, rc_t reason)
{
    if (t->waiting_on)
        wq_remove(t->waiting_on, t);
    if (t->timeout.armed)
        timer_event_cancel(&t->timeout);
    t->wake_reason = reason;
    make_ready(t);
}

static void timeout_fired(struct timer_event *ev)
{
    struct thread *t = (struct thread *)((char *)ev - __builtin_offsetof(struct thread, timeout));
    if (t->state != THREAD_BLOCKED)
        return;
    ipc_wait_cancelled(t, rcTimeout); /* a timed-out Call or Recv is unlinked now, not when it runs */
    wake(t, rcTimeout);
}

static void block_current(struct wait_queue *q, uint64_t timeout_ns)
{
    struct thread *t = sched_current;
    if (t == idle)
        panic("the idle thread cannot block");
    t->state = THREAD_BLOCKED;
    t->wake_reason = rcOk;
    if (q)
        wq_insert(q, t);
    if (timeout_ns != UINT64_MAX) {
        uint64_t now = clock_now_ns();
        uint64_t deadline = now + timeout_ns < now ? UINT64_MAX - 1 : now + timeout_ns;
        timer_event_arm(&t->timeout, deadline, timeout_fired);
    }
}

rc_t sched_block(struct wait_queue *q, uint64_t timeout_ns)
{
    uint64_t flags = arch_irq_save();
    struct thread *t = sched_current;
    block_current(q, timeout_ns);
    switch_away();
    rc_t reason = t->wake_reason;
    arch_irq_restore(flags);
    return reason;
}

rc_t sched_block_handoff(struct wait_queue *q, uint64_t timeout_ns, struct thread *to)
{
    uint64_t flags = arch_irq_save();
    struct thread *t = sched_current;
    block_current(q, timeout_ns);
    if (to->state != THREAD_BLOCKED || to->waiting_on) {
        /* Not a thread waiting for this handoff (woken already, or waiting elsewhere): never run a
         * thread that is queued or running. */
        switch_away();
        rc_t reason = t->wake_reason;
        arch_irq_restore(flags);
        return reason;
    }
    /* `to` is blocked on no queue: it becomes runnable now, and runs at once unless a thread of
     * higher priority is ready (then it waits its turn like any woken thread). */
    if (to->timeout.armed)
        timer_event_cancel(&to->timeout);
    to->wake_reason = rcOk;
    if (sched_runq_bitmap && (31 - __builtin_clz(sched_runq_bitmap)) > to->prio) {
        runq_push(to);
        switch_away();
    } else {
        sched_need_resched = false;
        switch_to(t, to);
    }
    rc_t reason = t->wake_reason;
    arch_irq_restore(flags);
    return reason;
}

void wait_queue_detach(struct wait_queue *q, struct thread *t)
{
    if (t->waiting_on == q)
        wq_remove(q, t);
}

void sched_wake(struct thread *t)
{
    if (t->state == THREAD_BLOCKED)
        wake(t, rcOk);
}

void wait_queue_wake_thread(struct wait_queue *q, struct thread *t)
{
    if (t->waiting_on == q)
        wake(t, rcOk);
}

int wait_queue_wake_all(struct wait_queue *q)
{
    int n = 0;
    while (q->head) {
        wake(q->head, rcOk);
        n++;
    }
    return n;
}

rc_t thread_set_priority(struct thread *t, int prio)
{
    if (prio < THREAD_PRIO_MIN || prio > THREAD_PRIO_MAX)
        return rcInvalidArgument;
    uint64_t flags = arch_irq_save();
    if (t->state == THREAD_READY) {
        runq_remove(t);
        t->prio = prio;
        make_ready(t);
    } else if (t->state == THREAD_BLOCKED && t->waiting_on) {
        struct wait_queue *q = t->waiting_on;
        wq_remove(q, t);
        t->prio = prio;
        wq_insert(q, t);
    } else {
        t->prio = prio;
        if (t == sched_current && sched_runq_bitmap && (31 - __builtin_clz(sched_runq_bitmap)) > prio)
            sched_need_resched = true;
    }
    arch_irq_restore(flags);
    sched_preempt_point();
    return rcOk;
}

/* Thread bookkeeping (thread.c) calls these. */
void sched_start_thread(struct thread *t)
{
    uint64_t flags = arch_irq_save();
    make_ready(t);
    arch_irq_restore(flags);
    sched_preempt_point();
}

void sched_kill(struct thread *t)
{
    uint64_t flags = arch_irq_save();
    if (t->state == THREAD_READY)
        runq_remove(t);
    else if (t->state == THREAD_BLOCKED) {
        if (t->waiting_on)
            wq_remove(t->waiting_on, t);
        if (t->timeout.armed)
            timer_event_cancel(&t->timeout);
    }
    t->state = THREAD_DEAD;
    wait_queue_wake_all(&t->joiners);
    arch_irq_restore(flags);
}

unsigned sched_runqueue_count(const struct thread *t)
{
    unsigned n = 0;
    for (const struct thread *p = runq_head[t->prio]; p; p = p->next)
        n += p == t;
    return n;
}

void sched_check_runqueues(void)
{
    for (int prio = 0; prio < THREAD_PRIOS; prio++) {
        bool bit = sched_runq_bitmap >> prio & 1;
        if (bit != (runq_head[prio] != 0))
            panic("invariant: run queue %d and its bitmap bit disagree", prio);
        unsigned steps = 0;
        const struct thread *last = 0;
        for (const struct thread *p = runq_head[prio]; p; last = p, p = p->next) {
            if (++steps > THREAD_MAX)
                panic("invariant: run queue %d has a cycle", prio);
            if (p->state != THREAD_READY || p->prio != prio || p->waiting_on)
                panic("invariant: thread %u on run queue %d is not READY at that priority (state %d, prio %d)",
                      p->id, prio, p->state, p->prio);
        }
        if (runq_tail[prio] != last)
            panic("invariant: run queue %d's tail is wrong", prio);
    }
    if (sched_current->state != THREAD_RUNNING)
        panic("invariant: the current thread %u is not RUNNING", sched_current->id);
}

struct arch_fpstate *thread_current_fpstate(void) { return &sched_current->fp; }

__attribute__((noreturn)) void sched_exit_current(void)
{
    arch_irq_save();
    sched_current->state = THREAD_DEAD;
    switch_away();
    panic("a dead thread was scheduled");
}

void sched_set_boot_thread(struct thread *boot, struct thread *idle_thread)
{
    sched_current = boot;
    boot->state = THREAD_RUNNING;
    idle = idle_thread;
}
