/* Process lifecycle: start from a ROMFS program, end (exit, fault, kill), wait. */
#include "process.h"
#include "notice.h"
#include "console.h"
#include "elf.h"
#include "kcache.h"
#include "kheap.h"
#include "romfs.h"
#include "security.h"
#include "string.h"
#include "usyms.h"
#include "channel.h"
#include "ipc.h"
#include <vigil/core.h>
#include <vigil/vmm.h>

/* romfs_find accepts only names that fit a ROMFS entry (rcInvalidArgument otherwise), so a process
 * keeps its program's name, which is its class, whole. */
_Static_assert(PROCESS_NAME_MAX >= ROMFS_NAME_MAX, "a ROMFS name must fit a process name");

static struct kcache process_cache, task_cache;
static struct process *all;
static uint32_t next_pid = 1;

void process_init(void)
{
    kcache_init(&process_cache, "process", sizeof(struct process), PROCESS_MAX, &kheap_pages);
    kcache_init(&task_cache, "task", sizeof(struct task_obj), TASK_OBJ_MAX, &kheap_pages);
}

struct process *process_current(void)
{
    struct thread *t = thread_current();
    return t ? t->proc : 0;
}

static struct process kernel_process = {.name = "kernel"};
struct process *process_kernel(void) { return &kernel_process; }

struct aspace *process_aspace(struct process *p) { return p->vm.as; }

struct process *process_by_pid(uint32_t pid)
{
    for (struct process *p = all; p; p = p->next)
        if (p->pid == pid)
            return p;
    return 0;
}

struct process *process_list(void) { return all; }

static uint32_t alloc_pid(void)
{
    for (;;) {
        uint32_t pid = next_pid++;
        if (next_pid == 0)
            next_pid = 1;
        if (pid && !process_by_pid(pid))
            return pid;
    }
}

/* Lays out argv and envp at the top of the main stack: the strings, then the two NULL-terminated
 * pointer arrays; returns the initial SP (16-byte aligned) and the arrays' addresses. */
static rc_t push_args(struct vm *vm, const char *strings, uint32_t size, uint32_t argc, uint32_t envc,
                      uint64_t *sp, uint64_t *argv, uint64_t *envp)
{
    uint64_t top = PROCESS_STACK_TOP;
    uint64_t str_va = (top - size) & ~15ull;
    uint64_t nptr = (uint64_t)argc + 1 + envc + 1;
    uint64_t arr_va = (str_va - nptr * 8) & ~15ull;
    if (top - arr_va > PROCESS_STACK_SIZE / 2)
        return rcInvalidArgument;
    rc_t rc = vm_write(vm, str_va, strings, size);
    uint64_t off = 0;
    for (uint64_t i = 0; rc == rcOk && i < nptr; i++) {
        uint64_t ptr = 0;
        if (i != argc && i != nptr - 1) {
            ptr = str_va + off;
            off += strnlen(strings + off, size - off) + 1;
        }
        rc = vm_write(vm, arr_va + i * 8, &ptr, 8);
    }
    *argv = arr_va;
    *envp = arr_va + ((uint64_t)argc + 1) * 8;
    *sp = arr_va;
    return rc;
}

static void release(struct process *p)
{
    for (struct process **pp = &all; *pp; pp = &(*pp)->next) {
        if (*pp == p) {
            *pp = p->next;
            break;
        }
    }
    /* Its task object, if a task handle made one, outlives it as "ended" while handles name it. */
    struct task_obj *t = p->task;
    if (t) {
        t->p = 0;
        p->task = 0;
        kobject_unref(&t->obj);
    }
    kobject_unref(&p->obj); /* its SID and security contexts go with it (kobject_set_sid_release) */
    kcache_free(&process_cache, p);
}

/* ---- task objects (task.GetHandle) ---- */

static void task_obj_destroyed(struct kobject *o)
{
    kcache_free(&task_cache, (struct task_obj *)o); /* p released it first: it held a reference */
}

