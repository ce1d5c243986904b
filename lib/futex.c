/* The sync.Sync methods (docs/core-endpoints.md). */
#include <vigil/core_call.h>
#include <vigil/futex.h>

rc_t vg_futex_wait(const volatile uint32_t *addr, uint32_t expected, uint64_t timeout_ns)
{
    return vg_core_call4(VG_CORE_SYNC, VG_SYNC_WAIT, (uintptr_t)addr, expected, timeout_ns, 0, 0);
}

rc_t vg_futex_wake(const volatile uint32_t *addr, uint32_t count, uint32_t *woken)
{
    uint64_t val[2];
    rc_t rc = vg_core_call4(VG_CORE_SYNC, VG_SYNC_WAKE, (uintptr_t)addr, count, 0, 0, val);
    if (rc == rcOk && woken)
        *woken = (uint32_t)val[0];
    return rc;
}
