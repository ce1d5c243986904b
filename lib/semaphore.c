/* A counting semaphore on one futex word (the count). Waiters announce themselves in `waiters`
 * before their last look at the count, so vg_sem_signal only enters the kernel when someone sleeps. */
#include <stdbool.h>
#include <vigil/clock.h>
#include <vigil/futex.h>
#include <vigil/semaphore.h>
#include <vigil/syscall.h>

static bool try_take(vg_sem_t *s)
{
    uint32_t c = __atomic_load_n(&s->count, __ATOMIC_SEQ_CST);
    while (c > 0) {
        if (__atomic_compare_exchange_n(&s->count, &c, c - 1, true, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
            return true;
    }
    return false;
}

static rc_t wait_until(vg_sem_t *s, uint64_t deadline)
{
    while (!try_take(s)) {
        uint64_t left = vg_time_left(deadline);
        if (left == 0)
            return rcTimeout;
        __atomic_fetch_add(&s->waiters, 1, __ATOMIC_SEQ_CST);
        if (__atomic_load_n(&s->count, __ATOMIC_SEQ_CST) == 0)
            vg_futex_wait(&s->count, 0, left);
        __atomic_fetch_sub(&s->waiters, 1, __ATOMIC_SEQ_CST);
    }
    return rcOk;
}

rc_t vg_sem_init(vg_sem_t *s, uint32_t count)
{
    if (count > VG_SEM_MAX)
        return rcInvalidArgument;
    __atomic_store_n(&s->count, count, __ATOMIC_SEQ_CST);
    __atomic_store_n(&s->waiters, 0, __ATOMIC_SEQ_CST);
    return rcOk;
}

rc_t vg_sem_signal(vg_sem_t *s)
{
    uint32_t c = __atomic_load_n(&s->count, __ATOMIC_SEQ_CST);
    do {
        if (c >= VG_SEM_MAX)
            return rcQuotaExceeded;
    } while (!__atomic_compare_exchange_n(&s->count, &c, c + 1, true, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
    if (__atomic_load_n(&s->waiters, __ATOMIC_SEQ_CST))
        vg_futex_wake(&s->count, 1, 0);
    return rcOk;
}

void vg_sem_wait(vg_sem_t *s)
{
    wait_until(s, VG_INFINITE);
}

rc_t vg_sem_wait_timeout(vg_sem_t *s, uint64_t timeout_ns)
{
    if (try_take(s))
        return rcOk;
    return wait_until(s, vg_deadline(timeout_ns));
}

rc_t vg_sem_trywait(vg_sem_t *s)
{
    return try_take(s) ? rcOk : rcBusy;
}
