/* Notification tests (<vigil/notice.h>, docs/notifications.md), run as Einit with t_child as TChild:
 * one subscription per event kind (a channel's peer gone, a process ended, a handle revoked, a timer,
 * a user event, an object destroyed), coalescing (counts never lost), a wait that times out, a receiver
 * destroyed while a thread waits on it, Recv interrupted by a notification, bad arguments, the
 * subscription quota, the policy refusing a raise, and no kernel growth over many rounds; then the
 * attack/ checks (docs/notifications.md, Tests), an attacker's view of the same rules. */
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

/* ---- attacks (an EL0 attacker's view of the same documented behaviour) ---- */

/* A receiver subscribed to `count` new user objects (tags tag0...), each raised once if `raise`. */
static void users_subscribed(vg_handle_t *n, vg_handle_t *u, unsigned count, uint64_t tag0, int raise)
{
    vg_notice_create(n);
    for (unsigned i = 0; i < count; i++) {
        vg_user_object_create(&u[i]);
        vg_notice_subscribe(*n, u[i], VG_EVENT_SPEC(0), tag0 + i);
        if (raise)
            vg_notice_set_object_event(u[i], VG_EVENT_SPEC(0));
    }
}

static void close_all(vg_handle_t *h, unsigned count)
{
    for (unsigned i = 0; i < count; i++)
        vg_handle_close(h[i]);
}

/* A thread that reads n until it sees `until` (or the wait fails), OR'ing what it read. */
struct reader {
    vg_handle_t n;
    uint32_t until, seen, reads;
    volatile rc_t rc;
    vg_thread_t *t;
};

static int reader_main(void *arg)
{
    struct reader *r = arg;
    r->rc = rcBusy;
    for (;;) {
        struct vg_notice_event ev;
        rc_t rc = get1(r->n, &ev, VG_INFINITE);
        if (rc != rcOk || ((r->seen |= ev.events) & r->until)) {
            r->rc = rc;
            return 0;
        }
        r->reads++;
    }
}

static rc_t reader_start(struct reader *r, vg_handle_t n, uint32_t until)
{
    *r = (struct reader){.n = n, .until = until, .rc = rcOk};
    rc_t rc = vg_thread_create(&r->t, reader_main, r, VG_PRIORITY_NORMAL, 16384);
    while (rc == rcOk && r->rc != rcBusy)
        vg_thread_yield();
    vg_thread_sleep(2 * UT_MS); /* it waits in the kernel now (or soon: the checks hold either way) */
    return rc;
}

static rc_t reader_join(struct reader *r) { return vg_thread_join(r->t, 5 * UT_SEC, 0); }

/* A receiver subscribed to itself and to a second one that is subscribed to it: closing either
 * first tells the other, and nothing is left. */
static void attack_self_subscribe(void)
{
    vg_handle_t a, b;
    struct vg_notice_event ev;
    vg_notice_create(&a);
    vg_notice_create(&b);
    rc_t rc = vg_notice_subscribe(a, a, VG_EVENT_OBJECT_DESTROYED, 1);
    rc_t rc2 = vg_notice_subscribe(a, b, VG_EVENT_OBJECT_DESTROYED, 2);
    rc_t rc3 = vg_notice_subscribe(b, a, VG_EVENT_OBJECT_DESTROYED, 3);
    CHECK("attack/self_subscribe", rc == rcOk && rc2 == rcOk && rc3 == rcOk, "%s %s %s", rc_name(rc), rc_name(rc2),
          rc_name(rc3));
    /* A receiver is no handle to copy, and not an interrupt object anyone may set or clear. */
    vg_handle_t cp;
    rc = vg_handle_copy(a, 0, &cp);
    rc2 = vg_ipc_set_interrupt(a);
    rc3 = vg_ipc_clear_interrupt(a);
    CHECK("attack/receiver_not_copied_or_set", rc == rcNoCapability && rc2 == rcInvalidArgument &&
                                                   rc3 == rcInvalidArgument,
          "copy %s set %s clear %s", rc_name(rc), rc_name(rc2), rc_name(rc3));
    vg_handle_close(a);
    rc = get1(b, &ev, 0);
    CHECK("attack/self_subscribe_peer_told", rc == rcOk && ev.tag == 3 && ev.events == VG_EVENT_OBJECT_DESTROYED,
          "%s tag %llu events %x", rc_name(rc), (unsigned long long)ev.tag, ev.events);
    vg_handle_close(b);
}