rc_t process_task_obj(struct process *p, struct kobject **out)
{
    if (!p->task) {
        struct task_obj *t = kcache_alloc(&task_cache);
        if (!t)
            return rcOutOfMemory;
        rc_t rc = kobject_init(&t->obj, KOBJ_TASK, task_obj_destroyed);
        if (rc != rcOk) {
            kcache_free(&task_cache, t);
            return rc;
        }
        t->p = p;
        t->ended = p->state == PROCESS_ENDED;
        p->task = t; /* the process's reference, given back at release */
    }
    *out = &p->task->obj;
    return rcOk;
}

/* A name stays while this process still holds its end of the channel: the handle value it was given
 * still names that channel's end here. Closed, revoked or reused values release it (generations make a
 * closed value fail), so a process may take part in any number of channels over its life. */
static bool name_live(struct process *p, const struct process_channel_name *n)
{
    struct kobject *o;
    if (n->client_h && handle_lookup(&p->handles, n->client_h, KOBJ_CHANNEL_CLIENT, 0, &o, 0) == rcOk &&
        strncmp(channel_of_client(o)->name, n->name, PROCESS_CHANNEL_NAME_MAX) == 0)
        return true;
    if (n->server_h && handle_lookup(&p->handles, n->server_h, KOBJ_CHANNEL_SERVER, 0, &o, 0) == rcOk &&
        strncmp(channel_of_server(o)->name, n->name, PROCESS_CHANNEL_NAME_MAX) == 0)
        return true;
    return false;
}

static void prune_names(struct process *p)
{
    unsigned kept = 0;
    for (unsigned i = 0; i < p->nnames; i++)
        if (name_live(p, &p->names[i]))
            p->names[kept++] = p->names[i];
    p->nnames = kept;
}

bool process_channel_room(struct process *p)
{
    prune_names(p);
    return p->nnames < PROCESS_MAX_CHANNELS;
}

rc_t process_channel_find(struct process *p, const char *name, uint32_t *client_h, uint32_t *server_h)
{
    prune_names(p);
    for (unsigned i = 0; i < p->nnames; i++) {
        if (strncmp(p->names[i].name, name, PROCESS_CHANNEL_NAME_MAX) == 0) {
            if (client_h)
                *client_h = p->names[i].client_h;
            if (server_h)
                *server_h = p->names[i].server_h;
            return rcOk;
        }
    }
    return rcResourceNotFound;
}

void process_channel_add(struct process *p, const char *name, uint32_t client_h, uint32_t server_h)
{
    for (unsigned i = 0; i < p->nnames; i++) {
        if (strncmp(p->names[i].name, name, PROCESS_CHANNEL_NAME_MAX) == 0) {
            if (client_h)
                p->names[i].client_h = client_h;
            if (server_h)
                p->names[i].server_h = server_h;
            return;
        }
    }
    if (p->nnames == PROCESS_MAX_CHANNELS)
        return;
    struct process_channel_name *n = &p->names[p->nnames++];
    size_t len = strnlen(name, PROCESS_CHANNEL_NAME_MAX - 1);
    memcpy(n->name, name, len);
    n->name[len] = '\0';
    n->client_h = client_h;
    n->server_h = server_h;
}

