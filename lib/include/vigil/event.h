/* A manual-reset event: vg_event_set releases every waiter and keeps the event signalled until
 * vg_event_reset. vg_event_wait_timeout returns rcOk or rcTimeout. */
#ifndef VIGIL_EVENT_H
#define VIGIL_EVENT_H

#include <stdbool.h>
#include <stdint.h>
#include <vigil/rc.h>

typedef struct {
    uint32_t signalled;
    uint32_t waiters;
} vg_event_t;

#define VG_EVENT_INIT { 0, 0 }

void vg_event_init(vg_event_t *e, bool signalled);
void vg_event_set(vg_event_t *e);
void vg_event_reset(vg_event_t *e);
void vg_event_wait(vg_event_t *e);
rc_t vg_event_wait_timeout(vg_event_t *e, uint64_t timeout_ns);

#endif
