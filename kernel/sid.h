/* Security IDs: one global SID per kernel object; the KSM knows resources only by SID.
 * SID 0 is never valid; SID 1 is the kernel itself and is always live. SIDs 2..limit-1 come from a
 * bounded pool. Allocation is next-fit from a cursor that only moves forward (wrapping), so a freed
 * SID is handed out again only after every other free SID has been, which keeps a stale SID (in a
 * KSM security context, an audit record) from naming a new object for as long as the pool allows.
 * A live SID is never handed out twice. No locking: callers serialise. */
#ifndef KERNEL_SID_H
#define KERNEL_SID_H

#include <stdbool.h>
#include <stdint.h>
#include <vigil/rc.h>

typedef uint32_t sid_t;

#define SID_INVALID 0u
#define SID_KERNEL  1u
#define SID_MAX     8192u /* pool size, SIDs 0 and 1 included */

/* rcOutOfMemory when every SID below the limit is live. */
rc_t sid_alloc(sid_t *out);
/* rcInvalidArgument (nothing changes) for 0, SID_KERNEL, a SID beyond the limit or one not live. */
rc_t sid_free(sid_t sid);
bool sid_is_live(sid_t sid);
/* Live SIDs, the kernel's included (so 1 when nothing else is live). */
uint32_t sid_live_count(void);
/* Forget every SID and use 2..limit-1 from now on (boot and tests; limit 0 means SID_MAX).
 * rcInvalidArgument for a limit of 1, 2 or above SID_MAX. The zero-initialised state is sid_reset(0). */
rc_t sid_reset(uint32_t limit);

#endif
