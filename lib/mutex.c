/* The three-state futex mutex (U. Drepper, "Futexes Are Tricky", mutex #3): 0 unlocked, 1 locked,
 * 2 locked and maybe contended. Only a contended lock or unlock enters the kernel. */
#include <stdbool.h>
#include <vigil/clock.h>
#include <vigil/futex.h>
#include <vigil/mutex.h>
#include <vigil/syscall.h>

static bool try_lock(vg_mutex_t *m)
{
    uint32_t c = 0;
    return __atomic_compare_exchange_n(&m->state, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/* The slow path: mark the mutex contended and sleep until it is ours or the deadline passes. */
static rc_t lock_contended(vg_mutex_t *m, uint64_t deadline)
{
    while (__atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE) != 0) {
        uint64_t left = vg_time_left(deadline);
        if (left == 0)
            return rcTimeout;
        /* rcOk, rcFutexWouldBlock and rcTimeout all mean: look at the word again. */
        vg_futex_wait(&m->state, 2, left);
    }
    return rcOk;
}

void vg_mutex_init(vg_mutex_t *m)
{
    __atomic_store_n(&m->state, 0, __ATOMIC_RELAXED);
}

void vg_mutex_lock(vg_mutex_t *m)
{
    if (!try_lock(m))
        lock_contended(m, VG_INFINITE);
}

rc_t vg_mutex_lock_timeout(vg_mutex_t *m, uint64_t timeout_ns)
{
    if (try_lock(m))
        return rcOk;
    return lock_contended(m, vg_deadline(timeout_ns));
}

rc_t vg_mutex_trylock(vg_mutex_t *m)
{
    return try_lock(m) ? rcOk : rcBusy;
}

void vg_mutex_unlock(vg_mutex_t *m)
{
    if (__atomic_exchange_n(&m->state, 0, __ATOMIC_RELEASE) == 2)
        vg_futex_wake(&m->state, 1, 0);
}