rc_t process_start(struct process *parent, const char *program, const char *strings, uint32_t strings_size,
                   uint32_t argc, uint32_t envc, bool suspended, struct process **out)
{
    const void *image;
    size_t image_size;
    rc_t rc = romfs_find(_romfs_start, (size_t)(_romfs_end - _romfs_start), program, &image, &image_size);
    if (rc != rcOk)
        return rc;
    struct process *p = kcache_alloc(&process_cache);
    if (!p)
        return kcache_in_use(&process_cache) >= PROCESS_MAX ? rcQuotaExceeded : rcOutOfMemory;
    p->pid = alloc_pid();
    size_t n = strnlen(program, PROCESS_NAME_MAX - 1);
    memcpy(p->name, program, n);
    p->name[n] = '\0';
    p->parent = parent;
    p->task = 0;
    p->image = image;
    p->image_size = image_size;
    p->max_threads = PROCESS_MAX_THREADS;
    p->class_id = security_class(p->name);
    p->core_route = security_route(p->class_id, security_core_class());
    if ((rc = kobject_init(&p->obj, KOBJ_PROCESS, 0)) != rcOk) {
        kcache_free(&process_cache, p);
        return rc;
    }
    /* Starting a process is the KSM's execute event, decided before anything is built. */
    if ((rc = security_execute(parent == process_kernel() ? 0 : parent, p)) != rcOk ||
        (rc = handle_table_init(&p->handles, PROCESS_MAX_HANDLES)) != rcOk) {
        kobject_unref(&p->obj);
        kcache_free(&process_cache, p);
        return rc;
    }
    if ((rc = vm_init(&p->vm, PROCESS_QUOTA_FRAMES)) != rcOk) {
        handle_table_destroy(&p->handles);
        kobject_unref(&p->obj);
        kcache_free(&process_cache, p);
        return rc;
    }
    uint64_t entry, sp, argv, envp;
    struct thread *main_thread;
    if ((rc = elf_load(&p->vm, image, image_size, &entry)) != rcOk ||
        (rc = vm_map_anon(&p->vm, PROCESS_STACK_TOP - PROCESS_STACK_SIZE, PROCESS_STACK_SIZE,
                          VG_PROT_READ | VG_PROT_WRITE)) != rcOk ||
        (rc = push_args(&p->vm, strings, strings_size, argc, envc, &sp, &argv, &envp)) != rcOk ||
        (rc = thread_create_user(p, THREAD_PRIO_NORMAL, entry, sp, (const uint64_t[4]){argc, argv, envp, 0},
                                 &main_thread)) != rcOk) {
        vm_destroy(&p->vm);
        handle_table_destroy(&p->handles);
        kobject_unref(&p->obj);
        kcache_free(&process_cache, p);
        return rc;
    }
    main_thread->proc_next = 0;
    p->threads = main_thread;
    p->nthreads = 1;
    p->next = all;
    all = p;
    *out = p;
    if (suspended)
        p->suspended = main_thread;
    else
        thread_start(main_thread);
    return rcOk;
}

rc_t process_resume(struct process *p)
{
    struct thread *t = p->suspended;
    if (!t || p->state != PROCESS_RUNNING)
        return rcInvalidOperation;
    p->suspended = 0;
    thread_start(t);
    return rcOk;
}

void process_end(struct process *p, int code, enum vg_task_end how)
{
    if (p->state == PROCESS_ENDED)
        return;
    struct thread *self = thread_current();
    uint64_t flags = arch_irq_save();
    p->state = PROCESS_ENDED;
    audit_flush(p);
    p->exit_code = code;
    p->how = how;
    for (struct thread *t = p->threads, *next; t; t = next) {
        next = t->proc_next;
        ipc_thread_abort(t);
        if (t == self)
            continue;
        if (t->state != THREAD_DEAD && t != p->suspended)
            thread_kill(t);
        thread_free(t);
    }
    p->threads = 0;
    p->nthreads = 0;
    p->suspended = 0;
    /* Handles go first: closing channel ends wakes the peers waiting on them. */
    handle_table_destroy(&p->handles);
    if (p->listener) {
        struct listener *l = p->listener;
        p->listener = 0;
        kobject_unref(&l->obj);
    }
    vm_destroy(&p->vm);
    /* Orphans: children that ended already are released, the others will be when they end. */
    for (struct process *q = all, *next; q; q = next) {
        next = q->next;
        if (q->parent != p)
            continue;
        q->parent = 0;
        if (q->state == PROCESS_ENDED)
            release(q);
    }
    wait_queue_wake_all(&p->waiters);
    if (p->task) {
        p->task->ended = true;
        notice_raise(&p->task->obj, VG_EVENT_TASK_COMPLETED);
    }
    bool mine = self && self->proc == p;
    if (!p->parent)
        release(p);
    arch_irq_restore(flags);
    if (mine) {
        self->proc = 0;
        self->as = 0;
        self->autofree = true;
        thread_exit(code);
    }
}

