/* The handle.Handle methods (docs/core-endpoints.md). */
#include <vigil/core_call.h>
#include <vigil/handle.h>

rc_t vg_handle_close(vg_handle_t h)
{
    return vg_core_call4(VG_CORE_HANDLE_EP, VG_HANDLE_CLOSE, h, 0, 0, 0, 0);
}

rc_t vg_handle_copy(vg_handle_t h, uint32_t rights, vg_handle_t *copy)
{
    uint64_t val[2];
    rc_t rc = vg_core_call4(VG_CORE_HANDLE_EP, VG_HANDLE_COPY, h, rights, 0, 0, val);
    if (rc == rcOk && copy)
        *copy = (vg_handle_t)val[0];
    return rc;
}

rc_t vg_handle_revoke(vg_handle_t h)
{
    return vg_core_call4(VG_CORE_HANDLE_EP, VG_HANDLE_REVOKE, h, 0, 0, 0, 0);
}

rc_t vg_handle_sid(vg_handle_t h, uint32_t *sid)
{
    uint64_t val[2];
    rc_t rc = vg_core_call4(VG_CORE_HANDLE_EP, VG_HANDLE_GET_SID, h, 0, 0, 0, val);
    if (rc == rcOk && sid)
        *sid = (uint32_t)val[0];
    return rc;
}