/* One thread waits forever; the object it is subscribed to is closed (then revoked in a second
 * round): it wakes with the event, and the subscription, read, goes by itself (the quota is free). */
static void attack_object_closed_under_waiter(void)
{
    for (int round = 0; round < 2; round++) {
        vg_handle_t n, u, c;
        struct reader r;
        vg_notice_create(&n);
        vg_user_object_create(&u);
        vg_handle_copy(u, VG_RIGHT_COPY, &c);
        vg_notice_subscribe(n, c, VG_EVENT_OBJECT_DESTROYED | VG_EVENT_HANDLE_REVOKED, 9);
        rc_t rc = reader_start(&r, n, VG_EVENT_OBJECT_DESTROYED | VG_EVENT_HANDLE_REVOKED);
        if (round == 0) {
            vg_handle_close(u);
            vg_handle_close(c); /* the last reference */
        } else {
            vg_handle_revoke(u); /* c revoked, u closed: both at once */
        }
        rc_t jrc = reader_join(&r);
        CHECK(round ? "attack/revoked_under_waiter" : "attack/closed_under_waiter",
              rc == rcOk && jrc == rcOk && r.rc == rcOk &&
                  (r.seen & VG_EVENT_OBJECT_DESTROYED) && (round == 0) == !(r.seen & VG_EVENT_HANDLE_REVOKED),
              "thread %s join %s wait %s seen %x", rc_name(rc), rc_name(jrc), rc_name(r.rc), r.seen);
        struct vg_notice_event ev;
        rc = get1(n, &ev, 0);
        /* Its place is free: VG_NOTICE_SUBS_MAX new subscriptions fit. */
        vg_handle_t objs[VG_NOTICE_SUBS_MAX];
        unsigned made = 0;
        rc_t src = rcOk;
        for (; made < VG_NOTICE_SUBS_MAX && src == rcOk; made++)
            if ((src = vg_user_object_create(&objs[made])) == rcOk)
                src = vg_notice_subscribe(n, objs[made], VG_EVENT_SPEC(0), made);
        CHECK(round ? "attack/revoked_sub_gone" : "attack/closed_sub_gone", rc == rcTimeout && src == rcOk,
              "%s then subscribe %s after %u", rc_name(rc), rc_name(src), made);
        /* At the quota, subscribing an object again only replaces; a new one is refused. */
        rc = vg_notice_subscribe(n, objs[0], VG_EVENT_SPEC(1), 77);
        vg_handle_t x = 0;
        vg_user_object_create(&x);
        rc_t more = vg_notice_subscribe(n, x, VG_EVENT_OBJECT_DESTROYED, 78);
        vg_handle_close(x);
        CHECK(round ? "attack/revoked_quota_replace" : "attack/closed_quota_replace",
              rc == rcOk && more == rcQuotaExceeded, "%s %s", rc_name(rc), rc_name(more));
        close_all(objs, made);
        vg_handle_close(c); /* closed, or revoked: a revoked handle keeps its place until closed */
        vg_handle_close(n);
    }
}

/* Unsubscribing queued subscriptions (the middle, then the tail of the ready FIFO): the others keep
 * their order, a later raise is not lost, and no stale interrupt ends a Recv. */
