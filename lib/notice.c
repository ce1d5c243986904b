/* The notice.Notice methods (<vigil/notice.h>, docs/notifications.md). */
#include <vigil/core_call.h>
#include <vigil/notice.h>

static rc_t create(uint16_t mid, vg_handle_t *out)
{
    uint64_t val[2];
    rc_t rc = vg_core_call4(VG_CORE_NOTICE, mid, 0, 0, 0, 0, val);
    if (rc == rcOk && out)
        *out = (vg_handle_t)val[0];
    return rc;
}

rc_t vg_notice_create(vg_handle_t *notice) { return create(VG_NOTICE_CREATE, notice); }
rc_t vg_user_object_create(vg_handle_t *object) { return create(VG_NOTICE_CREATE_USER_OBJECT, object); }
rc_t vg_timer_create(vg_handle_t *timer) { return create(VG_NOTICE_CREATE_TIMER, timer); }

rc_t vg_notice_subscribe(vg_handle_t notice, vg_handle_t object, uint32_t events, uint64_t tag)
{
    return vg_core_call4(VG_CORE_NOTICE, VG_NOTICE_SUBSCRIBE, notice, object, events, tag, 0);
}

rc_t vg_notice_unsubscribe(vg_handle_t notice, vg_handle_t object)
{
    return vg_core_call4(VG_CORE_NOTICE, VG_NOTICE_UNSUBSCRIBE, notice, object, 0, 0, 0);
}

rc_t vg_notice_get_events(vg_handle_t notice, struct vg_notice_event *out, uint32_t max, uint64_t timeout_ns,
                          uint32_t *count)
{
    uint64_t val[2] = {0, 0};
    rc_t rc = vg_core_call4(VG_CORE_NOTICE, VG_NOTICE_GET_EVENTS, notice, (uint64_t)(uintptr_t)out, max, timeout_ns,
                            val);
    if (count)
        *count = rc == rcOk ? (uint32_t)val[0] : 0;
    return rc;
}

rc_t vg_notice_set_object_event(vg_handle_t object, uint32_t events)
{
    return vg_core_call4(VG_CORE_NOTICE, VG_NOTICE_SET_OBJECT_EVENT, object, events, 0, 0, 0);
}

rc_t vg_timer_arm(vg_handle_t timer, uint64_t delay_ns, uint64_t period_ns)
{
    return vg_core_call4(VG_CORE_NOTICE, VG_NOTICE_ARM_TIMER, timer, delay_ns, period_ns, 0, 0);
}
