/* notice.Notice: notification receivers, subscriptions, user objects and timers (kernel/notice.h,
 * docs/notifications.md). Every argument is checked before anything changes; GetEvents copies the
 * events out before it takes them, so a bad buffer loses none. */
#include "core.h"
#include "../handle.h"
#include "../notice.h"
#include "../process.h"
#include "../thread.h"
#include "../clock.h"

static rc_t install(struct kobject *o, uint32_t rights, uint64_t val[2])
{
    uint32_t h;
    rc_t rc = handle_install(&process_current()->handles, o, rights, &h);
    kobject_unref(o); /* the handle holds it now, or nothing does */
    if (rc == rcOk)
        val[0] = h;
    return rc;
}

static rc_t lookup(uint64_t h, uint32_t type, uint32_t rights, struct kobject **o)
{
    if (h > UINT32_MAX)
        return rcInvalidArgument;
    return handle_lookup(&process_current()->handles, (uint32_t)h, type, rights, o, 0);
}

static rc_t create(const struct core_args *a, uint64_t val[2])
{
    (void)a;
    struct notice *n;
    rc_t rc = notice_create(&n);
    /* Not transferable: a receiver serves the threads of one process. */
    return rc == rcOk ? install(notice_obj(n), 0, val) : rc;
}

static rc_t subscribe(const struct core_args *a, uint64_t val[2])
{
    (void)val;
    struct kobject *n, *o;
    rc_t rc = lookup(a->arg[0], KOBJ_NOTICE, 0, &n);
    if (rc == rcOk)
        rc = lookup(a->arg[1], KOBJ_ANY, 0, &o);
    if (rc != rcOk)
        return rc;
    if (a->arg[2] > UINT32_MAX)
        return rcInvalidArgument;
    const void *slot = handle_slot(&process_current()->handles, (uint32_t)a->arg[1]);
    return notice_subscribe((struct notice *)n, o, slot, (uint32_t)a->arg[2], a->arg[3]);
}

static rc_t unsubscribe(const struct core_args *a, uint64_t val[2])
{
    (void)val;
    struct kobject *n, *o;
    rc_t rc = lookup(a->arg[0], KOBJ_NOTICE, 0, &n);
    if (rc == rcOk)
        rc = lookup(a->arg[1], KOBJ_ANY, 0, &o);
    return rc == rcOk ? notice_unsubscribe((struct notice *)n, o) : rc;
}

static rc_t get_events(const struct core_args *a, uint64_t val[2])
{
    uint64_t addr = a->arg[1], max = a->arg[2], timeout = a->arg[3];
    if (max == 0 || max > VG_NOTICE_EVENTS_MAX || !core_user_range(addr, max * sizeof(struct vg_notice_event)) ||
        (addr & 7))
        return rcInvalidArgument;
    struct kobject *o;
    rc_t rc = lookup(a->arg[0], KOBJ_NOTICE, 0, &o);
    if (rc != rcOk)
        return rc;
    uint64_t now = clock_now_ns();
    uint64_t deadline = timeout == UINT64_MAX || now + timeout < now ? UINT64_MAX : now + timeout;
    for (;;) {
        struct notice *n = (struct notice *)o;
        struct vg_notice_event ev[VG_NOTICE_EVENTS_MAX];
        uint32_t k = notice_peek(n, ev, (uint32_t)max);
        if (k) {
            if (arch_copy_to_user(addr, ev, k * sizeof ev[0]) != rcOk)
                return rcTargetFault; /* nothing taken */
            notice_take(n, k);
            val[0] = k;
            return rcOk;
        }
        now = clock_now_ns();
        if (now >= deadline)
            return rcTimeout;
        rc = sched_block(notice_waiters(n), deadline == UINT64_MAX ? UINT64_MAX : deadline - now);
        if (rc != rcOk && rc != rcTimeout)
            return rc;
        /* Found again: another thread may have closed the handle, and destroyed the receiver. */
        rc = lookup(a->arg[0], KOBJ_NOTICE, 0, &o);
        if (rc == rcInvalidArgument)
            return rcNotConnected;
        if (rc != rcOk)
            return rc;
    }
}

static rc_t set_object_event(const struct core_args *a, uint64_t val[2])
{
    (void)val;
    struct kobject *o;
    if (a->arg[1] == 0 || (a->arg[1] & ~(uint64_t)VG_EVENT_SPEC_MASK))
        return rcInvalidArgument; /* the general part is the kernel's alone */
    rc_t rc = lookup(a->arg[0], KOBJ_USER, VG_RIGHT_RAISE_EVENT, &o);
    if (rc == rcOk)
        notice_raise(o, (uint32_t)a->arg[1]);
    return rc;
}

static rc_t create_user_object(const struct core_args *a, uint64_t val[2])
{
    (void)a;
    struct kobject *o;
    rc_t rc = notice_user_object_create(&o);
    return rc == rcOk ? install(o, VG_RIGHTS_ALL, val) : rc;
}

static rc_t create_timer(const struct core_args *a, uint64_t val[2])
{
    (void)a;
    struct kobject *o;
    rc_t rc = notice_timer_create(&o);
    return rc == rcOk ? install(o, VG_RIGHT_TRANSFER | VG_RIGHT_COPY | VG_RIGHT_GET_SID, val) : rc;
}

static rc_t arm_timer(const struct core_args *a, uint64_t val[2])
{
    (void)val;
    struct kobject *o;
    rc_t rc = lookup(a->arg[0], KOBJ_TIMER, 0, &o);
    if (rc == rcOk)
        notice_timer_arm(o, a->arg[1], a->arg[2]);
    return rc;
}

static const struct core_method methods[] = {
    [VG_NOTICE_CREATE] = {create, 0, 0, 0},
    [VG_NOTICE_SUBSCRIBE] = {subscribe, 4, 0, 0},
    [VG_NOTICE_UNSUBSCRIBE] = {unsubscribe, 2, 0, 0},
    [VG_NOTICE_GET_EVENTS] = {get_events, 4, 0, 0},
    [VG_NOTICE_SET_OBJECT_EVENT] = {set_object_event, 2, 0, 0},
    [VG_NOTICE_CREATE_USER_OBJECT] = {create_user_object, 0, 0, 0},
    [VG_NOTICE_CREATE_TIMER] = {create_timer, 0, 0, 0},
    [VG_NOTICE_ARM_TIMER] = {arm_timer, 3, 0, 0},
};
const struct core_endpoint core_notice_ep = {"notice.Notice", methods, sizeof methods / sizeof methods[0]};