static void attack_unsubscribe_queued(void)
{
    vg_handle_t n, u[4], ch, sh;
    struct vg_notice_event ev[VG_NOTICE_EVENTS_MAX];
    uint32_t k = 0;
    users_subscribed(&n, u, 4, 100, 0);
    for (unsigned i = 0; i < 3; i++)
        vg_notice_set_object_event(u[i], VG_EVENT_SPEC(0)); /* ready: 100 101 102 */
    vg_notice_unsubscribe(n, u[1]);                         /* the middle */
    vg_notice_unsubscribe(n, u[2]);                         /* now the tail */
    vg_notice_set_object_event(u[3], VG_EVENT_SPEC(0));     /* after the old tail */
    vg_notice_set_object_event(u[0], VG_EVENT_SPEC(0));
    rc_t rc = vg_notice_get_events(n, ev, VG_NOTICE_EVENTS_MAX, 0, &k);
    CHECK("attack/unsubscribe_queued_order",
          rc == rcOk && k == 2 && ev[0].tag == 100 && ev[0].count == 2 && ev[1].tag == 103 && ev[1].count == 1,
          "%s k %u tags %llu/%u %llu/%u", rc_name(rc), k, (unsigned long long)ev[0].tag, ev[0].count,
          (unsigned long long)ev[1].tag, ev[1].count);
    /* The only pending one unsubscribed: a Recv using the receiver waits (no interrupt left behind). */
    vg_ipc_create_channel(0, 0, "notice.attack", &ch, &sh);
    vg_notice_set_object_event(u[3], VG_EVENT_SPEC(0));
    vg_notice_unsubscribe(n, u[3]);
    uint8_t buf[64];
    struct vg_msgbuf req = {buf, sizeof buf, 0, 0};
    rc = vg_recv_ex(sh, &req, 5 * UT_MS, n);
    rc_t rc2 = get1(n, ev, 0);
    CHECK("attack/unsubscribe_clears_interrupt", rc == rcTimeout && rc2 == rcTimeout, "recv %s get %s", rc_name(rc),
          rc_name(rc2));
    close_all(u, 4);
    vg_handle_close(ch);
    vg_handle_close(sh);
    vg_handle_close(n);
}

/* A periodic timer closed under a waiting thread (it learns DESTROYED), and another one left armed
 * while its receiver is closed (it fires into nothing). */
static void attack_timer_closed(void)
{
    vg_handle_t n, t, n2, t2;
    struct reader r;
    vg_notice_create(&n);
    vg_timer_create(&t);
    vg_notice_subscribe(n, t, VG_EVENT_TIMER_EXPIRED | VG_EVENT_OBJECT_DESTROYED, 5);
    vg_timer_arm(t, 1 * UT_MS, 1 * UT_MS);
    rc_t rc = reader_start(&r, n, VG_EVENT_OBJECT_DESTROYED);
    vg_thread_sleep(5 * UT_MS);
    vg_handle_close(t);
    rc_t jrc = reader_join(&r);
    struct vg_notice_event ev;
    rc_t rc2 = get1(n, &ev, 10 * UT_MS);
    CHECK("attack/timer_closed_under_waiter",
          rc == rcOk && jrc == rcOk && r.rc == rcOk && (r.seen & VG_EVENT_OBJECT_DESTROYED) && rc2 == rcTimeout,
          "thread %s join %s wait %s seen %x after %u reads, then %s", rc_name(rc), rc_name(jrc), rc_name(r.rc), r.seen,
          r.reads, rc_name(rc2));
    vg_handle_close(n);
    vg_notice_create(&n2);
    vg_timer_create(&t2);
    vg_notice_subscribe(n2, t2, VG_EVENT_TIMER_EXPIRED, 6);
    vg_timer_arm(t2, 0, 1 * UT_MS);
    vg_handle_close(n2);
    vg_thread_sleep(5 * UT_MS);
    rc = vg_timer_arm(t2, 0, 0);
    CHECK("attack/timer_fires_into_closed_receiver", rc == rcOk, "%s", rc_name(rc));
    vg_handle_close(t2);
}

