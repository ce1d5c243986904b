/* A manual-reset event. `waiters` lets vg_event_set skip the kernel when nobody waits; waiters
 * count themselves before their last look at `signalled` (all sequentially consistent), so a set
 * either sees the waiter or the waiter sees the set. */
#include <vigil/clock.h>
#include <vigil/event.h>
#include <vigil/futex.h>
#include <vigil/syscall.h>

static rc_t wait_until(vg_event_t *e, uint64_t deadline)
{
    while (!__atomic_load_n(&e->signalled, __ATOMIC_SEQ_CST)) {
        uint64_t left = vg_time_left(deadline);
        if (left == 0)
            return rcTimeout;
        __atomic_fetch_add(&e->waiters, 1, __ATOMIC_SEQ_CST);
        if (!__atomic_load_n(&e->signalled, __ATOMIC_SEQ_CST))
            vg_futex_wait(&e->signalled, 0, left);
        __atomic_fetch_sub(&e->waiters, 1, __ATOMIC_SEQ_CST);
    }
    return rcOk;
}

void vg_event_init(vg_event_t *e, bool signalled)
{
    __atomic_store_n(&e->signalled, signalled ? 1u : 0u, __ATOMIC_SEQ_CST);
    __atomic_store_n(&e->waiters, 0, __ATOMIC_SEQ_CST);
}

void vg_event_set(vg_event_t *e)
{
    __atomic_store_n(&e->signalled, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&e->waiters, __ATOMIC_SEQ_CST))
        vg_futex_wake(&e->signalled, VG_FUTEX_ALL, 0);
}

void vg_event_reset(vg_event_t *e)
{
    __atomic_store_n(&e->signalled, 0, __ATOMIC_SEQ_CST);
}

void vg_event_wait(vg_event_t *e)
{
    wait_until(e, VG_INFINITE);
}

rc_t vg_event_wait_timeout(vg_event_t *e, uint64_t timeout_ns)
{
    if (__atomic_load_n(&e->signalled, __ATOMIC_SEQ_CST))
        return rcOk;
    return wait_until(e, vg_deadline(timeout_ns));
}
