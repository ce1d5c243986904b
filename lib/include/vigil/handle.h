/* Handles of the calling process (kl.core.Core handle.Handle). vg_handle_copy makes a new handle to
 * the same object with rights narrowed to `rights` (which must be a subset of h's rights). */
#ifndef VIGIL_HANDLE_H
#define VIGIL_HANDLE_H

#include <stdint.h>
#include <vigil/rc.h>
#include <vigil/syscall.h>

rc_t vg_handle_close(vg_handle_t h);
rc_t vg_handle_copy(vg_handle_t h, uint32_t rights, vg_handle_t *copy);
/* Revokes every descendant of h (copies, transfers, in any process) and closes h. */
rc_t vg_handle_revoke(vg_handle_t h);
/* The SID of h's object, as the security module and audit records name it (needs VG_RIGHT_GET_SID). */
rc_t vg_handle_sid(vg_handle_t h, uint32_t *sid);

#endif
