/* The register form of a kernel call (docs/core-endpoints.md, "The register form"), inline for its two
 * callers: core_call_reg (the general path's system call dispatch) and core_call_fast (call_fast.c, from
 * the exception entry). The same checks, decision and method as core_call's, on the saved registers. */
#ifndef KERNEL_CORE_CALL_REG_H
#define KERNEL_CORE_CALL_REG_H

#include "core.h"
#include "../thread.h"
#include "../process.h"
#include "ksm/fast.h"
#include <vigil/core.h>
#include <vigil/syscall.h>

extern const struct core_endpoint *const core_endpoints[VG_CORE_RIID_COUNT];
rc_t core_decide_regs(const uint64_t *regs, uint32_t riid, uint32_t mid, const struct core_method *m);

static inline __attribute__((always_inline)) rc_t core_call_reg_inline(uint64_t *regs, struct thread *self)
{
    uint64_t hdr = regs[1];
    uint32_t riid = vg_reg_riid(hdr), mid = vg_reg_mid(hdr);
    /* The register form of the same request (check_request's checks, for a message with no arena): a
     * 72-byte request and nothing else in the header, a known method, its unused arguments 0, and
     * every string segment {0, 0} (there is no arena for one to lie in). */
    if ((hdr >> 32) != ((uint64_t)VG_MSG_REQUEST << 16 | sizeof(struct vg_core_req)) || riid >= VG_CORE_RIID_COUNT ||
        mid >= core_endpoints[riid]->count)
        return rcInvalidArgument;
    const struct core_method *m = &core_endpoints[riid]->methods[mid];
    uint64_t unused = regs[6] | regs[7];
    switch (m->nargs) { /* arg[nargs..3] must be 0 */
    case 0:
        unused |= regs[2];
        /* fall through */
    case 1:
        unused |= regs[3];
        /* fall through */
    case 2:
        unused |= regs[4];
        /* fall through */
    case 3:
        unused |= regs[5];
        break;
    default:
        break;
    }
    if (unused)
        return rcInvalidArgument;
    /* The arguments are read where they are, in the saved registers (nothing else writes them while the
     * caller is in the kernel); its strings are empty. */
    struct core_args a; /* a method reads only the strings it has: those are set */
    a.arg = &regs[2];
    for (unsigned i = 0; i < m->nstr; i++) {
        if ((m->cstring >> i) & 1)
            return rcInvalidArgument; /* an empty C string has no NUL */
        a.str[i] = "";
        a.str_size[i] = 0;
    }
    struct process *p = self->proc; /* a user thread's */
    if (m->nstr || p->core_memo_epoch != ksm_epoch_now || !(p->core_memo[riid] >> mid & 1)) {
        rc_t rc = core_decide_regs(regs, riid, mid, m);
        if (rc != rcOk)
            return rc;
    }
    uint64_t val[2] = {0, 0};
    rc_t mrc = m->fn(&a, val);
    regs[1] = vg_reg_hdr(sizeof(struct vg_core_res), (uint16_t)riid, (uint16_t)mid, VG_MSG_RESPONSE);
    regs[2] = (uint32_t)mrc; /* rc, pad */
    regs[3] = val[0];
    regs[4] = val[1];
    regs[5] = regs[6] = regs[7] = 0;
    return rcOk;
}

#endif