/* A receiver used as the interrupt object of a Recv is closed by another thread: the Recv ends. */
static void attack_recv_sync_destroyed(void)
{
    vg_handle_t ch;
    vg_notice_create(&recv_notice);
    vg_ipc_create_channel(0, 0, "notice.attack2", &ch, &recv_server);
    vg_thread_t *t;
    recv_rc = rcOk;
    rc_t rc = vg_thread_create(&t, receiver, 0, VG_PRIORITY_NORMAL, 16384);
    while (rc == rcOk && recv_rc != rcBusy)
        vg_thread_yield();
    vg_thread_sleep(2 * UT_MS);
    vg_handle_close(recv_notice);
    rc_t jrc = vg_thread_join(t, 2 * UT_SEC, 0);
    uint8_t buf[64];
    struct vg_msgbuf req = {buf, sizeof buf, 0, 0};
    rc_t rc2 = vg_recv_ex(recv_server, &req, 0, recv_notice);
    CHECK("attack/recv_sync_destroyed", rc == rcOk && jrc == rcOk && recv_rc == rcIpcInterrupt && rc2 == rcInvalidArgument,
          "thread %s join %s recv %s, closed sync %s", rc_name(rc), rc_name(jrc), rc_name(recv_rc), rc_name(rc2));
    vg_handle_close(ch);
    vg_handle_close(recv_server);
}

/* The window of a Recv between a request handed to it and its run: the client's timeout takes the
 * request back, and meanwhile the receiver the Recv uses is closed (or a plain interrupt object is set,
 * then closed); the Recv is attached to nothing then. When it runs and finds no request, it must end
 * with rcIpcInterrupt, not wait again on the closed receiver's freed interrupt object (or miss the
 * interrupt). Strict priorities make the order deterministic: the receiving thread is below the
 * others, so it runs only when the main thread sleeps. */
static volatile int window_client_done;
static vg_handle_t window_client;

static int window_caller(void *arg)
{
    (void)arg;
    uint64_t q[4] = {0}, a[4];
    const uint32_t size = sizeof(struct vg_msg_hdr) + sizeof(uint32_t); /* Ping(in UInt32) */
    const struct vg_msg_hdr hdr = {.size = size, .flags = VG_MSG_REQUEST};
    memcpy(q, &hdr, sizeof hdr);
    struct vg_msgbuf req = {q, size, 0, 0}, res = {a, sizeof a, 0, 0};
    vg_call_ex(window_client, &req, &res, 2 * UT_MS, 0); /* taken by the Recv, then timed out */
    window_client_done = 1;
    return 0;
}

static void attack_recv_window(int plain_sync)
{
    vg_handle_t sync;
    vg_thread_t *r, *c;
    rc_t rc = plain_sync ? vg_ipc_sync_create(&sync) : vg_notice_create(&sync);
    recv_notice = sync;
    vg_ipc_create_channel(0, 0, "notice.window", &window_client, &recv_server);
    recv_rc = rcOk;
    window_client_done = 0;
    if (rc == rcOk)
        rc = vg_thread_create(&r, receiver, 0, VG_PRIORITY_NORMAL - 2, 16384);
    vg_thread_sleep(5 * UT_MS); /* it waits in its Recv */
    if (rc == rcOk)
        rc = vg_thread_create(&c, window_caller, 0, VG_PRIORITY_NORMAL, 16384);
    while (rc == rcOk && !window_client_done)
        vg_thread_yield(); /* the caller runs, the receiver (lower) does not */
    if (plain_sync)
        vg_ipc_set_interrupt(sync); /* then closed: the Recv's reference keeps it */
    vg_handle_close(sync);
    vg_thread_sleep(5 * UT_MS); /* now the receiver runs */
    rc_t jrc = rc == rcOk ? vg_thread_join(r, 100 * UT_MS, 0) : rc;
    rc_t recv_seen = recv_rc;
    vg_handle_close(window_client); /* ends it if it still waits */
    if (jrc != rcOk)
        vg_thread_join(r, 2 * UT_SEC, 0);
    vg_thread_join(c, 2 * UT_SEC, 0);
    vg_handle_t probe[4]; /* the interrupt objects' cache gives out its last freed places */
    for (unsigned i = 0; i < 4; i++)
        vg_ipc_sync_create(&probe[i]);
    close_all(probe, 4);
    CHECK(plain_sync ? "attack/recv_window_sync_set" : "attack/recv_window_receiver_closed",
          rc == rcOk && jrc == rcOk && recv_seen == rcIpcInterrupt, "%s join %s recv %s", rc_name(rc), rc_name(jrc),
          rc_name(recv_seen));
    vg_handle_close(recv_server);
}

