/* A condition variable used with a vg_mutex_t held by the caller. Waits may wake spuriously (check
 * the predicate in a loop). vg_cond_wait_timeout returns rcOk or rcTimeout; either way the mutex is
 * held again on return (re-acquiring it is not bounded by the timeout). */
#ifndef VIGIL_CONDVAR_H
#define VIGIL_CONDVAR_H

#include <stdint.h>
#include <vigil/mutex.h>
#include <vigil/rc.h>

typedef struct {
    uint32_t seq;
    uint32_t waiters;
} vg_cond_t;

#define VG_COND_INIT { 0, 0 }

void vg_cond_init(vg_cond_t *c);
void vg_cond_wait(vg_cond_t *c, vg_mutex_t *m);
rc_t vg_cond_wait_timeout(vg_cond_t *c, vg_mutex_t *m, uint64_t timeout_ns);
void vg_cond_signal(vg_cond_t *c);
void vg_cond_broadcast(vg_cond_t *c);

#endif
