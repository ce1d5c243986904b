/* Threads and the scheduler (one CPU). Priorities 0..31 (higher runs first, 15 is normal); strict
 * priority between levels, round robin with a time slice within one. A blocked thread is on no run queue
 * and costs no CPU; when nothing is ready the idle thread waits in WFI.
 * Scheduler state is changed only with IRQs masked; kernel code that may block must not hold IRQs
 * masked across the block (sched_block re-masks as needed). */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include <stdint.h>
#include <stdbool.h>
#include <vigil/rc.h>
#include "arch.h"
#include "clock.h"
#include "ipc_thread.h"

#define THREAD_PRIO_MIN 0
#define THREAD_PRIO_NORMAL 15
#define THREAD_PRIO_MAX 31
#define THREAD_PRIOS 32
#define THREAD_SLICE_NS 10000000ull /* 10 ms */
#define THREAD_KSTACK_PAGES 4
#define THREAD_MAX 512

enum thread_state { THREAD_READY, THREAD_RUNNING, THREAD_BLOCKED, THREAD_DEAD };

struct thread;

/* A queue of blocked threads, woken highest priority first, then in arrival order. */
struct wait_queue {
    struct thread *head;
};

struct process;

struct thread {
    struct arch_context ctx;
    struct arch_fpstate fp;       /* user FP/SIMD registers, switched lazily */
    struct process *proc;         /* NULL for kernel threads */
    struct aspace *as;            /* the address space to run with (the process's), NULL for none */
    struct thread *proc_next;     /* the process's thread list */
    bool autofree;                /* freed by the reaper once dead (nobody will join it) */
    bool joining;                 /* someone waits in thread_join */
    uint64_t futex_addr;          /* the address it waits on in sync wait */
    struct ipc_thread ipc;        /* IPC bookkeeping (kernel/ipc_thread.h) */
    uint64_t user_entry, user_sp, user_arg[4];
    struct thread *next;          /* run queue or wait queue link */
    struct wait_queue *waiting_on;
    enum thread_state state;
    rc_t wake_reason;             /* rcOk when woken, rcTimeout when the timeout fired (next to state:
                                   * the fastpath sets both with one store) */
    int prio;
    uint32_t id;
    const char *name;
    uint64_t kstack_top;          /* 0 for the boot thread, whose stack is the boot stack */
    struct timer_event timeout;
    int exit_code;
    bool detached;
    struct wait_queue joiners;
    void (*entry)(void *);
    void *arg;
};

void sched_init(void);
/* The running thread (sched.c owns it; one CPU). */
extern struct thread *sched_current;
static inline struct thread *thread_current(void) { return sched_current; }

/* A kernel thread running fn(arg); rcOutOfMemory/rcQuotaExceeded when no thread or stack is left,
 * rcInvalidArgument for a bad priority. */
rc_t thread_create(const char *name, int prio, void (*fn)(void *), void *arg, struct thread **out);
__attribute__((noreturn)) void thread_exit(int code);
/* Waits for t to end and frees it: rcOk and its exit code, rcTimeout (t lives on), or rcInvalidArgument
 * for the caller itself. timeout_ns is relative; UINT64_MAX waits forever. */
rc_t thread_join(struct thread *t, uint64_t timeout_ns, int *code);
/* Waits for t to end without freeing it (the caller owns t). */
rc_t thread_join_wait(struct thread *t, uint64_t timeout_ns, int *code);
void thread_sleep_ns(uint64_t ns);
void thread_yield(void);
rc_t thread_set_priority(struct thread *t, int prio);
unsigned thread_count(void);

/* A thread that starts in user mode in proc at entry(args) with sp; not yet runnable until
 * thread_start. */
rc_t thread_create_user(struct process *proc, int prio, uint64_t entry, uint64_t sp, const uint64_t args[4],
                        struct thread **out);
void thread_start(struct thread *t);
/* Takes a thread that is not running off every queue and marks it dead (its process is ending). */
void thread_kill(struct thread *t);
/* Frees a dead thread (not the current one). */
void thread_free(struct thread *t);
/* Frees dead threads nobody will join; called where no thread's stack can be in use. */
void thread_reap(void);
extern struct thread *thread_zombies; /* dead threads thread_reap frees: none when NULL */

/* Blocking: with IRQs masked, put the current thread on q (or on no queue when q is NULL) and switch
 * away until sched_wake (rcOk) or the timeout (rcTimeout; UINT64_MAX: none). */
rc_t sched_block(struct wait_queue *q, uint64_t timeout_ns);
/* sched_block, handing the CPU straight to `to` (a thread blocked on no queue, e.g. the server that
 * just received our request, or the client just replied to) instead of through the run queue. */
rc_t sched_block_handoff(struct wait_queue *q, uint64_t timeout_ns, struct thread *to);
/* Wakes all threads of q with rcOk; returns how many were woken. IRQs masked by the caller. */
int wait_queue_wake_all(struct wait_queue *q);
/* Wakes t, which waits on q, with rcOk. IRQs masked by the caller. */
void wait_queue_wake_thread(struct wait_queue *q, struct thread *t);
/* Takes t off q without waking it: it stays blocked (its timeout still armed) until sched_wake. */
void wait_queue_detach(struct wait_queue *q, struct thread *t);
/* Wakes a blocked thread wherever it waits, with rcOk. */
void sched_wake(struct thread *t);

/* Invariant checks (kernel/invariants.c): how many times t is on the run queue of its priority;
 * panics when the run queues disagree with their bitmap, hold a thread that is not READY or loop. */
unsigned sched_runqueue_count(const struct thread *t);
void sched_check_runqueues(void);

/* Lets pending interrupts be taken for a moment from inside a system call, without switching threads
 * (their handlers only make threads ready; the switch waits for the call's own preemption point). */
void sched_irq_window(void);

/* Called on the way out of an interrupt: switches if a higher-priority thread became ready or the
 * current slice ended. */
void sched_preempt_point(void);

#endif