/* Two threads wait on one receiver: one event is read by exactly one of them, the receiver's
 * destruction ends the other's wait. */
static void attack_two_waiters(void)
{
    vg_handle_t n, u;
    struct reader r[2];
    vg_notice_create(&n);
    vg_user_object_create(&u);
    vg_notice_subscribe(n, u, VG_EVENT_SPEC(3), 7);
    rc_t rc = reader_start(&r[0], n, VG_EVENT_SPEC(3));
    if (rc == rcOk)
        rc = reader_start(&r[1], n, VG_EVENT_SPEC(3));
    vg_notice_set_object_event(u, VG_EVENT_SPEC(3));
    vg_thread_sleep(5 * UT_MS);
    vg_handle_close(n);
    rc_t j0 = reader_join(&r[0]), j1 = reader_join(&r[1]);
    int got = (r[0].rc == rcOk) + (r[1].rc == rcOk), lost = (r[0].rc == rcNotConnected) + (r[1].rc == rcNotConnected);
    CHECK("attack/two_waiters", rc == rcOk && j0 == rcOk && j1 == rcOk && got == 1 && lost == 1, "%s %s %s: %s %s",
          rc_name(rc), rc_name(j0), rc_name(j1), rc_name(r[0].rc), rc_name(r[1].rc));
    vg_handle_close(u);
}

/* GetEvents with hostile buffers and counts: refused or rcTargetFault, and nothing is taken. */
static rc_t raw_get(uint64_t n, uint64_t addr, uint64_t max)
{
    uint64_t val[2];
    return vg_core_call4(VG_CORE_NOTICE, VG_NOTICE_GET_EVENTS, n, addr, max, 0, val);
}

static void attack_bad_buffers(void)
{
    vg_handle_t n, u[2];
    struct vg_notice_event ev[VG_NOTICE_EVENTS_MAX];
    uint32_t k = 0;
    users_subscribed(&n, u, 2, 200, 1);
    void *rw = 0, *ro = 0;
    rc_t mrc = vg_vmm_map(0, 2 * VG_PAGE_SIZE, VG_PROT_READ | VG_PROT_WRITE, &rw);
    if (mrc == rcOk)
        mrc = vg_vmm_unmap((char *)rw + VG_PAGE_SIZE, VG_PAGE_SIZE);
    if (mrc == rcOk)
        mrc = vg_vmm_map(0, VG_PAGE_SIZE, VG_PROT_READ, &ro);
    CHECK("attack/bad_buffers_map", mrc == rcOk, "%s", rc_name(mrc));
    uint64_t edge = (uint64_t)(uintptr_t)rw + VG_PAGE_SIZE - sizeof ev[0]; /* one entry fits */
    rc_t r_straddle = raw_get(n, edge, 2);
    rc_t r_ro = raw_get(n, (uint64_t)(uintptr_t)ro, 1);
    rc_t r_odd = raw_get(n, (uint64_t)(uintptr_t)ev + 4, 1);
    rc_t r_wrap = raw_get(n, 0xfffffffffffffff0ull, 2);
    rc_t r_huge = raw_get(n, (uint64_t)(uintptr_t)ev, (1ull << 32) | 1);
    rc_t r_hbig = raw_get(n | 1ull << 32, (uint64_t)(uintptr_t)ev, 1);
    rc_t r_null = raw_get(n, 0, 1);
    CHECK("attack/bad_buffers_refused",
          r_straddle == rcTargetFault && r_ro == rcTargetFault && r_odd == rcInvalidArgument &&
              r_wrap == rcInvalidArgument && r_huge == rcInvalidArgument && r_hbig == rcInvalidArgument &&
              (r_null == rcInvalidArgument || r_null == rcTargetFault),
          "straddle %s ro %s odd %s wrap %s huge %s handle %s null %s", rc_name(r_straddle), rc_name(r_ro),
          rc_name(r_odd), rc_name(r_wrap), rc_name(r_huge), rc_name(r_hbig), rc_name(r_null));
    uint32_t ro_word = ro ? *(volatile uint32_t *)ro : 1;
    rc_t rc1 = raw_get(n, edge, 1); /* the mapped part alone is fine */
    struct vg_notice_event first = *(struct vg_notice_event *)(uintptr_t)edge;
    rc_t rc = vg_notice_get_events(n, ev, VG_NOTICE_EVENTS_MAX, 0, &k);
    CHECK("attack/bad_buffers_took_nothing",
          ro_word == 0 && rc1 == rcOk && first.tag == 200 && rc == rcOk && k == 1 && ev[0].tag == 201,
          "ro %x, edge %s tag %llu, then %s k %u", ro_word, rc_name(rc1), (unsigned long long)first.tag, rc_name(rc), k);
    vg_vmm_unmap(rw, VG_PAGE_SIZE);
    vg_vmm_unmap(ro, VG_PAGE_SIZE);
    close_all(u, 2);
    vg_handle_close(n);
}

