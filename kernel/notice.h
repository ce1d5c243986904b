/* Notification receivers, their subscriptions, user objects and timers (docs/notifications.md; the
 * user interface is <vigil/notice.h>, the endpoint kernel/core/notice_ep.c). A subscription links a
 * receiver to a watched object (kobject.watchers); notice_raise marks it pending (events OR'ed, a
 * count), queues it once on its receiver's ready list and wakes the receiver's waiters, the threads in
 * notice_get_events and the IPC waits that use the receiver as their interrupt object. Subscriptions
 * hold no reference on their object: its destruction (kobject_watch) detaches them, after raising
 * VG_EVENT_OBJECT_DESTROYED. Memory comes from fixed caches at subscribe/create time; raising never
 * allocates and may run from the timer interrupt. No locking: callers serialise (interrupts masked). */
#ifndef KERNEL_NOTICE_H
#define KERNEL_NOTICE_H

#include <stdint.h>
#include <vigil/notice.h>
#include <vigil/rc.h>
#include "kobject.h"

struct notice;
struct ipc_sync;
struct handle_table;

void notice_init(void);

/* A new receiver, user object or timer, with one reference owned by the caller. rcOutOfMemory. */
rc_t notice_create(struct notice **out);
rc_t notice_user_object_create(struct kobject **out);
rc_t notice_timer_create(struct kobject **out);
struct kobject *notice_obj(struct notice *n);

/* Subscribes n to `events` of obj, named by the handle in slot (the caller's table; it is told when
 * that handle is revoked). rcInvalidArgument for a mask the type does not raise (or 0),
 * rcQuotaExceeded past VG_NOTICE_SUBS_MAX, rcOutOfMemory. Events that already happened are raised. */
rc_t notice_subscribe(struct notice *n, struct kobject *obj, const void *slot, uint32_t events, uint64_t tag);
rc_t notice_unsubscribe(struct notice *n, struct kobject *obj);

/* Up to max pending subscriptions of n, oldest first, into out, without taking them; then
 * notice_take(n, k) takes the first k (a subscription whose object is gone is freed). */
uint32_t notice_peek(struct notice *n, struct vg_notice_event *out, uint32_t max);
void notice_take(struct notice *n, uint32_t k);
/* The queue notice_get_events waits on (woken by a raise and by the receiver's destruction). */
struct wait_queue *notice_waiters(struct notice *n);
/* The receiver as an IPC interrupt object: interrupted while events are pending. */
struct ipc_sync *notice_ipc_sync(struct notice *n);

/* Raises events on obj: every subscription whose mask has one of them. */
void notice_raise(struct kobject *obj, uint32_t events);
/* The events obj's type may raise (the mask a subscription may ask for); 0: none. */
uint32_t notice_events_of(const struct kobject *obj);

/* Arms a timer (delay from now, then every period_ns if not 0); delay UINT64_MAX disarms. */
void notice_timer_arm(struct kobject *timer, uint64_t delay_ns, uint64_t period_ns);

/* Live subscriptions over all receivers (leak checks, hal.ObjectInfo). */
unsigned notice_subscription_count(void);

#endif
