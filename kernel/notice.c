/* Notification receivers (kernel/notice.h). A subscription is on three lists: its object's watchers
 * (tnext), its receiver's subscriptions (nnext) and, while it has unread events, its receiver's ready
 * FIFO (rnext). Every list is short (a receiver has at most VG_NOTICE_SUBS_MAX subscriptions), so
 * removal walks it. */
#include "notice.h"
#include "arch.h"
#include "channel.h"
#include "clock.h"
#include "ipc.h"
#include "kcache.h"
#include "kheap.h"
#include "process.h"
#include "thread.h"

#define NOTICE_MAX       1024u
#define SUBSCRIPTION_MAX 4096u
#define USER_OBJECT_MAX  1024u
#define TIMER_MAX        256u

struct subscription {
    struct notice *n;
    struct kobject *target;        /* NULL once the object is destroyed */
    const void *slot;              /* the handle it was made with, until revoked or closed; NULL after */
    struct subscription *tnext, *nnext, *rnext;
    uint64_t tag;
    uint32_t mask, pending, count;
    bool queued;                   /* on the ready FIFO */
};

struct notice {
    struct kobject obj;            /* KOBJ_NOTICE */
    struct subscription *subs;
    struct subscription *ready_head, *ready_tail;
    unsigned nsubs;
    struct wait_queue waiters;     /* threads in notice_get_events */
    struct ipc_sync *sync;         /* interrupted while ready_head is not NULL */
};

struct user_object {
    struct kobject obj;            /* KOBJ_USER */
};

struct timer {
    struct kobject obj;            /* KOBJ_TIMER */
    struct timer_event ev;
    uint64_t period_ns;
};

static struct kcache notice_cache, sub_cache, user_cache, timer_cache;
static unsigned live_subs;

static void watch_destroyed(struct kobject *obj);
static void watch_revoked(struct kobject *obj, const void *slot);
static void watch_closed(struct kobject *obj, const void *slot);
static const struct kobject_watch watch = {watch_destroyed, watch_revoked, watch_closed};

void notice_init(void)
{
    kcache_init(&notice_cache, "notice", sizeof(struct notice), NOTICE_MAX, &kheap_pages);
    kcache_init(&sub_cache, "notice-sub", sizeof(struct subscription), SUBSCRIPTION_MAX, &kheap_pages);
    kcache_init(&user_cache, "user-object", sizeof(struct user_object), USER_OBJECT_MAX, &kheap_pages);
    kcache_init(&timer_cache, "timer", sizeof(struct timer), TIMER_MAX, &kheap_pages);
    kobject_set_watch(&watch);
}

unsigned notice_subscription_count(void) { return live_subs; }
struct kobject *notice_obj(struct notice *n) { return &n->obj; }
struct wait_queue *notice_waiters(struct notice *n) { return &n->waiters; }
struct ipc_sync *notice_ipc_sync(struct notice *n) { return n->sync; }

/* ---- raising ---- */

static void wake_receiver(struct notice *n)
{
    wait_queue_wake_all(&n->waiters);
    ipc_sync_set(n->sync, true); /* IPC waits using it end with rcIpcInterrupt, and later ones at once */
}

static void raise_one(struct subscription *s, uint32_t events)
{
    uint32_t hit = events & s->mask;
    if (!hit)
        return;
    s->pending |= hit;
    if (s->count != UINT32_MAX)
        s->count++;
    struct notice *n = s->n;
    if (!s->queued) {
        s->queued = true;
        s->rnext = 0;
        if (n->ready_tail)
            n->ready_tail->rnext = s;
        else
            n->ready_head = s;
        n->ready_tail = s;
    }
    wake_receiver(n);
}

void notice_raise(struct kobject *obj, uint32_t events)
{
    uint64_t flags = arch_irq_save();
    for (struct subscription *s = obj->watchers; s; s = s->tnext)
        raise_one(s, events);
    arch_irq_restore(flags);
}

uint32_t notice_events_of(const struct kobject *obj)
{
    uint32_t general = VG_EVENT_OBJECT_DESTROYED | VG_EVENT_HANDLE_REVOKED;
    switch (obj->type) {
    case KOBJ_CHANNEL_CLIENT:
    case KOBJ_CHANNEL_SERVER:
        return general | VG_EVENT_PEER_GONE;
    case KOBJ_TASK:
        return general | VG_EVENT_TASK_COMPLETED;
    case KOBJ_TIMER:
        return general | VG_EVENT_TIMER_EXPIRED;
    case KOBJ_USER:
        return general | VG_EVENT_SPEC_MASK;
    default:
        return general;
    }
}

