/* Kernel invariant checks of the checking build (the images the tests boot; kernel_checks in
 * kernel/run.h). invariants_check runs at the end of every system call and panics, naming the broken
 * invariant and the thread, when
 *   - the run queues and the thread states disagree (a queued thread that is not READY, a READY thread
 *     not queued exactly once, a BLOCKED one on a queue that does not hold it, a cycle);
 *   - an IPC link is not mutual (a client's served_by <-> its server's serving), or a thread's IPC
 *     state does not match where it waits (SENDING on its port's senders, RECEIVING on its receivers,
 *     an interrupt object's waiter that is not waiting);
 *   - every `refcount_every`-th call: a reference count differs from the references that exist
 *     (handles in every table, threads in Call, interrupt-object waiters, listeners' channels).
 * invariants_init also turns on the object caches' poisoning (kernel/kcache.h): a write to a freed
 * object is reported when the object is handed out again. */
#ifndef KERNEL_INVARIANTS_H
#define KERNEL_INVARIANTS_H

void invariants_init(void);
void invariants_check(void);

#endif