/* The global subscription cache (4,096): 64 receivers of 64 subscriptions fill it; one more is
 * rcOutOfMemory, and every place comes back. */
#define FILL_RECEIVERS (4096u / VG_NOTICE_SUBS_MAX)
static void attack_sub_cache_full(void)
{
    static vg_handle_t rx[FILL_RECEIVERS + 1], objs[VG_NOTICE_SUBS_MAX];
    rc_t rc = rcOk;
    unsigned made = 0;
    for (unsigned i = 0; i < VG_NOTICE_SUBS_MAX && rc == rcOk; i++)
        rc = vg_user_object_create(&objs[i]);
    for (unsigned r = 0; r <= FILL_RECEIVERS && rc == rcOk; r++)
        rc = vg_notice_create(&rx[r]);
    for (unsigned r = 0; r < FILL_RECEIVERS && rc == rcOk; r++)
        for (unsigned i = 0; i < VG_NOTICE_SUBS_MAX && rc == rcOk; i++, made += rc == rcOk)
            rc = vg_notice_subscribe(rx[r], objs[i], VG_EVENT_SPEC(0), i);
    rc_t full = vg_notice_subscribe(rx[FILL_RECEIVERS], objs[0], VG_EVENT_SPEC(0), 0);
    /* Every one of them raised at once, then one receiver closed: its places are free again. */
    rc_t raise = vg_notice_set_object_event(objs[0], VG_EVENT_SPEC(0));
    vg_handle_close(rx[0]);
    rc_t again = vg_notice_subscribe(rx[FILL_RECEIVERS], objs[0], VG_EVENT_SPEC(0), 0);
    CHECK("attack/sub_cache_full",
          rc == rcOk && made == 4096 && full == rcOutOfMemory && raise == rcOk && again == rcOk,
          "%s after %u, then %s, raise %s, after a close %s", rc_name(rc), made, rc_name(full), rc_name(raise),
          rc_name(again));
    close_all(rx + 1, FILL_RECEIVERS);
    close_all(objs, VG_NOTICE_SUBS_MAX);
}

/* A task handle kept after its child was reaped: subscribing then is told at once, once; the pid
 * used again by a new child tells it nothing more. */
