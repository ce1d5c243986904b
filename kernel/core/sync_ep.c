/* sync.Sync: futex-style wait and wake, keyed by (process, address). The compare and the enqueue happen
 * with interrupts masked in a non-preemptible kernel, so a wake after the waiter's check cannot be lost. */
#include "core.h"
#include "../arch.h"
#include "../process.h"

/* Waiters of a process share one queue; each records the address it waits on. */
struct futex_wait {
    uint64_t addr;
};

static rc_t wait(const struct core_args *a, uint64_t val[2])
{
    (void)val;
    uint64_t addr = a->arg[0];
    if ((addr & 3) || !core_user_range(addr, 4) || a->arg[1] > UINT32_MAX)
        return rcInvalidArgument;
    uint32_t now;
    if (arch_copy_from_user(&now, addr, 4) != rcOk)
        return rcSourceFault;
    if (now != (uint32_t)a->arg[1])
        return rcFutexWouldBlock;
    if (a->arg[2] == 0)
        return rcTimeout;
    struct thread *self = thread_current();
    self->futex_addr = addr;
    rc_t rc = sched_block(&process_current()->futex_waiters, a->arg[2]);
    self->futex_addr = 0;
    return rc;
}

static rc_t wake(const struct core_args *a, uint64_t val[2])
{
    uint64_t addr = a->arg[0];
    if ((addr & 3) || !core_user_range(addr, 4) || a->arg[1] > UINT32_MAX)
        return rcInvalidArgument;
    struct wait_queue *q = &process_current()->futex_waiters;
    uint64_t woken = 0;
    uint64_t flags = arch_irq_save();
    /* The queue is in wake order (priority, then arrival): take the matching ones from the front. */
    for (struct thread *t = q->head, *next; t && woken < a->arg[1]; t = next) {
        next = t->next;
        if (t->futex_addr == addr) {
            wait_queue_wake_thread(q, t);
            woken++;
        }
    }
    arch_irq_restore(flags);
    val[0] = woken;
    return rcOk;
}

static const struct core_method methods[] = {
    [VG_SYNC_WAIT] = {wait, 3, 0, 0},
    [VG_SYNC_WAKE] = {wake, 2, 0, 0},
};
const struct core_endpoint core_sync_ep = {"sync.Sync", methods, sizeof methods / sizeof methods[0]};
