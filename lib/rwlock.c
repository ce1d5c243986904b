/* A writer-preferring reader-writer lock. `state` is the number of readers holding it, or
 * VG_RWLOCK_WRITER; readers also stay out while writers_waiting > 0. Sleepers wait on `seq`, which
 * every release (and a writer giving up) increments, and read it before they try: so any release
 * after their failed try makes their sleep return at once, with no ABA on `state`. A release wakes
 * all sleepers, which re-contend. Sleepers count themselves in `waiters` first, so a release enters
 * the kernel only when someone may sleep. */
#include <stdbool.h>
#include <vigil/clock.h>
#include <vigil/futex.h>
#include <vigil/rwlock.h>
#include <vigil/syscall.h>

static bool try_read(vg_rwlock_t *l)
{
    uint32_t s = __atomic_load_n(&l->state, __ATOMIC_SEQ_CST);
    while (s + 1 < VG_RWLOCK_WRITER && __atomic_load_n(&l->writers_waiting, __ATOMIC_SEQ_CST) == 0) {
        if (__atomic_compare_exchange_n(&l->state, &s, s + 1, true, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
            return true;
    }
    return false;
}

static bool try_write(vg_rwlock_t *l)
{
    uint32_t s = 0;
    return __atomic_compare_exchange_n(&l->state, &s, VG_RWLOCK_WRITER, false, __ATOMIC_SEQ_CST,
                                       __ATOMIC_SEQ_CST);
}

static void released(vg_rwlock_t *l)
{
    __atomic_fetch_add(&l->seq, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&l->waiters, __ATOMIC_SEQ_CST))
        vg_futex_wake(&l->seq, VG_FUTEX_ALL, 0);
}

/* Sleeps until a release after `seen` was read (or the timeout). */
static void sleep_on(vg_rwlock_t *l, uint32_t seen, uint64_t left)
{
    __atomic_fetch_add(&l->waiters, 1, __ATOMIC_SEQ_CST);
    vg_futex_wait(&l->seq, seen, left);
    __atomic_fetch_sub(&l->waiters, 1, __ATOMIC_SEQ_CST);
}

static rc_t read_until(vg_rwlock_t *l, uint64_t deadline)
{
    for (;;) {
        uint32_t seen = __atomic_load_n(&l->seq, __ATOMIC_SEQ_CST);
        if (try_read(l))
            return rcOk;
        uint64_t left = vg_time_left(deadline);
        if (left == 0)
            return rcTimeout;
        sleep_on(l, seen, left);
    }
}

static rc_t write_until(vg_rwlock_t *l, uint64_t deadline)
{
    __atomic_fetch_add(&l->writers_waiting, 1, __ATOMIC_SEQ_CST);
    rc_t rc = rcOk;
    for (;;) {
        uint32_t seen = __atomic_load_n(&l->seq, __ATOMIC_SEQ_CST);
        if (try_write(l))
            break;
        uint64_t left = vg_time_left(deadline);
        if (left == 0) {
            rc = rcTimeout;
            break;
        }
        sleep_on(l, seen, left);
    }
    /* The last waiting writer to give up must let in the readers it was holding back. */
    if (__atomic_sub_fetch(&l->writers_waiting, 1, __ATOMIC_SEQ_CST) == 0 && rc == rcTimeout)
        released(l);
    return rc;
}

void vg_rwlock_init(vg_rwlock_t *l)
{
    __atomic_store_n(&l->state, 0, __ATOMIC_SEQ_CST);
    __atomic_store_n(&l->writers_waiting, 0, __ATOMIC_SEQ_CST);
    __atomic_store_n(&l->waiters, 0, __ATOMIC_SEQ_CST);
    __atomic_store_n(&l->seq, 0, __ATOMIC_SEQ_CST);
}

void vg_rwlock_rdlock(vg_rwlock_t *l) { read_until(l, VG_INFINITE); }
void vg_rwlock_wrlock(vg_rwlock_t *l) { write_until(l, VG_INFINITE); }
rc_t vg_rwlock_tryrdlock(vg_rwlock_t *l) { return try_read(l) ? rcOk : rcBusy; }
rc_t vg_rwlock_trywrlock(vg_rwlock_t *l) { return try_write(l) ? rcOk : rcBusy; }

rc_t vg_rwlock_rdlock_timeout(vg_rwlock_t *l, uint64_t timeout_ns)
{
    return try_read(l) ? rcOk : read_until(l, vg_deadline(timeout_ns));
}

rc_t vg_rwlock_wrlock_timeout(vg_rwlock_t *l, uint64_t timeout_ns)
{
    return try_write(l) ? rcOk : write_until(l, vg_deadline(timeout_ns));
}

void vg_rwlock_unlock(vg_rwlock_t *l)
{
    if (__atomic_load_n(&l->state, __ATOMIC_SEQ_CST) == VG_RWLOCK_WRITER)
        __atomic_store_n(&l->state, 0, __ATOMIC_SEQ_CST);
    else if (__atomic_sub_fetch(&l->state, 1, __ATOMIC_SEQ_CST) != 0)
        return;
    released(l);
}
