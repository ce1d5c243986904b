/* The thread.Thread methods, one wrapper each (docs/core-endpoints.md). */
#include <vigil/core_call.h>
#include <vigil/thread.h>
#include <vigil/hal.h>

rc_t vg_thread_create_tid(uintptr_t entry, uintptr_t arg, uintptr_t stack_top, unsigned priority,
                          vg_tid_t *tid)
{
    uint64_t val[2];
    rc_t rc = vg_core_call4(VG_CORE_THREAD, VG_THREAD_CREATE, entry, arg, stack_top, priority, val);
    if (rc == rcOk && tid)
        *tid = (vg_tid_t)val[0];
    return rc;
}

/* Raw exit: the stdio flushing wrapper is vg_thread_exit (thread.c). */
_Noreturn void __vg_thread_exit_raw(int code)
{
    vg_core_call4(VG_CORE_THREAD, VG_THREAD_EXIT, (uint64_t)(int64_t)code, 0, 0, 0, 0);
    /* Still here: the security policy denied thread.Exit; a fault ends the process instead. */
    static const char msg[] = "vg_thread_exit: thread.Exit refused by the kernel, ending by a fault\n";
    vg_debug_write(msg, sizeof msg - 1);
    for (;;)
        __asm__ volatile("udf #0");
}

rc_t vg_thread_join_tid(vg_tid_t tid, uint64_t timeout_ns, int *exit_code)
{
    uint64_t val[2];
    rc_t rc = vg_core_call4(VG_CORE_THREAD, VG_THREAD_JOIN, tid, timeout_ns, 0, 0, val);
    if (rc == rcOk && exit_code)
        *exit_code = (int)(int64_t)val[0];
    return rc;
}

rc_t vg_thread_sleep(uint64_t ns)
{
    return vg_core_call4(VG_CORE_THREAD, VG_THREAD_SLEEP, ns, 0, 0, 0, 0);
}

rc_t vg_thread_yield(void)
{
    return vg_core_call4(VG_CORE_THREAD, VG_THREAD_YIELD, 0, 0, 0, 0, 0);
}

rc_t vg_thread_set_priority(vg_tid_t tid, unsigned priority, unsigned *old)
{
    uint64_t val[2];
    rc_t rc = vg_core_call4(VG_CORE_THREAD, VG_THREAD_SET_PRIORITY, tid, priority, 0, 0, val);
    if (rc == rcOk && old)
        *old = (unsigned)val[0];
    return rc;
}

rc_t vg_thread_self(vg_tid_t *tid)
{
    uint64_t val[2];
    rc_t rc = vg_core_call4(VG_CORE_THREAD, VG_THREAD_SELF, 0, 0, 0, 0, val);
    if (rc == rcOk && tid)
        *tid = (vg_tid_t)val[0];
    return rc;
}
