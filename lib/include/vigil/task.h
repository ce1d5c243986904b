/* Processes (kl.core.Core task.Task). vg_task_start runs the ROMFS program `name` as a new process;
 * argv and envp are NULL-terminated arrays (either may be NULL: argv then defaults to { name }); the
 * new process's main receives exactly that argv and envp. Only the parent may wait for or kill a child. */
#ifndef VIGIL_TASK_H
#define VIGIL_TASK_H

#include <stdint.h>
#include <vigil/rc.h>
#include <vigil/syscall.h>

typedef uint32_t vg_pid_t;

/* How a process ended (vg_task_wait's *how). */
enum vg_task_end { VG_TASK_EXITED = 0, VG_TASK_FAULTED = 1, VG_TASK_KILLED = 2 };

struct vg_task_info {
    vg_pid_t pid;
    vg_pid_t parent;   /* 0 for the first process */
};

rc_t vg_task_start(const char *name, const char *const argv[], const char *const envp[], vg_pid_t *pid);
/* flags VG_TASK_SUSPENDED: the process is built but its main thread waits for vg_task_resume, so the
 * parent can create its channels first (what Einit does). */
#define VG_TASK_SUSPENDED 1u
rc_t vg_task_start_ex(const char *name, const char *const argv[], const char *const envp[], unsigned flags,
                      vg_pid_t *pid);
/* Starts the main thread of a child started suspended; rcInvalidOperation if it is not suspended. */
rc_t vg_task_resume(vg_pid_t pid);
/* A handle to child pid (KasperskyOS's task handle), to subscribe a notification receiver to its end
 * (VG_EVENT_TASK_COMPLETED, <vigil/notice.h>); rcResourceNotFound if pid is not a child. */
rc_t vg_task_handle(vg_pid_t pid, vg_handle_t *h);
_Noreturn void vg_task_exit(int code);
/* *code and *how may be NULL. */
rc_t vg_task_wait(vg_pid_t pid, uint64_t timeout_ns, int *code, enum vg_task_end *how);
rc_t vg_task_kill(vg_pid_t pid);
/* pid 0: the calling process. */
rc_t vg_task_info(vg_pid_t pid, struct vg_task_info *info);

#endif
