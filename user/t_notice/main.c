/* Notification tests (<vigil/notice.h>, docs/notifications.md), run as Einit with t_child as TChild:
 * one subscription per event kind (a channel's peer gone, a process ended, a handle revoked, a timer,
 * a user event, an object destroyed), coalescing (counts never lost), a wait that times out, a receiver
 * destroyed while a thread waits on it, Recv interrupted by a notification, bad arguments, the
 * subscription quota, the policy refusing a raise, and no kernel growth over many rounds. */
#include <string.h>
#include <vigil/vigil.h>
#include "../t_common/kernel_counts.h"
#include "../t_common/ut.h"

#define TAG 0x5eed0000ull

static rc_t get1(vg_handle_t n, struct vg_notice_event *ev, uint64_t timeout)
{
    uint32_t count = 0;
    rc_t rc = vg_notice_get_events(n, ev, 1, timeout, &count);
    if (rc == rcOk && count != 1)
        return rcInternalError;
    return rc;
}

static void peer_gone(void)
{
    vg_handle_t n, ch, sh;
    struct vg_notice_event ev;
    vg_notice_create(&n);
    rc_t rc = vg_ipc_create_channel(0, 0, "notice.peer", &ch, &sh);
    CHECK("peer_gone/channel", rc == rcOk, "%s", rc_name(rc));
    rc = vg_notice_subscribe(n, sh, VG_EVENT_PEER_GONE, TAG + 1);
    CHECK("peer_gone/subscribe", rc == rcOk, "%s", rc_name(rc));
    rc = get1(n, &ev, 0);
    CHECK("peer_gone/nothing_yet", rc == rcTimeout, "%s", rc_name(rc));
    vg_handle_close(ch);
    rc = get1(n, &ev, 0);
    CHECK("peer_gone/event", rc == rcOk && ev.tag == TAG + 1 && ev.events == VG_EVENT_PEER_GONE && ev.count == 1,
          "%s tag %llx events %x count %u", rc_name(rc), (unsigned long long)ev.tag, ev.events, ev.count);
    /* Subscribing after the fact: the event is raised at once. */
    vg_notice_unsubscribe(n, sh);
    rc = vg_notice_subscribe(n, sh, VG_EVENT_PEER_GONE, TAG + 2);
    rc_t rc2 = get1(n, &ev, 0);
    CHECK("peer_gone/already_gone", rc == rcOk && rc2 == rcOk && ev.tag == TAG + 2, "%s %s", rc_name(rc),
          rc_name(rc2));
    vg_handle_close(sh);
    vg_handle_close(n);
}

static void task_completed(void)
{
    vg_handle_t n, t;
    vg_pid_t pid;
    struct vg_notice_event ev;
    vg_notice_create(&n);
    rc_t rc = ut_child("block", 0, 0, &pid);
    if (rc == rcOk)
        rc = vg_task_handle(pid, &t);
    CHECK("task/handle", rc == rcOk, "%s", rc_name(rc));
    rc = vg_notice_subscribe(n, t, VG_EVENT_TASK_COMPLETED | VG_EVENT_OBJECT_DESTROYED, TAG + 3);
    CHECK("task/subscribe", rc == rcOk, "%s", rc_name(rc));
    vg_task_kill(pid);
    rc = get1(n, &ev, 2 * UT_SEC);
    CHECK("task/completed", rc == rcOk && ev.tag == TAG + 3 && ev.events == VG_EVENT_TASK_COMPLETED,
          "%s events %x", rc_name(rc), ev.events);
    ut_wait(pid, VG_INFINITE, 0, 0);
    /* The handle keeps the ended process's object: closing it destroys that object. */
    vg_handle_close(t);
    rc = get1(n, &ev, 0);
    CHECK("task/object_destroyed", rc == rcOk && ev.events == VG_EVENT_OBJECT_DESTROYED, "%s events %x",
          rc_name(rc), ev.events);
    rc = vg_task_handle(12345, &t);
    CHECK("task/not_a_child", rc == rcResourceNotFound, "%s", rc_name(rc));
    vg_handle_close(n);
}

