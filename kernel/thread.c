/* Thread objects: creation on a guarded kernel stack, exit, join, sleep. Scheduling is in sched.c. */
#include "thread.h"
#include "kcache.h"
#include "kheap.h"
#include "kmap.h"
#include "panic.h"
#include "process.h"
#include "ipc.h"

void sched_start_thread(struct thread *t);
__attribute__((noreturn)) void sched_exit_current(void);
void sched_set_boot_thread(struct thread *boot, struct thread *idle_thread);
void sched_kill(struct thread *t);

static struct kcache thread_cache;
static struct thread boot_thread;
static uint32_t next_id = 1;

static __attribute__((noreturn)) void thread_trampoline(void *arg)
{
    struct thread *t = arg;
    t->entry(t->arg);
    thread_exit(0);
}

static __attribute__((noreturn)) void idle_loop(void *arg)
{
    (void)arg;
    /* IRQs stay masked except for a moment after WFI: WFI wakes on a pending interrupt even when
     * masked, so no wake-up can slip in between the check and the wait. */
    for (;;) {
        thread_reap();
        sched_preempt_point();
        arch_idle();
        arch_irq_enable();
        arch_irq_disable();
    }
}

static rc_t thread_alloc(const char *name, int prio, void (*fn)(void *), void *arg, struct thread **out)
{
    if (prio < THREAD_PRIO_MIN || prio > THREAD_PRIO_MAX || !fn)
        return rcInvalidArgument;
    struct thread *t = kcache_alloc(&thread_cache);
    if (!t)
        return kcache_in_use(&thread_cache) >= THREAD_MAX ? rcQuotaExceeded : rcOutOfMemory;
    rc_t rc = kstack_alloc(THREAD_KSTACK_PAGES, &t->kstack_top);
    if (rc != rcOk) {
        kcache_free(&thread_cache, t);
        return rc;
    }
    t->name = name;
    t->prio = prio;
    t->entry = fn;
    t->arg = arg;
    t->id = next_id++;
    t->state = THREAD_BLOCKED;
    arch_context_init(&t->ctx, t->kstack_top, thread_trampoline, t);
    *out = t;
    return rcOk;
}

struct thread *thread_zombies; /* thread.h */
#define zombies thread_zombies

void thread_free(struct thread *t)
{
    arch_fp_forget(&t->fp);
    kstack_free(t->kstack_top, THREAD_KSTACK_PAGES);
    kcache_free(&thread_cache, t);
}

void thread_reap(void)
{
    if (!zombies)
        return;
    uint64_t flags = arch_irq_save();
    struct thread **p = &zombies;
    while (*p) {
        struct thread *t = *p;
        if (t == thread_current()) {
            p = &t->next;
            continue;
        }
        *p = t->next;
        thread_free(t);
    }
    arch_irq_restore(flags);
}

static __attribute__((noreturn)) void user_trampoline(void *arg)
{
    struct thread *t = arg;
    arch_user_enter(t->kstack_top, t->user_entry, t->user_sp, t->user_arg, 0);
}

rc_t thread_create_user(struct process *proc, int prio, uint64_t entry, uint64_t sp, const uint64_t args[4],
                        struct thread **out)
{
    struct thread *t;
    rc_t rc = thread_alloc("user", prio, user_trampoline, 0, &t);
    if (rc != rcOk)
        return rc;
    arch_context_init(&t->ctx, t->kstack_top, user_trampoline, t);
    t->proc = proc;
    t->as = process_aspace(proc);
    t->user_entry = entry;
    t->user_sp = sp;
    for (int i = 0; i < 4; i++)
        t->user_arg[i] = args[i];
    *out = t;
    return rcOk;
}

void thread_start(struct thread *t)
{
    sched_start_thread(t);
}

void thread_kill(struct thread *t)
{
    sched_kill(t);
}

void sched_init(void)
{
    if (kcache_init(&thread_cache, "thread", sizeof(struct thread), THREAD_MAX, &kheap_pages) != rcOk)
        panic("thread cache");
    struct thread *idle;
    if (thread_alloc("idle", THREAD_PRIO_MIN, idle_loop, 0, &idle) != rcOk)
        panic("no memory for the idle thread");
    idle->entry = 0;
    arch_context_init(&idle->ctx, idle->kstack_top, idle_loop, 0);
    boot_thread.name = "boot";
    boot_thread.prio = THREAD_PRIO_NORMAL;
    boot_thread.id = next_id++;
    sched_set_boot_thread(&boot_thread, idle);
}

rc_t thread_create(const char *name, int prio, void (*fn)(void *), void *arg, struct thread **out)
{
    struct thread *t;
    rc_t rc = thread_alloc(name, prio, fn, arg, &t);
    if (rc != rcOk)
        return rc;
    *out = t;
    sched_start_thread(t);
    return rcOk;
}

__attribute__((noreturn)) void thread_exit(int code)
{
    struct thread *t = thread_current();
    if (t == &boot_thread)
        panic("the boot thread cannot exit");
    arch_irq_save();
    ipc_thread_abort(t); /* a request it holds is answered rcNotConnected, as when it is killed */
    t->exit_code = code;
    wait_queue_wake_all(&t->joiners);
    if (t->autofree) {
        t->next = zombies;
        zombies = t;
    }
    sched_exit_current();
}

rc_t thread_join_wait(struct thread *t, uint64_t timeout_ns, int *code)
{
    uint64_t flags = arch_irq_save();
    while (t->state != THREAD_DEAD) {
        rc_t rc = sched_block(&t->joiners, timeout_ns);
        if (rc == rcTimeout && t->state != THREAD_DEAD) {
            arch_irq_restore(flags);
            return rcTimeout;
        }
    }
    arch_irq_restore(flags);
    if (code)
        *code = t->exit_code;
    return rcOk;
}

rc_t thread_join(struct thread *t, uint64_t timeout_ns, int *code)
{
    if (!t || t == thread_current() || t == &boot_thread)
        return rcInvalidArgument;
    rc_t rc = thread_join_wait(t, timeout_ns, code);
    if (rc == rcOk)
        thread_free(t);
    return rc;
}

void thread_sleep_ns(uint64_t ns)
{
    sched_block(0, ns);
}

unsigned thread_count(void)
{
    return (unsigned)kcache_in_use(&thread_cache);
}
