/* task.Task: starting, ending and waiting for processes. */
#include "core.h"
#include "../handle.h"
#include "../process.h"
#include "../string.h"

static struct process *child(uint64_t pid)
{
    struct process *p = pid <= UINT32_MAX ? process_by_pid((uint32_t)pid) : 0;
    return p && p->parent == process_current() ? p : 0;
}

static rc_t start(const struct core_args *a, uint64_t val[2])
{
    uint64_t argc = a->arg[0], envc = a->arg[1], flags = a->arg[2];
    if (flags & ~(uint64_t)VG_TASK_SUSPENDED)
        return rcInvalidArgument;
    const char *list = a->str[1];
    uint32_t size = a->str_size[1];
    /* Each count on its own: their 64-bit sum can wrap. */
    if (argc > PROCESS_ARGS_MAX || envc > PROCESS_ARGS_MAX || argc + envc > PROCESS_ARGS_MAX ||
        size > PROCESS_ARGS_MAX)
        return rcInvalidArgument;
    /* Exactly argc + envc NUL-terminated strings, back to back. */
    uint64_t n = 0;
    for (uint32_t i = 0; i < size; i++)
        n += list[i] == '\0';
    if (n != argc + envc || (size && list[size - 1] != '\0'))
        return rcInvalidArgument;
    struct process *p;
    rc_t rc = process_start(process_current(), a->str[0], list, size, (uint32_t)argc, (uint32_t)envc,
                            flags & VG_TASK_SUSPENDED, &p);
    if (rc == rcOk)
        val[0] = p->pid;
    return rc;
}

static rc_t exit_(const struct core_args *a, uint64_t val[2])
{
    (void)val;
    process_end(process_current(), (int)(int64_t)a->arg[0], VG_TASK_EXITED);
    return rcInternalError; /* not reached: the caller's process has ended */
}

static rc_t wait(const struct core_args *a, uint64_t val[2])
{
    if (!child(a->arg[0]))
        return rcResourceNotFound;
    int code;
    enum vg_task_end how;
    rc_t rc = process_wait(process_current(), (uint32_t)a->arg[0], a->arg[1], &code, &how);
    if (rc == rcOk) {
        val[0] = (uint64_t)(int64_t)code;
        val[1] = how;
    }
    return rc;
}

static rc_t kill(const struct core_args *a, uint64_t val[2])
{
    (void)val;
    if (a->arg[0] == process_current()->pid)
        return rcInvalidArgument;
    struct process *p = child(a->arg[0]);
    if (!p)
        return rcResourceNotFound;
    process_end(p, -1, VG_TASK_KILLED);
    return rcOk;
}

static rc_t info(const struct core_args *a, uint64_t val[2])
{
    struct process *p = a->arg[0] ? (a->arg[0] <= UINT32_MAX ? process_by_pid((uint32_t)a->arg[0]) : 0)
                                  : process_current();
    if (!p)
        return rcResourceNotFound;
    val[0] = p->pid;
    val[1] = p->parent ? p->parent->pid : 0; /* the kernel's pid is 0 */
    return rcOk;
}

static rc_t resume(const struct core_args *a, uint64_t val[2])
{
    (void)val;
    struct process *p = child(a->arg[0]);
    return p ? process_resume(p) : rcResourceNotFound;
}

/* A task handle to the caller's child arg[0] (for notifications: VG_EVENT_TASK_COMPLETED,
 * <vigil/notice.h>). It names the child's task object, not the process: the child still ends and is
 * reclaimed as before. */
static rc_t handle(const struct core_args *a, uint64_t val[2])
{
    struct process *p = child(a->arg[0]);
    if (!p)
        return rcResourceNotFound;
    struct kobject *o;
    uint32_t h;
    rc_t rc = process_task_obj(p, &o);
    if (rc == rcOk)
        rc = handle_install(&process_current()->handles, o, VG_RIGHT_TRANSFER | VG_RIGHT_COPY, &h);
    if (rc == rcOk)
        val[0] = h;
    return rc;
}

static const struct core_method methods[] = {
    [VG_TASK_GET_HANDLE] = {handle, 1, 0, 0},
    [VG_TASK_RESUME] = {resume, 1, 0, 0},
    [VG_TASK_START] = {start, 3, 2, 1}, [VG_TASK_EXIT] = {exit_, 1, 0, 0}, [VG_TASK_WAIT] = {wait, 2, 0, 0},
    [VG_TASK_KILL] = {kill, 1, 0, 0},   [VG_TASK_INFO] = {info, 1, 0, 0},
};
const struct core_endpoint core_task_ep = {"task.Task", methods, sizeof methods / sizeof methods[0]};