/* The specialised events obj has had already (raised at once to a new subscription). */
static uint32_t happened(struct kobject *obj)
{
    switch (obj->type) {
    case KOBJ_CHANNEL_CLIENT:
        return channel_of_client(obj)->server_gone ? VG_EVENT_PEER_GONE : 0;
    case KOBJ_CHANNEL_SERVER:
        return channel_of_server(obj)->client_gone ? VG_EVENT_PEER_GONE : 0;
    case KOBJ_TASK:
        return ((struct task_obj *)obj)->ended ? VG_EVENT_TASK_COMPLETED : 0;
    default:
        return 0;
    }
}

/* ---- lists ---- */

static void unlink_target(struct subscription *s)
{
    if (!s->target)
        return;
    for (struct subscription **p = (struct subscription **)&s->target->watchers; *p; p = &(*p)->tnext) {
        if (*p == s) {
            *p = s->tnext;
            break;
        }
    }
    s->target = 0;
    s->slot = 0;
    s->tnext = 0;
}

static void unlink_ready(struct subscription *s)
{
    if (!s->queued)
        return;
    struct notice *n = s->n;
    struct subscription *prev = 0;
    for (struct subscription *q = n->ready_head; q; prev = q, q = q->rnext) {
        if (q != s)
            continue;
        if (prev)
            prev->rnext = s->rnext;
        else
            n->ready_head = s->rnext;
        if (n->ready_tail == s)
            n->ready_tail = prev;
        break;
    }
    s->queued = false;
    s->rnext = 0;
    if (!n->ready_head)
        ipc_sync_set(n->sync, false);
}

/* Off every list, freed. */
static void sub_free(struct subscription *s)
{
    struct notice *n = s->n;
    unlink_target(s);
    unlink_ready(s);
    for (struct subscription **p = &n->subs; *p; p = &(*p)->nnext) {
        if (*p == s) {
            *p = s->nnext;
            break;
        }
    }
    n->nsubs--;
    live_subs--;
    kcache_free(&sub_cache, s);
}

/* ---- the object hooks (kobject_watch) ---- */

static void watch_destroyed(struct kobject *obj)
{
    uint64_t flags = arch_irq_save();
    notice_raise(obj, VG_EVENT_OBJECT_DESTROYED);
    /* The subscriptions stay with their receivers until their last events are read. */
    for (struct subscription *s = obj->watchers, *next; s; s = next) {
        next = s->tnext;
        s->target = 0;
        s->slot = 0;
        s->tnext = 0;
        if (!s->queued) /* nothing left to tell: it would only take a place */
            sub_free(s);
    }
    obj->watchers = 0;
    arch_irq_restore(flags);
}

static void watch_revoked(struct kobject *obj, const void *slot)
{
    uint64_t flags = arch_irq_save();
    for (struct subscription *s = obj->watchers; s; s = s->tnext) {
        if (s->slot == slot) {
            s->slot = 0; /* a revoked handle is never revoked again */
            raise_one(s, VG_EVENT_HANDLE_REVOKED);
        }
    }
    arch_irq_restore(flags);
}

static void watch_closed(struct kobject *obj, const void *slot)
{
    for (struct subscription *s = obj->watchers; s; s = s->tnext)
        if (s->slot == slot)
            s->slot = 0; /* the slot may name another handle next */
}

/* ---- receivers ---- */

static void notice_destroyed(struct kobject *o)
{
    struct notice *n = (struct notice *)o;
    while (n->subs)
        sub_free(n->subs);
    wait_queue_wake_all(&n->waiters); /* they find the handle gone: rcNotConnected */
    ipc_sync_set(n->sync, true);
    kobject_unref(&n->sync->obj);
    kcache_free(&notice_cache, n);
}

rc_t notice_create(struct notice **out)
{
    struct notice *n = kcache_alloc(&notice_cache);
    if (!n)
        return rcOutOfMemory;
    struct ipc_sync *s;
    rc_t rc = ipc_sync_create(&s);
    if (rc != rcOk) {
        kcache_free(&notice_cache, n);
        return rc;
    }
    if ((rc = kobject_init(&n->obj, KOBJ_NOTICE, notice_destroyed)) != rcOk) {
        kobject_unref(&s->obj);
        kcache_free(&notice_cache, n);
        return rc;
    }
    n->subs = n->ready_head = n->ready_tail = 0;
    n->nsubs = 0;
    n->waiters.head = 0;
    n->sync = s;
    s->owned = true;
    *out = n;
    return rcOk;
}

