/* Notifications (docs/notifications.md): a notification receiver collects events of kernel objects
 * its owner holds handles to. A subscription names (receiver, object, event mask, tag); the kernel
 * raises events on objects (a channel's peer gone, a process ended, a handle revoked, a timer expired,
 * an object destroyed) and a resource provider raises its own on the user objects it created. Events
 * of one subscription coalesce until read: the bits are OR'ed and counted, never lost. A receiver can
 * also be passed as the interrupt object (`sync`) of a Call or Recv: the IPC wait then ends with
 * rcIpcInterrupt as soon as an event is pending ("a request or a notification", in one call).
 * Every function is a method of the kernel's notice endpoint (kl.core.Notice), decided by the policy.
 * KasperskyOS's notice_api.h: vg_notice_create = KnNoticeCreate, vg_notice_subscribe =
 * KnNoticeSubscribeToObject, vg_notice_get_events = KnNoticeGetEvent, vg_notice_set_object_event =
 * KnNoticeSetObjectEvent, vg_notice_unsubscribe = KnNoticeUnsubscribeFromObject. */
#ifndef VIGIL_NOTICE_H
#define VIGIL_NOTICE_H

#include <stdint.h>
#include <vigil/rc.h>
#include <vigil/syscall.h>

/* The general part of an event mask (bits 0-15): meaningful for every object; only the kernel raises
 * them. */
#define VG_EVENT_OBJECT_DESTROYED (1u << 0) /* the object's last reference went */
#define VG_EVENT_HANDLE_REVOKED   (1u << 1) /* the handle the subscription was made with was revoked */
/* The specialised part (bits 16-31), by object type. */
#define VG_EVENT_SPEC(n)          (1u << (16u + (n)))
#define VG_EVENT_SPEC_MASK        0xffff0000u
#define VG_EVENT_PEER_GONE        VG_EVENT_SPEC(0) /* channel end: the other end's last handle closed */
#define VG_EVENT_TASK_COMPLETED   VG_EVENT_SPEC(0) /* process: it ended (exit, kill or fault) */
#define VG_EVENT_TIMER_EXPIRED    VG_EVENT_SPEC(0) /* timer: its deadline passed */
/* User objects: every bit of the specialised part is the provider's to define and raise. */

/* The right of a user object's handle to raise events on it (its creator's handle has it; hand out
 * copies without it). */
#define VG_RIGHT_RAISE_EVENT (1u << 16)

/* One subscription's pending events, as vg_notice_get_events returns them. */
struct vg_notice_event {
    uint64_t tag;     /* the subscription's tag */
    uint32_t events;  /* every event raised since it was last read (OR'ed) */
    uint32_t count;   /* how many times events were raised since (saturates at 2^32 - 1) */
};

#define VG_NOTICE_EVENTS_MAX 16u /* events one vg_notice_get_events returns at most */
#define VG_NOTICE_SUBS_MAX   64u /* subscriptions of one receiver */

rc_t vg_notice_create(vg_handle_t *notice);
/* Subscribes notice to `events` of the object `object` names, reported with `tag`. Subscribing the
 * same object again replaces its mask and tag. An event that already happened (a process that ended,
 * a peer already gone) is raised at once. rcInvalidArgument: a mask that is 0 or has bits the object's
 * type does not raise; rcQuotaExceeded: VG_NOTICE_SUBS_MAX reached. */
rc_t vg_notice_subscribe(vg_handle_t notice, vg_handle_t object, uint32_t events, uint64_t tag);
/* rcResourceNotFound when notice has no subscription for the object; its unread events are dropped. */
rc_t vg_notice_unsubscribe(vg_handle_t notice, vg_handle_t object);
/* Up to max (<= VG_NOTICE_EVENTS_MAX) pending subscriptions' events into out, oldest first, waiting up
 * to timeout_ns (VG_INFINITE: forever, 0: not at all) for one; *count gets how many. rcTimeout when
 * none came; rcNotConnected when the receiver was destroyed while waiting. A subscription whose object
 * is gone is removed once its last events are read. */
rc_t vg_notice_get_events(vg_handle_t notice, struct vg_notice_event *out, uint32_t max, uint64_t timeout_ns,
                          uint32_t *count);
/* Raises events (specialised bits only) on a user object; the handle needs VG_RIGHT_RAISE_EVENT. */
rc_t vg_notice_set_object_event(vg_handle_t object, uint32_t events);

/* A user object (KnHandleCreateUserObject): a resource whose events its provider raises. The handle
 * has every right; copies and transfers narrow them. */
rc_t vg_user_object_create(vg_handle_t *object);

/* Timers: a kernel object that raises VG_EVENT_TIMER_EXPIRED when its deadline passes, then again every
 * period_ns if that is not 0 (at least VG_TIMER_MIN_PERIOD_NS). Arming an armed timer moves it;
 * delay_ns = VG_INFINITE disarms it. */
#define VG_TIMER_MIN_PERIOD_NS 1000000u /* a shorter period (but 0) is taken as this one */
rc_t vg_timer_create(vg_handle_t *timer);
rc_t vg_timer_arm(vg_handle_t timer, uint64_t delay_ns, uint64_t period_ns);

#endif