static void attack_task_handle_after_reap(void)
{
    vg_handle_t n, t;
    vg_pid_t pid, pid2 = 0;
    struct vg_notice_event ev;
    vg_notice_create(&n);
    rc_t rc = ut_child("exit", "3", 0, &pid);
    if (rc == rcOk)
        rc = vg_task_handle(pid, &t);
    if (rc == rcOk)
        rc = ut_wait(pid, VG_INFINITE, 0, 0);
    rc_t srh = rc == rcOk ? vg_task_handle(pid, &(vg_handle_t){0}) : rc;
    if (rc == rcOk)
        rc = vg_notice_subscribe(n, t, VG_EVENT_TASK_COMPLETED | VG_EVENT_OBJECT_DESTROYED, 11);
    rc_t rc2 = get1(n, &ev, 0);
    CHECK("attack/task_after_reap", rc == rcOk && srh == rcResourceNotFound && rc2 == rcOk && ev.tag == 11 &&
                                        ev.events == VG_EVENT_TASK_COMPLETED && ev.count == 1,
          "%s handle again %s, %s events %x count %u", rc_name(rc), rc_name(srh), rc_name(rc2), ev.events, ev.count);
    /* New children until one has the old pid (or a few): their ends are not the old one's. */
    for (int i = 0; i < 8 && pid2 != pid; i++) {
        if (ut_child("exit", "0", 0, &pid2) != rcOk)
            break;
        ut_wait(pid2, VG_INFINITE, 0, 0);
    }
    rc = get1(n, &ev, 0);
    CHECK("attack/task_pid_reuse_silent", rc == rcTimeout, "%s events %x", rc_name(rc), ev.events);
    vg_handle_close(t);
    rc = get1(n, &ev, 0);
    rc2 = get1(n, &ev, 0);
    CHECK("attack/task_handle_closed", rc == rcOk && rc2 == rcTimeout, "%s %s", rc_name(rc), rc_name(rc2));
    vg_handle_close(n);
}

/* A child with threads waiting in its receivers and a periodic timer armed, killed (then ending
 * itself): the parent's subscription learns it once, and everything of the child comes back. */
static void attack_child_dies_busy(void)
{
    for (int exit_self = 0; exit_self < 2; exit_self++) {
        vg_handle_t n, t = 0;
        vg_pid_t pid;
        int code = -1;
        enum vg_task_end how = 0;
        struct vg_notice_event ev;
        vg_notice_create(&n);
        rc_t rc = ut_child("notice-busy", exit_self ? "exit" : "kill", 0, &pid);
        if (rc == rcOk)
            rc = vg_task_handle(pid, &t);
        if (rc == rcOk)
            rc = vg_notice_subscribe(n, t, VG_EVENT_TASK_COMPLETED, 13);
        if (!exit_self) {
            vg_thread_sleep(20 * UT_MS); /* it waits, and its timer fires (the checks hold either way) */
            vg_task_kill(pid);
        }
        rc_t rc2 = get1(n, &ev, 5 * UT_SEC);
        rc_t wrc = ut_wait(pid, 5 * UT_SEC, &code, &how);
        rc_t rc3 = get1(n, &ev, 0);
        CHECK(exit_self ? "attack/child_exits_busy" : "attack/child_killed_busy",
              rc == rcOk && rc2 == rcOk && ev.events == VG_EVENT_TASK_COMPLETED && wrc == rcOk &&
                  (exit_self ? how == VG_TASK_EXITED && code == 6 : how == VG_TASK_KILLED) && rc3 == rcTimeout,
              "%s %s wait %s %s %d, again %s", rc_name(rc), rc_name(rc2), rc_name(wrc), ut_how(how), code, rc_name(rc3));
        vg_handle_close(t);
        vg_handle_close(n);
    }
}

/* A task handle names the child's task object, not the process: 80 kept handles to reaped children
 * (more than the kernel's 64 process places) and processes still start. */
static void attack_task_handles_pin_processes(void)
{
    static vg_handle_t kept[80];
    unsigned n = 0;
    rc_t rc = rcOk;
    for (; n < 80 && rc == rcOk; n++) {
        vg_pid_t pid;
        if ((rc = ut_child("exit", "0", 0, &pid)) != rcOk)
            break;
        rc = vg_task_handle(pid, &kept[n]);
        ut_wait(pid, VG_INFINITE, 0, 0);
    }
    CHECK("attack/task_handles_pin_processes", rc == rcOk && n == 80, "%s after %u children", rc_name(rc), n);
    close_all(kept, n);
}

