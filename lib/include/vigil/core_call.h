/* The one transport under every kernel-method wrapper: packs a struct vg_core_req, Calls
 * VG_CORE_HANDLE and unpacks the struct vg_core_res (docs/core-endpoints.md is the contract).
 *   arena / arena_size: the bytes the request's str[] descriptors point into (NULL/0: no arena).
 *   val: the method's two results (may be NULL).
 * Returns the Call's own error (rcInvalidArgument, rcSecurityDisallow, ...) if the kernel refused the
 * message, else the method's rc from the response. */
#ifndef VIGIL_CORE_CALL_H
#define VIGIL_CORE_CALL_H

#include <stdint.h>
#include <vigil/core.h>
#include <vigil/rc.h>
#include <vigil/syscall.h>

rc_t vg_core_call(uint16_t riid, uint16_t mid, const uint64_t arg[4], const struct vg_arena_ptr str[2],
                  const void *arena, uint32_t arena_size, uint64_t val[2]);

/* The common case: arguments only, no strings, by the register ABI (docs/core-endpoints.md): the
 * request and the response travel in registers, nothing goes through memory. */
static inline rc_t vg_core_call4(uint16_t riid, uint16_t mid, uint64_t a0, uint64_t a1, uint64_t a2,
                                 uint64_t a3, uint64_t val[2])
{
    struct vg_regmsg m = { vg_reg_hdr(sizeof(struct vg_core_req), riid, mid, VG_MSG_REQUEST),
                           { a0, a1, a2, a3, 0, 0 } };
    rc_t rc = vg_call_reg(VG_CORE_HANDLE, &m);
    if (rc != rcOk)
        return rc;
    /* A response that is not the one documented means a kernel bug; never read garbage results. */
    if (m.hdr != vg_reg_hdr(sizeof(struct vg_core_res), riid, mid, VG_MSG_RESPONSE))
        return rcReceiveError;
    if (val) {
        val[0] = m.w[1];
        val[1] = m.w[2];
    }
    return (rc_t)(int32_t)m.w[0];
}

#endif