static void revoked(void)
{
    vg_handle_t n, u, c;
    struct vg_notice_event ev;
    vg_notice_create(&n);
    vg_user_object_create(&u);
    rc_t rc = vg_handle_copy(u, VG_RIGHT_COPY, &c);
    CHECK("revoked/copy", rc == rcOk, "%s", rc_name(rc));
    rc = vg_notice_subscribe(n, c, VG_EVENT_HANDLE_REVOKED | VG_EVENT_OBJECT_DESTROYED, TAG + 4);
    CHECK("revoked/subscribe", rc == rcOk, "%s", rc_name(rc));
    vg_handle_revoke(u); /* revokes c, closes u: the object's last reference goes too */
    rc = get1(n, &ev, 0);
    CHECK("revoked/event", rc == rcOk && ev.events == (VG_EVENT_HANDLE_REVOKED | VG_EVENT_OBJECT_DESTROYED) &&
                               ev.count == 2,
          "%s events %x count %u", rc_name(rc), ev.events, ev.count);
    rc = get1(n, &ev, 0);
    CHECK("revoked/once", rc == rcTimeout, "%s", rc_name(rc));
    vg_handle_close(c);
    vg_handle_close(n);
}

static void timers(void)
{
    vg_handle_t n, t;
    struct vg_notice_event ev;
    vg_notice_create(&n);
    rc_t rc = vg_timer_create(&t);
    CHECK("timer/create", rc == rcOk, "%s", rc_name(rc));
    vg_notice_subscribe(n, t, VG_EVENT_TIMER_EXPIRED, TAG + 5);
    uint64_t t0 = ut_now();
    vg_timer_arm(t, 5 * UT_MS, 0);
    rc = get1(n, &ev, UT_SEC);
    uint64_t waited = ut_now() - t0;
    CHECK("timer/one_shot", rc == rcOk && ev.events == VG_EVENT_TIMER_EXPIRED && ev.count == 1 && waited >= 5 * UT_MS,
          "%s count %u after %llu ns", rc_name(rc), ev.count, (unsigned long long)waited);
    rc = get1(n, &ev, 20 * UT_MS);
    CHECK("timer/once_only", rc == rcTimeout, "%s", rc_name(rc));
    /* Periodic, read late: the ticks coalesce into one event whose count says how many. */
    vg_timer_arm(t, 1 * UT_MS, 1 * UT_MS);
    vg_thread_sleep(30 * UT_MS);
    vg_timer_arm(t, VG_INFINITE, 0);
    rc = get1(n, &ev, 0);
    CHECK("timer/periodic_coalesced", rc == rcOk && ev.count >= 2, "%s count %u", rc_name(rc), ev.count);
    rc = get1(n, &ev, 10 * UT_MS);
    CHECK("timer/disarmed", rc == rcTimeout, "%s", rc_name(rc));
    vg_handle_close(t);
    vg_handle_close(n);
}

