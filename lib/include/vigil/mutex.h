/* A mutex on vg_futex: 0 unlocked, 1 locked, 2 locked with possible waiters, so an uncontended
 * lock and unlock are one atomic instruction each, with no kernel call. Not recursive; unlocking a
 * mutex the caller does not hold is undefined. VG_MUTEX_INIT initialises one statically.
 * vg_mutex_lock_timeout returns rcOk or rcTimeout; vg_mutex_trylock rcOk or rcBusy. */
#ifndef VIGIL_MUTEX_H
#define VIGIL_MUTEX_H

#include <stdint.h>
#include <vigil/rc.h>

typedef struct {
    uint32_t state;
} vg_mutex_t;

#define VG_MUTEX_INIT { 0 }

void vg_mutex_init(vg_mutex_t *m);
void vg_mutex_lock(vg_mutex_t *m);
rc_t vg_mutex_lock_timeout(vg_mutex_t *m, uint64_t timeout_ns);
rc_t vg_mutex_trylock(vg_mutex_t *m);
void vg_mutex_unlock(vg_mutex_t *m);

#endif