rc_t notice_subscribe(struct notice *n, struct kobject *obj, const void *slot, uint32_t events, uint64_t tag)
{
    if (!events || (events & ~notice_events_of(obj)))
        return rcInvalidArgument;
    uint64_t flags = arch_irq_save();
    struct subscription *s = obj->watchers;
    while (s && s->n != n)
        s = s->tnext;
    if (!s) {
        if (n->nsubs >= VG_NOTICE_SUBS_MAX) {
            arch_irq_restore(flags);
            return rcQuotaExceeded;
        }
        if (!(s = kcache_alloc(&sub_cache))) {
            arch_irq_restore(flags);
            return rcOutOfMemory;
        }
        *s = (struct subscription){.n = n, .target = obj};
        s->tnext = obj->watchers;
        obj->watchers = s;
        s->nnext = n->subs;
        n->subs = s;
        n->nsubs++;
        live_subs++;
    }
    s->slot = slot;
    s->mask = events;
    s->tag = tag;
    raise_one(s, happened(obj));
    arch_irq_restore(flags);
    return rcOk;
}

rc_t notice_unsubscribe(struct notice *n, struct kobject *obj)
{
    uint64_t flags = arch_irq_save();
    struct subscription *s = obj->watchers;
    while (s && s->n != n)
        s = s->tnext;
    if (s)
        sub_free(s);
    arch_irq_restore(flags);
    return s ? rcOk : rcResourceNotFound;
}

uint32_t notice_peek(struct notice *n, struct vg_notice_event *out, uint32_t max)
{
    uint32_t k = 0;
    for (struct subscription *s = n->ready_head; s && k < max; s = s->rnext, k++)
        out[k] = (struct vg_notice_event){s->tag, s->pending, s->count};
    return k;
}

void notice_take(struct notice *n, uint32_t k)
{
    uint64_t flags = arch_irq_save();
    while (k-- && n->ready_head) {
        struct subscription *s = n->ready_head;
        n->ready_head = s->rnext;
        if (!n->ready_head)
            n->ready_tail = 0;
        s->queued = false;
        s->rnext = 0;
        s->pending = s->count = 0;
        if (!s->target)
            sub_free(s); /* its object is gone: this was its last word */
    }
    if (!n->ready_head)
        ipc_sync_set(n->sync, false);
    arch_irq_restore(flags);
}

/* ---- user objects and timers ---- */

static void user_object_destroyed(struct kobject *o)
{
    kcache_free(&user_cache, (struct user_object *)o);
}

rc_t notice_user_object_create(struct kobject **out)
{
    struct user_object *u = kcache_alloc(&user_cache);
    if (!u)
        return rcOutOfMemory;
    rc_t rc = kobject_init(&u->obj, KOBJ_USER, user_object_destroyed);
    if (rc != rcOk) {
        kcache_free(&user_cache, u);
        return rc;
    }
    *out = &u->obj;
    return rcOk;
}

static void timer_destroyed(struct kobject *o)
{
    struct timer *t = (struct timer *)o;
    timer_event_cancel(&t->ev);
    kcache_free(&timer_cache, t);
}

static void timer_fired(struct timer_event *ev)
{
    struct timer *t = (struct timer *)((char *)ev - __builtin_offsetof(struct timer, ev));
    if (t->period_ns) {
        /* Ticks missed while the kernel was busy coalesce into the count of one subscription. */
        uint64_t now = clock_now_ns(), next = ev->deadline_ns + t->period_ns;
        if (next <= now || next < ev->deadline_ns)
            next = now + t->period_ns < now ? UINT64_MAX - 1 : now + t->period_ns;
        timer_event_arm(ev, next, timer_fired);
    }
    notice_raise(&t->obj, VG_EVENT_TIMER_EXPIRED);
}

rc_t notice_timer_create(struct kobject **out)
{
    struct timer *t = kcache_alloc(&timer_cache);
    if (!t)
        return rcOutOfMemory;
    rc_t rc = kobject_init(&t->obj, KOBJ_TIMER, timer_destroyed);
    if (rc != rcOk) {
        kcache_free(&timer_cache, t);
        return rc;
    }
    t->ev = (struct timer_event){0, 0, 0, false};
    t->period_ns = 0;
    *out = &t->obj;
    return rcOk;
}

void notice_timer_arm(struct kobject *timer, uint64_t delay_ns, uint64_t period_ns)
{
    struct timer *t = (struct timer *)timer;
    /* A period shorter than a tick's own work would never let the timer interrupt end (clock.c runs
     * every due event, and one re-armed 1 ns later is due again): VG_TIMER_MIN_PERIOD_NS at least. */
    if (period_ns && period_ns < VG_TIMER_MIN_PERIOD_NS)
        period_ns = VG_TIMER_MIN_PERIOD_NS;
    uint64_t flags = arch_irq_save();
    timer_event_cancel(&t->ev);
    t->period_ns = period_ns;
    if (delay_ns != UINT64_MAX) {
        uint64_t now = clock_now_ns();
        timer_event_arm(&t->ev, now + delay_ns < now ? UINT64_MAX - 1 : now + delay_ns, timer_fired);
    }
    arch_irq_restore(flags);
}
