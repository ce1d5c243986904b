/* time.Time (docs/core-endpoints.md) and the deadline arithmetic of the *_timeout calls. */
#include <vigil/clock.h>
#include <vigil/core_call.h>
#include <vigil/syscall.h>

rc_t vg_time_now(uint64_t *ns)
{
    uint64_t val[2];
    rc_t rc = vg_core_call4(VG_CORE_TIME, VG_TIME_NOW, 0, 0, 0, 0, val);
    if (rc == rcOk && ns)
        *ns = val[0];
    return rc;
}

uint64_t vg_deadline(uint64_t timeout_ns)
{
    uint64_t now;
    if (timeout_ns == VG_INFINITE || vg_time_now(&now) != rcOk)
        return VG_INFINITE;
    return now > VG_INFINITE - timeout_ns ? VG_INFINITE : now + timeout_ns;
}

uint64_t vg_time_left(uint64_t deadline)
{
    uint64_t now;
    if (deadline == VG_INFINITE)
        return VG_INFINITE;
    if (vg_time_now(&now) != rcOk || now >= deadline)
        return 0;
    return deadline - now;
}