static void user_events(void)
{
    vg_handle_t n, u, ro;
    struct vg_notice_event ev;
    vg_notice_create(&n);
    vg_user_object_create(&u);
    vg_handle_copy(u, VG_RIGHT_COPY, &ro); /* a client's handle: no VG_RIGHT_RAISE_EVENT */
    vg_notice_subscribe(n, ro, VG_EVENT_SPEC(1) | VG_EVENT_SPEC(2), TAG + 6);
    /* Raised far faster than read: one event, every bit, the exact count. */
    rc_t rc = rcOk;
    for (int i = 0; i < 100 && rc == rcOk; i++)
        rc = vg_notice_set_object_event(u, i % 2 ? VG_EVENT_SPEC(1) : VG_EVENT_SPEC(2) | VG_EVENT_SPEC(5));
    CHECK("user/raise", rc == rcOk, "%s", rc_name(rc));
    rc = get1(n, &ev, 0);
    CHECK("user/coalesced", rc == rcOk && ev.tag == TAG + 6 && ev.events == (VG_EVENT_SPEC(1) | VG_EVENT_SPEC(2)) &&
                                ev.count == 100,
          "%s events %x count %u", rc_name(rc), ev.events, ev.count);
    /* Bits outside the mask raise nothing for it. */
    vg_notice_set_object_event(u, VG_EVENT_SPEC(9));
    rc = get1(n, &ev, 0);
    CHECK("user/outside_mask", rc == rcTimeout, "%s", rc_name(rc));
    rc = vg_notice_set_object_event(ro, VG_EVENT_SPEC(1));
    CHECK("user/no_raise_right", rc == rcNoCapability, "%s", rc_name(rc));
    rc = vg_notice_set_object_event(u, VG_EVENT_OBJECT_DESTROYED);
    CHECK("user/general_part_refused", rc == rcInvalidArgument, "%s", rc_name(rc));
    rc = vg_notice_set_object_event(u, 0x40000000);
    CHECK("user/policy_denies", rc == rcSecurityDisallow, "%s", rc_name(rc));
    /* Unsubscribed: its unread events go with it. */
    vg_notice_set_object_event(u, VG_EVENT_SPEC(1));
    rc = vg_notice_unsubscribe(n, ro);
    rc_t rc2 = get1(n, &ev, 0);
    CHECK("user/unsubscribe", rc == rcOk && rc2 == rcTimeout, "%s %s", rc_name(rc), rc_name(rc2));
    rc = vg_notice_unsubscribe(n, ro);
    CHECK("user/unsubscribe_twice", rc == rcResourceNotFound, "%s", rc_name(rc));
    vg_handle_close(ro);
    vg_handle_close(u);
    vg_handle_close(n);
}

/* A subscription whose object is gone goes once its last events are read: one receiver outlives many
 * objects without filling its quota. */
static void dead_subscriptions_go(void)
{
    vg_handle_t n;
    vg_notice_create(&n);
    rc_t rc = rcOk, rc2 = rcOk;
    struct vg_notice_event ev = {0, 0, 0};
    int i = 0;
    for (; i < 3 * (int)VG_NOTICE_SUBS_MAX && rc == rcOk && rc2 == rcOk; i++) {
        vg_handle_t u;
        vg_user_object_create(&u);
        rc = vg_notice_subscribe(n, u, VG_EVENT_SPEC(0) | VG_EVENT_OBJECT_DESTROYED, (uint64_t)i);
        vg_notice_set_object_event(u, VG_EVENT_SPEC(0));
        vg_handle_close(u);
        rc2 = get1(n, &ev, 0);
        if (rc2 == rcOk && (ev.tag != (uint64_t)i || ev.events != (VG_EVENT_SPEC(0) | VG_EVENT_OBJECT_DESTROYED)))
            rc2 = rcInternalError;
    }
    CHECK("dead_subscriptions_go", rc == rcOk && rc2 == rcOk, "round %d: subscribe %s, get %s (events %x)", i,
          rc_name(rc), rc_name(rc2), ev.events);
    vg_handle_close(n);
}

static vg_handle_t waiting_notice;
static volatile rc_t waiter_rc = rcOk;

static int waiter(void *arg)
{
    (void)arg;
    struct vg_notice_event ev;
    waiter_rc = rcBusy;
    waiter_rc = get1(waiting_notice, &ev, VG_INFINITE);
    return 0;
}

static void destroyed_while_waiting(void)
{
    vg_notice_create(&waiting_notice);
    vg_thread_t *t;
    rc_t rc = vg_thread_create(&t, waiter, 0, VG_PRIORITY_NORMAL, 16384);
    CHECK("destroy_waiting/thread", rc == rcOk, "%s", rc_name(rc));
    while (waiter_rc != rcBusy)
        vg_thread_yield();
    vg_thread_sleep(2 * UT_MS); /* it waits in the kernel now */
    vg_handle_close(waiting_notice);
    rc = vg_thread_join(t, 2 * UT_SEC, 0);
    CHECK("destroy_waiting/woken", rc == rcOk && waiter_rc == rcNotConnected, "join %s, wait %s", rc_name(rc),
          rc_name(waiter_rc));
}

