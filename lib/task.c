/* The task.Task methods (docs/core-endpoints.md). vg_task_start packs the request's arena as
 *   str[0] = name\0,  str[1] = argv[0]\0 ... argv[argc-1]\0 envp[0]\0 ... envp[envc-1]\0
 * with arg[0] = argc, arg[1] = envc. */
#include <stdlib.h>
#include <string.h>
#include <vigil/core_call.h>
#include <vigil/task.h>
#include <vigil/hal.h>

static size_t list_bytes(const char *const list[], uint64_t *count)
{
    size_t n = 0;
    *count = 0;
    for (; list && list[*count]; (*count)++)
        n += strlen(list[*count]) + 1;
    return n;
}

static char *list_copy(char *p, const char *const list[], uint64_t count)
{
    for (uint64_t i = 0; i < count; i++) {
        size_t len = strlen(list[i]) + 1;
        memcpy(p, list[i], len);
        p += len;
    }
    return p;
}

rc_t vg_task_start(const char *name, const char *const argv[], const char *const envp[], vg_pid_t *pid)
{
    return vg_task_start_ex(name, argv, envp, 0, pid);
}

rc_t vg_task_start_ex(const char *name, const char *const argv[], const char *const envp[], unsigned flags,
                      vg_pid_t *pid)
{
    if (!name)
        return rcInvalidArgument;
    const char *const default_argv[] = { name, NULL };
    if (!argv)
        argv = default_argv;
    uint64_t argc, envc;
    size_t name_len = strlen(name) + 1;
    size_t list_at = (name_len + 7) & ~(size_t)7; /* arena segments start on 8-byte boundaries */
    size_t list_len = list_bytes(argv, &argc) + list_bytes(envp, &envc);
    if (list_at + list_len > VG_ARENA_MAX_SIZE)
        return rcBufferTooLarge;
    char *arena = calloc(1, list_at + list_len);
    if (!arena)
        return rcOutOfMemory;
    memcpy(arena, name, name_len);
    list_copy(list_copy(arena + list_at, argv, argc), envp, envc);
    const uint64_t arg[4] = { argc, envc, flags, 0 };
    const struct vg_arena_ptr str[2] = { { 0, (uint32_t)name_len },
                                         { list_len ? (uint32_t)list_at : 0, (uint32_t)list_len } };
    uint64_t val[2];
    rc_t rc = vg_core_call(VG_CORE_TASK, VG_TASK_START, arg, str, arena,
                           (uint32_t)(list_len ? list_at + list_len : name_len), val);
    free(arena);
    if (rc == rcOk && pid)
        *pid = (vg_pid_t)val[0];
    return rc;
}

/* Raw exit: the stdio flushing path is exit() -> _exit (libc/exit.c). */
_Noreturn void vg_task_exit(int code)
{
    rc_t rc = vg_core_call4(VG_CORE_TASK, VG_TASK_EXIT, (uint64_t)(int64_t)code, 0, 0, 0, 0);
    /* Still here: the security policy denied task.Exit. Say so and end the process the only other
     * way there is, with a fault (the kernel reports it and frees everything). */
    static const char msg[] = "vg_task_exit: task.Exit refused by the kernel, ending by a fault\n";
    vg_debug_write(msg, sizeof msg - 1);
    (void)rc;
    for (;;)
        __asm__ volatile("udf #0");
}

rc_t vg_task_wait(vg_pid_t pid, uint64_t timeout_ns, int *code, enum vg_task_end *how)
{
    uint64_t val[2];
    rc_t rc = vg_core_call4(VG_CORE_TASK, VG_TASK_WAIT, pid, timeout_ns, 0, 0, val);
    if (rc == rcOk) {
        if (code)
            *code = (int)(int64_t)val[0];
        if (how)
            *how = (enum vg_task_end)val[1];
    }
    return rc;
}

rc_t vg_task_kill(vg_pid_t pid)
{
    return vg_core_call4(VG_CORE_TASK, VG_TASK_KILL, pid, 0, 0, 0, 0);
}

rc_t vg_task_info(vg_pid_t pid, struct vg_task_info *info)
{
    uint64_t val[2];
    rc_t rc = vg_core_call4(VG_CORE_TASK, VG_TASK_INFO, pid, 0, 0, 0, val);
    if (rc == rcOk && info) {
        info->pid = (vg_pid_t)val[0];
        info->parent = (vg_pid_t)val[1];
    }
    return rc;
}

rc_t vg_task_resume(vg_pid_t pid)
{
    return vg_core_call4(VG_CORE_TASK, VG_TASK_RESUME, pid, 0, 0, 0, 0);
}

rc_t vg_task_handle(vg_pid_t pid, vg_handle_t *h)
{
    uint64_t val[2];
    rc_t rc = vg_core_call4(VG_CORE_TASK, VG_TASK_GET_HANDLE, pid, 0, 0, 0, val);
    if (rc == rcOk && h)
        *h = (vg_handle_t)val[0];
    return rc;
}
