/* Library threads: one vmm mapping per thread holds, from low to high,
 *   stack (grows down from its top) | TLS block (TPIDR_EL0 points here) | struct vg_thread
 * so a stack overflow runs into the guard page the kernel leaves below every hint-0 mapping, never
 * into the TLS block. The thread starts in __vg_thread_entry (thread_entry.S), which installs the TLS
 * pointer before any C runs, then __vg_thread_main runs fn(arg). */
#include <stddef.h>
#include <vigil/thread.h>
#include <vigil/vmm.h>
#include "internal.h"

struct vg_thread {
    void *tp;                 /* first: thread_entry.S loads it from [x0] */
    vg_thread_fn fn;
    void *arg;
    void *region;
    size_t region_size;
    vg_tid_t tid;
};
_Static_assert(offsetof(struct vg_thread, tp) == 0, "thread_entry.S reads tp at offset 0");

void __vg_thread_entry(void);

static size_t round_up(size_t n, size_t a)
{
    return (n + a - 1) & ~(a - 1);
}

_Noreturn void __vg_thread_main(struct vg_thread *t)
{
    vg_thread_exit(t->fn(t->arg));
}

_Noreturn void vg_thread_exit(int code)
{
    __vg_stdio_flush();
    __vg_thread_exit_raw(code);
}

rc_t vg_thread_create(vg_thread_t **thread, vg_thread_fn fn, void *arg, unsigned priority,
                      size_t stack_size)
{
    if (!thread || !fn || priority > VG_PRIORITY_MAX || stack_size > ((size_t)1 << 32))
        return rcInvalidArgument;
    size_t align = __vg_tls_block_align();
    if (align > VG_PAGE_SIZE)
        return rcInvalidArgument;
    size_t stack = round_up(stack_size ? stack_size : VG_THREAD_STACK_DEFAULT, VG_PAGE_SIZE);
    size_t tls = round_up(__vg_tls_block_size(), align);
    size_t size = round_up(stack + tls + sizeof(struct vg_thread), VG_PAGE_SIZE);
    void *region;
    rc_t rc = vg_vmm_map(0, size, VG_PROT_READ | VG_PROT_WRITE, &region);
    if (rc != rcOk)
        return rc;
    char *base = region;
    struct vg_thread *t = (struct vg_thread *)(base + stack + tls);
    t->tp = base + stack;     /* page aligned, so aligned for any TLS alignment up to a page */
    t->fn = fn;
    t->arg = arg;
    t->region = region;
    t->region_size = size;
    __vg_tls_init(t->tp);
    rc = vg_thread_create_tid((uintptr_t)__vg_thread_entry, (uintptr_t)t, (uintptr_t)(base + stack),
                              priority, &t->tid);
    if (rc != rcOk) {
        vg_vmm_unmap(region, size);
        return rc;
    }
    *thread = t;
    return rcOk;
}

rc_t vg_thread_join(vg_thread_t *t, uint64_t timeout_ns, int *exit_code)
{
    if (!t)
        return rcInvalidArgument;
    rc_t rc = vg_thread_join_tid(t->tid, timeout_ns, exit_code);
    if (rc == rcOk)
        vg_vmm_unmap(t->region, t->region_size);
    return rc;
}

vg_tid_t vg_thread_tid(const vg_thread_t *t)
{
    return t->tid;
}
