/* Threads (kl.core.Core thread.Thread). Two levels:
 *   vg_thread_create/join: a library thread with its own stack (guard page below it, see vg_vmm_map)
 *     and its own TLS block, so errno and every _Thread_local variable are per thread. The thread runs
 *     fn(arg); its return value (or vg_thread_exit's argument) is the exit code join returns. After a
 *     successful join the vg_thread_t is freed (its memory is unmapped) and must not be used again.
 *   vg_thread_*_tid: the raw kernel methods, for code that manages stacks and TLS itself.
 * Priorities are VG_PRIORITY_MIN..VG_PRIORITY_MAX (<vigil/core.h>); timeouts in ns, VG_INFINITE. */
#ifndef VIGIL_THREAD_H
#define VIGIL_THREAD_H

#include <stddef.h>
#include <stdint.h>
#include <vigil/core.h>
#include <vigil/rc.h>
#include <vigil/syscall.h>

typedef uint32_t vg_tid_t;
typedef int (*vg_thread_fn)(void *arg);
typedef struct vg_thread vg_thread_t;

#define VG_THREAD_STACK_DEFAULT (64u * 1024u)

/* stack_size 0 gives VG_THREAD_STACK_DEFAULT; it is rounded up to whole pages. */
rc_t vg_thread_create(vg_thread_t **thread, vg_thread_fn fn, void *arg, unsigned priority,
                      size_t stack_size);
rc_t vg_thread_join(vg_thread_t *thread, uint64_t timeout_ns, int *exit_code);
vg_tid_t vg_thread_tid(const vg_thread_t *thread);
/* Ends the calling thread (flushing its buffered stdout/stderr); the process ends with the last one. */
_Noreturn void vg_thread_exit(int code);

rc_t vg_thread_create_tid(uintptr_t entry, uintptr_t arg, uintptr_t stack_top, unsigned priority,
                          vg_tid_t *tid);
rc_t vg_thread_join_tid(vg_tid_t tid, uint64_t timeout_ns, int *exit_code);
rc_t vg_thread_sleep(uint64_t ns);
rc_t vg_thread_yield(void);
/* tid 0 is the calling thread; *old (may be NULL) receives the previous priority. */
rc_t vg_thread_set_priority(vg_tid_t tid, unsigned priority, unsigned *old);
rc_t vg_thread_self(vg_tid_t *tid);

#endif
