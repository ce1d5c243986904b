/* A counting semaphore. vg_sem_init fails with rcInvalidArgument above VG_SEM_MAX; vg_sem_signal
 * with rcQuotaExceeded if the count would pass it. vg_sem_wait_timeout returns rcOk or rcTimeout,
 * vg_sem_trywait rcOk or rcBusy. */
#ifndef VIGIL_SEMAPHORE_H
#define VIGIL_SEMAPHORE_H

#include <stdint.h>
#include <vigil/rc.h>

#define VG_SEM_MAX 0x7fffffffu

typedef struct {
    uint32_t count;
    uint32_t waiters;
} vg_sem_t;

rc_t vg_sem_init(vg_sem_t *s, uint32_t count);
rc_t vg_sem_signal(vg_sem_t *s);
void vg_sem_wait(vg_sem_t *s);
rc_t vg_sem_wait_timeout(vg_sem_t *s, uint64_t timeout_ns);
rc_t vg_sem_trywait(vg_sem_t *s);

#endif