/* A user timer with a 1 ns period: the system still makes progress, and the ticks coalesce. */
static void attack_timer_storm(void)
{
    vg_handle_t n, t;
    struct vg_notice_event ev;
    vg_notice_create(&n);
    vg_timer_create(&t);
    vg_notice_subscribe(n, t, VG_EVENT_TIMER_EXPIRED, 12);
    vg_timer_arm(t, 0, 1);
    for (int i = 0; i < 100; i++)
        vg_thread_yield();
    rc_t rc = get1(n, &ev, VG_INFINITE);
    rc_t rc2 = vg_timer_arm(t, VG_INFINITE, 0);
    get1(n, &ev, 0);
    rc_t rc3 = get1(n, &ev, 5 * UT_MS);
    CHECK("attack/timer_storm", rc == rcOk && rc2 == rcOk && rc3 == rcTimeout, "%s %s %s", rc_name(rc), rc_name(rc2),
          rc_name(rc3));
    vg_handle_close(t);
    vg_handle_close(n);
}

/* 32 timers, each periodic at the shortest period, watched by 8 receivers of 64 subscriptions each
 * (512 raises a millisecond): the system still makes progress, and closing them all stops it. (A
 * storm of every subscription the kernel has makes progress too, but takes a minute of host time under
 * QEMU, too long for the suite.) */
#define STORM_TIMERS   32u
#define STORM_RECEIVERS 8u
static void attack_timer_storm_all(void)
{
    static vg_handle_t tm[STORM_TIMERS], rx[STORM_RECEIVERS];
    unsigned made = 0, subs = 0;
    rc_t rc = rcOk;
    for (unsigned i = 0; i < STORM_RECEIVERS && rc == rcOk; i++)
        rc = vg_notice_create(&rx[i]);
    for (; made < STORM_TIMERS && rc == rcOk; made++)
        if ((rc = vg_timer_create(&tm[made])) != rcOk)
            break;
    for (unsigned r = 0; r < STORM_RECEIVERS && rc == rcOk; r++)
        for (unsigned j = 0; j < VG_NOTICE_SUBS_MAX && rc == rcOk; j++, subs += rc == rcOk)
            rc = vg_notice_subscribe(rx[r], tm[(r * VG_NOTICE_SUBS_MAX + j) % STORM_TIMERS], VG_EVENT_TIMER_EXPIRED, j);
    for (unsigned i = 0; i < made && rc == rcOk; i++)
        rc = vg_timer_arm(tm[i], 0, 1);
    for (int i = 0; i < 100; i++)
        vg_thread_yield();
    struct vg_notice_event ev[VG_NOTICE_EVENTS_MAX];
    uint32_t k = 0;
    rc_t grc = rc == rcOk ? vg_notice_get_events(rx[0], ev, VG_NOTICE_EVENTS_MAX, VG_INFINITE, &k) : rc;
    close_all(tm, made);
    CHECK("attack/timer_storm_all", rc == rcOk && made == STORM_TIMERS && subs == STORM_RECEIVERS * VG_NOTICE_SUBS_MAX && grc == rcOk && k >= 1,
          "%s after %u timers %u subscriptions, %s k %u", rc_name(rc), made, subs, rc_name(grc), k);
    close_all(rx, STORM_RECEIVERS);
}

static void attacks(void)
{
    attack_self_subscribe(); /* warms the caches (they keep their pages) */
    attack_sub_cache_full();
    attack_timer_storm_all();
    struct kcounts before;
    rc_t rc = kcounts_read(&before);
    attack_self_subscribe();
    attack_object_closed_under_waiter();
    attack_unsubscribe_queued();
    attack_timer_closed();
    attack_recv_sync_destroyed();
    attack_recv_window(0);
    attack_recv_window(1);
    attack_two_waiters();
    attack_bad_buffers();
    attack_sub_cache_full();
    attack_task_handle_after_reap();
    attack_timer_storm();
    attack_timer_storm_all();
    attack_child_dies_busy();
    kcounts_check_back("attack", rc, &before);
    attack_task_handles_pin_processes();
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
    attacks();
    printf("notice: %d failed\n", check_failures);
    return check_failures != 0;
}
