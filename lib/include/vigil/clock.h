/* The monotonic clock (kl.core.Core time.Time): nanoseconds since boot. */
#ifndef VIGIL_CLOCK_H
#define VIGIL_CLOCK_H

#include <stdint.h>
#include <vigil/rc.h>

rc_t vg_time_now(uint64_t *ns);

/* now + timeout, saturating at VG_INFINITE (so VG_INFINITE stays infinite). For *_timeout calls. */
uint64_t vg_deadline(uint64_t timeout_ns);
/* ns left until deadline (0 when passed; VG_INFINITE for VG_INFINITE). */
uint64_t vg_time_left(uint64_t deadline);

#endif
