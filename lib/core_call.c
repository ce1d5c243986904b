/* The transport under every kernel-method wrapper (see <vigil/core_call.h>). */
#include <stddef.h>
#include <vigil/core_call.h>
#include <vigil/syscall.h>

rc_t vg_core_call(uint16_t riid, uint16_t mid, const uint64_t arg[4], const struct vg_arena_ptr str[2],
                  const void *arena, uint32_t arena_size, uint64_t val[2])
{
    struct vg_core_req req = {
        .hdr = { .size = sizeof req, .riid = riid, .mid = mid, .flags = VG_MSG_REQUEST,
                 .arena_size = arena_size },
    };
    for (int i = 0; i < 4; i++)
        req.arg[i] = arg ? arg[i] : 0;
    if (str) {
        req.str[0] = str[0];
        req.str[1] = str[1];
    }
    struct vg_core_res res = { 0 };
    /* The arena pointer is only read by the kernel; msgbuf is shared by requests and responses. */
    const struct vg_msgbuf in = { .data = &req, .data_size = sizeof req, .arena_size = arena_size,
                                  .arena = (void *)(uintptr_t)arena };
    struct vg_msgbuf out = { .data = &res, .data_size = sizeof res };
    rc_t rc = vg_call(VG_CORE_HANDLE, &in, &out);
    if (rc != rcOk)
        return rc;
    /* A response that is not the one documented means a kernel bug; never read garbage results. */
    if (res.hdr.size != sizeof res || !(res.hdr.flags & VG_MSG_RESPONSE))
        return rcReceiveError;
    if (val) {
        val[0] = res.val[0];
        val[1] = res.val[1];
    }
    return res.rc;
}