static vg_handle_t recv_server, recv_notice;
static volatile rc_t recv_rc = rcOk;

static int receiver(void *arg)
{
    (void)arg;
    uint8_t buf[64];
    struct vg_msgbuf req = {buf, sizeof buf, 0, 0};
    recv_rc = rcBusy;
    recv_rc = vg_recv_ex(recv_server, &req, VG_INFINITE, recv_notice);
    return 0;
}

static void recv_alongside(void)
{
    vg_handle_t ch, u;
    struct vg_notice_event ev;
    vg_notice_create(&recv_notice);
    vg_ipc_create_channel(0, 0, "notice.recv", &ch, &recv_server);
    vg_user_object_create(&u);
    vg_notice_subscribe(recv_notice, u, VG_EVENT_SPEC(0), TAG + 7);
    vg_thread_t *t;
    vg_thread_create(&t, receiver, 0, VG_PRIORITY_NORMAL, 16384);
    while (recv_rc != rcBusy)
        vg_thread_yield();
    vg_thread_sleep(2 * UT_MS);
    vg_notice_set_object_event(u, VG_EVENT_SPEC(0));
    rc_t rc = vg_thread_join(t, 2 * UT_SEC, 0);
    CHECK("recv/interrupted_by_notification", rc == rcOk && recv_rc == rcIpcInterrupt, "join %s, recv %s",
          rc_name(rc), rc_name(recv_rc));
    /* Pending events end a new Recv at once, until they are read. */
    uint8_t buf[64];
    struct vg_msgbuf req = {buf, sizeof buf, 0, 0};
    rc = vg_recv_ex(recv_server, &req, 10 * UT_MS, recv_notice);
    CHECK("recv/pending_ends_at_once", rc == rcIpcInterrupt, "%s", rc_name(rc));
    rc = get1(recv_notice, &ev, 0);
    CHECK("recv/event", rc == rcOk && ev.tag == TAG + 7, "%s", rc_name(rc));
    rc = vg_recv_ex(recv_server, &req, 10 * UT_MS, recv_notice);
    CHECK("recv/read_then_waits", rc == rcTimeout, "%s", rc_name(rc));
    vg_handle_close(u);
    vg_handle_close(ch);
    vg_handle_close(recv_server);
    vg_handle_close(recv_notice);
}

