/* A reader-writer lock: many readers or one writer. Writers are preferred: once a writer waits, new
 * readers wait too, so a stream of readers cannot starve it. The *_timeout variants return rcOk or
 * rcTimeout, the try variants rcOk or rcBusy. vg_rwlock_unlock releases either kind. */
#ifndef VIGIL_RWLOCK_H
#define VIGIL_RWLOCK_H

#include <stdint.h>
#include <vigil/rc.h>

typedef struct {
    uint32_t state;           /* readers holding it, or VG_RWLOCK_WRITER */
    uint32_t writers_waiting;
    uint32_t waiters;
    uint32_t seq;             /* the futex word: changes on every release */
} vg_rwlock_t;

#define VG_RWLOCK_WRITER 0x80000000u
#define VG_RWLOCK_INIT { 0, 0, 0, 0 }

void vg_rwlock_init(vg_rwlock_t *l);
void vg_rwlock_rdlock(vg_rwlock_t *l);
rc_t vg_rwlock_rdlock_timeout(vg_rwlock_t *l, uint64_t timeout_ns);
rc_t vg_rwlock_tryrdlock(vg_rwlock_t *l);
void vg_rwlock_wrlock(vg_rwlock_t *l);
rc_t vg_rwlock_wrlock_timeout(vg_rwlock_t *l, uint64_t timeout_ns);
rc_t vg_rwlock_trywrlock(vg_rwlock_t *l);
void vg_rwlock_unlock(vg_rwlock_t *l);

#endif
