/* The hal.HAL methods (docs/core-endpoints.md). */
#include <vigil/core_call.h>
#include <vigil/hal.h>

rc_t vg_debug_write(const void *text, size_t len)
{
    if (len > VG_ARENA_MAX_SIZE)
        return rcBufferTooLarge;
    const struct vg_arena_ptr str[2] = { { 0, (uint32_t)len }, { 0, 0 } };
    return vg_core_call(VG_CORE_HAL, VG_HAL_DEBUG_WRITE, 0, str, text, (uint32_t)len, 0);
}

rc_t vg_mem_info(struct vg_mem_info *info)
{
    uint64_t val[2];
    rc_t rc = vg_core_call4(VG_CORE_HAL, VG_HAL_MEM_INFO, 0, 0, 0, 0, val);
    if (rc == rcOk && info) {
        info->free_bytes = val[0];
        info->used_bytes = val[1];
    }
    return rc;
}

rc_t vg_ipc_stats(uint64_t *fast_calls, uint64_t *fast_replies)
{
    uint64_t val[2];
    rc_t rc = vg_core_call4(VG_CORE_HAL, VG_HAL_IPC_STATS, 0, 0, 0, 0, val);
    if (rc == rcOk) {
        *fast_calls = val[0];
        *fast_replies = val[1];
    }
    return rc;
}

rc_t vg_object_info(uint64_t *objects, uint64_t *handles)
{
    uint64_t val[2];
    rc_t rc = vg_core_call4(VG_CORE_HAL, VG_HAL_OBJECT_INFO, 0, 0, 0, 0, val);
    if (rc == rcOk) {
        if (objects)
            *objects = val[0];
        if (handles)
            *handles = val[1];
    }
    return rc;
}