static void bad_input(void)
{
    vg_handle_t n, u, t;
    struct vg_notice_event ev[VG_NOTICE_EVENTS_MAX + 1];
    uint32_t count;
    vg_notice_create(&n);
    vg_user_object_create(&u);
    vg_timer_create(&t);
    rc_t rc = vg_notice_subscribe(u, u, VG_EVENT_SPEC(0), 0);
    CHECK("bad/subscribe_not_a_notice", rc == rcInvalidArgument, "%s", rc_name(rc));
    rc = vg_notice_subscribe(n, 0x7777, VG_EVENT_OBJECT_DESTROYED, 0);
    CHECK("bad/subscribe_forged_object", rc == rcInvalidArgument, "%s", rc_name(rc));
    rc = vg_notice_subscribe(n, u, 0, 0);
    CHECK("bad/subscribe_mask_0", rc == rcInvalidArgument, "%s", rc_name(rc));
    rc = vg_notice_subscribe(n, t, VG_EVENT_SPEC(3), 0);
    CHECK("bad/subscribe_mask_not_of_type", rc == rcInvalidArgument, "%s", rc_name(rc));
    rc = vg_notice_subscribe(n, n, VG_EVENT_PEER_GONE, 0);
    CHECK("bad/subscribe_peer_gone_on_notice", rc == rcInvalidArgument, "%s", rc_name(rc));
    rc = vg_notice_get_events(n, ev, 0, 0, &count);
    CHECK("bad/get_max_0", rc == rcInvalidArgument, "%s", rc_name(rc));
    rc = vg_notice_get_events(n, ev, VG_NOTICE_EVENTS_MAX + 1, 0, &count);
    CHECK("bad/get_max_too_big", rc == rcInvalidArgument, "%s", rc_name(rc));
    rc = vg_notice_get_events(n, (struct vg_notice_event *)0xffffff8040200000ull, 1, 0, &count);
    CHECK("bad/get_kernel_buffer", rc == rcInvalidArgument, "%s", rc_name(rc));
    rc = vg_notice_get_events(u, ev, 1, 0, &count);
    CHECK("bad/get_not_a_notice", rc == rcInvalidArgument, "%s", rc_name(rc));
    /* A buffer that faults loses nothing: the event is still there. */
    vg_notice_subscribe(n, u, VG_EVENT_SPEC(0), TAG + 8);
    vg_notice_set_object_event(u, VG_EVENT_SPEC(0));
    rc = vg_notice_get_events(n, (struct vg_notice_event *)0x7000000000ull, 1, 0, &count);
    rc_t rc2 = get1(n, ev, 0);
    CHECK("bad/get_unmapped_keeps_event", rc == rcTargetFault && rc2 == rcOk && ev[0].tag == TAG + 8, "%s %s",
          rc_name(rc), rc_name(rc2));
    rc = vg_timer_arm(u, 1, 0);
    CHECK("bad/arm_not_a_timer", rc == rcInvalidArgument, "%s", rc_name(rc));
    /* The quota: VG_NOTICE_SUBS_MAX subscriptions, then no more. */
    vg_handle_t objs[VG_NOTICE_SUBS_MAX + 1];
    unsigned made = 0;
    rc = rcOk;
    for (; made <= VG_NOTICE_SUBS_MAX && rc == rcOk; made++) {
        if ((rc = vg_user_object_create(&objs[made])) == rcOk &&
            (rc = vg_notice_subscribe(n, objs[made], VG_EVENT_SPEC(0), made)) != rcOk)
            made++; /* its object is closed below too */
    }
    CHECK("bad/quota", rc == rcQuotaExceeded && made == VG_NOTICE_SUBS_MAX + 1, "%s after %u", rc_name(rc), made);
    for (unsigned i = 0; i < made; i++)
        vg_handle_close(objs[i]);
    vg_handle_close(t);
    vg_handle_close(u);
    vg_handle_close(n);
}

/* Many rounds of everything: the kernel's objects, handles and memory come back. */
static void rounds(int from, int to)
{
    for (int i = from; i < to; i++) {
        vg_handle_t n, u, t, ch, sh;
        struct vg_notice_event ev;
        vg_notice_create(&n);
        vg_user_object_create(&u);
        vg_timer_create(&t);
        vg_ipc_create_channel(0, 0, "notice.round", &ch, &sh);
        vg_notice_subscribe(n, u, VG_EVENT_SPEC(0), 1);
        vg_notice_subscribe(n, t, VG_EVENT_TIMER_EXPIRED, 2);
        vg_notice_subscribe(n, sh, VG_EVENT_PEER_GONE, 3);
        vg_notice_set_object_event(u, VG_EVENT_SPEC(0));
        vg_timer_arm(t, 0, 0);
        if (i % 2)
            get1(n, &ev, 0);
        vg_handle_close(ch);
        if (i % 3) { /* the receiver first, or its objects first */
            vg_handle_close(n);
            vg_handle_close(u);
        } else {
            vg_handle_close(u);
            vg_handle_close(n);
        }
        vg_handle_close(t);
        vg_handle_close(sh);
    }
}

static void no_growth(void)
{
    rounds(0, 6); /* the caches' first pages, which they keep */
    struct kcounts before;
    rc_t rc = kcounts_read(&before);
    rounds(6, 206);
    kcounts_check_back("notice/rounds", rc, &before);
}

int main(void)
{
    peer_gone();
    task_completed();
    revoked();
    timers();
    user_events();
    dead_subscriptions_go();
    destroyed_while_waiting();
    recv_alongside();
    bad_input();
    no_growth();
    printf("notice: %d failed\n", check_failures);
    return check_failures != 0;
}
