/* thread.Thread: threads of the calling process. */
#include "core.h"
#include "../process.h"

static struct thread *find(struct process *p, uint64_t tid, struct thread ***link)
{
    for (struct thread **pp = &p->threads; *pp; pp = &(*pp)->proc_next) {
        if ((*pp)->id == tid) {
            if (link)
                *link = pp;
            return *pp;
        }
    }
    return 0;
}

static unsigned live_threads(struct process *p)
{
    unsigned n = 0;
    for (struct thread *t = p->threads; t; t = t->proc_next)
        n += t->state != THREAD_DEAD;
    return n;
}

static rc_t create(const struct core_args *a, uint64_t val[2])
{
    struct process *p = process_current();
    uint64_t entry = a->arg[0], stack_top = a->arg[2], prio = a->arg[3];
    if (!core_user_range(entry, 4) || (entry & 3) || !core_user_range(stack_top - 16, 16) || (stack_top & 15) ||
        prio > THREAD_PRIO_MAX)
        return rcInvalidArgument;
    if (p->nthreads >= p->max_threads)
        return rcQuotaExceeded;
    struct thread *t;
    rc_t rc = thread_create_user(p, (int)prio, entry, stack_top, (const uint64_t[4]){a->arg[1], 0, 0, 0}, &t);
    if (rc != rcOk)
        return rc;
    t->proc_next = p->threads;
    p->threads = t;
    p->nthreads++;
    val[0] = t->id;
    thread_start(t);
    return rcOk;
}

static rc_t exit_(const struct core_args *a, uint64_t val[2])
{
    (void)val;
    struct process *p = process_current();
    int code = (int)(int64_t)a->arg[0];
    if (live_threads(p) <= 1)
        process_end(p, code, VG_TASK_EXITED); /* the last thread ends the process */
    thread_exit(code);
}

static rc_t join(const struct core_args *a, uint64_t val[2])
{
    struct process *p = process_current();
    struct thread **link;
    struct thread *t = find(p, a->arg[0], &link);
    if (!t)
        return rcResourceNotFound;
    if (t == thread_current())
        return rcInvalidArgument;
    if (t->joining)
        return rcBusy;
    t->joining = true;
    int code;
    rc_t rc = thread_join_wait(t, a->arg[1], &code);
    t->joining = false;
    if (rc != rcOk)
        return rc;
    find(p, a->arg[0], &link); /* the list may have changed while we waited */
    *link = t->proc_next;
    p->nthreads--;
    thread_free(t);
    val[0] = (uint64_t)(int64_t)code;
    return rcOk;
}

static rc_t sleep(const struct core_args *a, uint64_t val[2])
{
    (void)val;
    if (a->arg[0] == 0)
        thread_yield();
    else
        thread_sleep_ns(a->arg[0]);
    return rcOk;
}

static rc_t yield(const struct core_args *a, uint64_t val[2])
{
    (void)a;
    (void)val;
    thread_yield();
    return rcOk;
}

static rc_t set_priority(const struct core_args *a, uint64_t val[2])
{
    struct process *p = process_current();
    if (a->arg[1] > THREAD_PRIO_MAX)
        return rcInvalidArgument;
    struct thread *t = a->arg[0] ? find(p, a->arg[0], 0) : thread_current();
    if (!t || t->state == THREAD_DEAD)
        return rcResourceNotFound;
    val[0] = (uint64_t)t->prio;
    return thread_set_priority(t, (int)a->arg[1]);
}

static rc_t self(const struct core_args *a, uint64_t val[2])
{
    (void)a;
    val[0] = thread_current()->id;
    val[1] = process_current()->pid;
    return rcOk;
}

static const struct core_method methods[] = {
    [VG_THREAD_CREATE] = {create, 4, 0, 0},      [VG_THREAD_EXIT] = {exit_, 1, 0, 0},
    [VG_THREAD_JOIN] = {join, 2, 0, 0},          [VG_THREAD_SLEEP] = {sleep, 1, 0, 0},
    [VG_THREAD_YIELD] = {yield, 0, 0, 0},        [VG_THREAD_SET_PRIORITY] = {set_priority, 2, 0, 0},
    [VG_THREAD_SELF] = {self, 0, 0, 0},
};
const struct core_endpoint core_thread_ep = {"thread.Thread", methods, sizeof methods / sizeof methods[0]};