rc_t process_wait(struct process *parent, uint32_t pid, uint64_t timeout_ns, int *code, enum vg_task_end *how)
{
    uint64_t flags = arch_irq_save();
    uint64_t now = clock_now_ns();
    uint64_t deadline = timeout_ns == UINT64_MAX || now + timeout_ns < now ? UINT64_MAX : now + timeout_ns;
    rc_t rc;
    for (bool timed_out = false;;) {
        /* Found again after every wake: another thread of the parent may have waited for it too and
         * released it meanwhile, and then it is gone for us as well. */
        struct process *p = process_by_pid(pid);
        if (!p || p->parent != parent) {
            rc = rcResourceNotFound;
            break;
        }
        if (p->state == PROCESS_ENDED) {
            if (code)
                *code = p->exit_code;
            if (how)
                *how = p->how;
            release(p);
            rc = rcOk;
            break;
        }
        if (timed_out) {
            rc = rcTimeout;
            break;
        }
        now = clock_now_ns();
        uint64_t left = deadline == UINT64_MAX ? UINT64_MAX : deadline > now ? deadline - now : 0;
        timed_out = sched_block(&p->waiters, left) == rcTimeout; /* p may be released once we run again */
    }
    arch_irq_restore(flags);
    return rc;
}

#define USER_BACKTRACE_MAX 16

static void user_frame_print(const struct usyms *t, int depth, uint64_t addr)
{
    char where[160];
    usyms_describe(t, addr, where, sizeof where);
    kprintf("  #%d 0x%lx%s%s\n", depth, addr, where[0] ? " " : "", where);
}

/* The faulting instruction and its callers, named from the program's table (kernel/usyms.h). The
 * frame records are the user's: read only through arch_user_frame, and followed only towards higher
 * addresses and for at most USER_BACKTRACE_MAX frames, so a corrupt or looping x29 ends the
 * backtrace. */
static void user_backtrace(const struct process *p, uint64_t elr, uint64_t lr, uint64_t fp)
{
    struct usyms t;
    usyms_find(p ? p->image : NULL, p ? p->image_size : 0, &t);
    user_frame_print(&t, 0, elr);
    int depth = 1;
    uint64_t next = 0, ret = 0;
    bool have_record = fp && arch_user_frame(fp, &next, &ret) == rcOk;
    /* A leaf function builds no frame record: its caller is in lr, and the record at fp is the
     * caller's. A function that has a record may have left lr pointing into itself (after a call it
     * made) or at its caller (before any call, then equal to the record's). So lr is a frame of its
     * own when it leads out of the faulting function and differs from the record's return address. */
    uint64_t start, lr_start;
    bool lr_stale = usyms_function(&t, elr, &start) && usyms_function(&t, arch_call_site(lr), &lr_start) &&
                    start == lr_start;
    if (lr && !lr_stale && !(have_record && ret == lr))
        user_frame_print(&t, depth++, arch_call_site(lr));
    while (have_record && ret && depth < USER_BACKTRACE_MAX) {
        user_frame_print(&t, depth++, arch_call_site(ret));
        if (next <= fp)
            break; /* frames grow towards higher addresses; anything else is corrupt */
        fp = next;
        have_record = arch_user_frame(fp, &next, &ret) == rcOk;
    }
}

__attribute__((noreturn)) void user_fault(const char *what, uint64_t far, uint64_t elr, uint64_t lr, uint64_t fp)
{
    struct thread *t = thread_current();
    struct process *p = t->proc;
    if (far == USER_FAULT_NO_FAR)
        kprintf("vigil: process %s (pid %u), thread %u: %s; FAR -, ELR 0x%lx; process ended\n",
                p ? p->name : "?", p ? p->pid : 0, t->id, what, elr);
    else
        kprintf("vigil: process %s (pid %u), thread %u: %s; FAR 0x%lx, ELR 0x%lx; process ended\n",
                p ? p->name : "?", p ? p->pid : 0, t->id, what, far, elr);
    user_backtrace(p, elr, lr, fp);
    if (p)
        process_end(p, -1, VG_TASK_FAULTED);
    thread_exit(-1);
}
