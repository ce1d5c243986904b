/* The checking build's invariants (kernel/invariants.h). Only reads kernel state, never changes it. */
#include "invariants.h"
#include "channel.h"
#include "handle.h"
#include "ipc.h"
#include "kcache.h"
#include "panic.h"
#include "process.h"

#define REFCOUNT_EVERY 16u

static void poisoned(const char *cache, size_t offset)
{
    panic("use after free: a freed %s object was written at offset %zu", cache, offset);
}

void invariants_init(void)
{
    kcache_set_poison(poisoned);
}

static void broken(const struct thread *t, const char *what)
{
    panic("invariant: thread %u (%s, process %s): %s", t->id, t->name, t->proc ? t->proc->name : "-", what);
}

/* How many times t is on q (a cycle counts as broken). */
static unsigned count_on(const struct wait_queue *q, const struct thread *t)
{
    unsigned n = 0, steps = 0;
    for (const struct thread *p = q->head; p; p = p->next) {
        if (++steps > THREAD_MAX)
            broken(t, "a wait queue has a cycle");
        n += p == t;
    }
    return n;
}

static bool on_sync(const struct thread *t)
{
    for (const struct thread *w = t->ipc.sync->waiters; w; w = w->ipc.sync_next)
        if (w == t)
            return true;
    return false;
}

static void check_ipc(const struct thread *t)
{
    const struct ipc_thread *ipc = &t->ipc;
    switch (ipc->state) {
    case IPC_IDLE:
        if (ipc->served_by)
            broken(t, "IDLE with a server");
        if (ipc->sync)
            broken(t, "IDLE but still an interrupt object's waiter");
        break;
    case IPC_SENDING:
        if (t->state != THREAD_BLOCKED || !ipc->chan || t->waiting_on != &channel_port(ipc->chan)->senders)
            broken(t, "SENDING but not queued on its channel's port");
        break;
    case IPC_WAIT_REPLY:
        if (t->state != THREAD_BLOCKED || t->waiting_on || !ipc->chan)
            broken(t, "WAIT_REPLY but not blocked on no queue in a Call");
        if (!ipc->served_by || ipc->served_by->ipc.serving != t)
            broken(t, "WAIT_REPLY: its server does not name it (served_by <-> serving)");
        break;
    case IPC_RECEIVING:
        if (t->state != THREAD_BLOCKED || !t->waiting_on)
            broken(t, "RECEIVING but on no queue");
        break;
    default:
        broken(t, "unknown IPC state");
    }
    if (ipc->serving && (ipc->serving->ipc.served_by != t || ipc->serving->ipc.state != IPC_WAIT_REPLY))
        broken(t, "serving a client that does not wait for it (serving <-> served_by)");
    if (ipc->sync && !on_sync(t))
        broken(t, "attached to an interrupt object that does not list it");
}

static void check_thread(const struct process *p, const struct thread *t)
{
    if (t->proc != p)
        broken(t, "on a process's list but not its thread");
    unsigned queued = sched_runqueue_count(t);
    switch (t->state) {
    case THREAD_READY:
        if (queued != 1 || t->waiting_on)
            broken(t, "READY but not on the run queue exactly once");
        break;
    case THREAD_RUNNING:
        if (t != thread_current() || queued)
            broken(t, "RUNNING but not the current thread");
        break;
    case THREAD_BLOCKED:
        if (queued || (t->waiting_on && count_on(t->waiting_on, t) != 1))
            broken(t, "BLOCKED but not on exactly its one wait queue");
        break;
    case THREAD_DEAD:
        if (queued || t->waiting_on)
            broken(t, "DEAD but still queued");
        break;
    }
    if (t->state != THREAD_DEAD)
        check_ipc(t);
}

/* ---- reference counts ----
 * Pass 1 zeroes the scratch count of every object a handle names, pass 2 counts the handles, pass 3
 * adds the kernel's own references and compares. */

static void zero(struct kobject *o, void *arg)
{
    (void)arg;
    o->check_refs = 0;
}

static void count(struct kobject *o, void *arg)
{
    (void)arg;
    o->check_refs++;
}

static void compare(struct kobject *o, void *arg)
{
    (void)arg;
    if (o->check_refs == UINT32_MAX)
        return; /* compared already */
    uint32_t want = o->check_refs;
    if (o->type == KOBJ_LISTENER) {
        struct listener *l = (struct listener *)o;
        want += l->channels + (l->owner && l->owner->listener == l);
    }
    if (o->type == KOBJ_IPC_SYNC && ((struct ipc_sync *)o)->owned)
        want++; /* its notification receiver's */
    if (o->type == KOBJ_TASK && ((struct task_obj *)o)->p)
        want++; /* its process's, until the process is released */
    if (o->refs != want)
        panic("invariant: %s object (SID %u) has %u references, %u exist", kobject_type_name(o->type), o->sid,
              o->refs, want);
    o->check_refs = UINT32_MAX;
}

static void for_each_handle(void (*fn)(struct kobject *, void *))
{
    for (struct process *p = process_list(); p; p = p->next)
        if (p->state == PROCESS_RUNNING)
            handle_table_for_each(&p->handles, fn, 0);
}

static void check_refcounts(void)
{
    for_each_handle(zero);
    for (struct process *p = process_list(); p; p = p->next) {
        if (p->listener)
            p->listener->obj.check_refs = 0;
        for (struct thread *t = p->threads; t; t = t->proc_next) {
            if (t->ipc.chan)
                t->ipc.chan->client.check_refs = 0;
            if (t->ipc.sync)
                t->ipc.sync->obj.check_refs = 0;
        }
    }
    for_each_handle(count);
    for (struct process *p = process_list(); p; p = p->next) {
        for (struct thread *t = p->threads; t; t = t->proc_next) {
            if (t->ipc.chan)
                t->ipc.chan->client.check_refs++;
            if (t->ipc.sync)
                t->ipc.sync->obj.check_refs++;
        }
    }
    for_each_handle(compare);
    for (struct process *p = process_list(); p; p = p->next)
        for (struct thread *t = p->threads; t; t = t->proc_next) {
            if (t->ipc.chan)
                compare(&t->ipc.chan->client, 0);
            if (t->ipc.sync)
                compare(&t->ipc.sync->obj, 0);
        }
}

void invariants_check(void)
{
    static unsigned calls;
    uint64_t flags = arch_irq_save();
    sched_check_runqueues();
    for (struct process *p = process_list(); p; p = p->next)
        for (struct thread *t = p->threads; t; t = t->proc_next)
            check_thread(p, t);
    if (++calls % REFCOUNT_EVERY == 0)
        check_refcounts();
    arch_irq_restore(flags);
}
