/* A condition variable as a sequence number: a waiter reads it while holding the mutex, unlocks and
 * sleeps only if it has not changed since, so a signal between the unlock and the sleep is never
 * lost. `waiters` lets signal and broadcast skip the kernel when nobody waits. */
#include <vigil/clock.h>
#include <vigil/condvar.h>
#include <vigil/futex.h>
#include <vigil/syscall.h>

static rc_t wait_until(vg_cond_t *c, vg_mutex_t *m, uint64_t deadline)
{
    uint32_t seq = __atomic_load_n(&c->seq, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&c->waiters, 1, __ATOMIC_SEQ_CST);
    vg_mutex_unlock(m);
    uint64_t left = vg_time_left(deadline);
    rc_t rc = left == 0 ? rcTimeout : vg_futex_wait(&c->seq, seq, left);
    __atomic_fetch_sub(&c->waiters, 1, __ATOMIC_SEQ_CST);
    vg_mutex_lock(m);
    return rc == rcTimeout ? rcTimeout : rcOk;
}

void vg_cond_init(vg_cond_t *c)
{
    __atomic_store_n(&c->seq, 0, __ATOMIC_SEQ_CST);
    __atomic_store_n(&c->waiters, 0, __ATOMIC_SEQ_CST);
}

void vg_cond_wait(vg_cond_t *c, vg_mutex_t *m)
{
    wait_until(c, m, VG_INFINITE);
}

rc_t vg_cond_wait_timeout(vg_cond_t *c, vg_mutex_t *m, uint64_t timeout_ns)
{
    return wait_until(c, m, vg_deadline(timeout_ns));
}

static void wake(vg_cond_t *c, uint32_t count)
{
    __atomic_fetch_add(&c->seq, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&c->waiters, __ATOMIC_SEQ_CST))
        vg_futex_wake(&c->seq, count, 0);
}

void vg_cond_signal(vg_cond_t *c)
{
    wake(c, 1);
}

void vg_cond_broadcast(vg_cond_t *c)
{
    wake(c, VG_FUTEX_ALL);
}
