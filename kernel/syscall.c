/* The system calls: Call on VG_CORE_HANDLE reaches the kernel's endpoints, on any other handle an IPC
 * channel (kernel/ipc.c); Recv and Reply serve channels; CallReg and ReplyRecvReg are Call and
 * Reply-then-Recv with the message in registers (<vigil/syscall.h>). */
#include <vigil/core.h>
#include <vigil/syscall.h>
#include "arch.h"
#include "thread.h"
#include "core/core.h"
#include "ipc.h"
#include "invariants.h"
#include "run.h"

static int64_t dispatch(uint64_t nr, const uint64_t a[31]);

int64_t syscall_dispatch(uint64_t nr, const uint64_t a[31])
{
    int64_t rc = dispatch(nr, a);
    if (kernel_checks)
        invariants_check();
    /* IPC may leave another process's space active (it copies into the receiver's, which usually runs
     * next): the caller returns to its own. */
    arch_aspace_activate(thread_current()->as);
    return rc;
}

static int64_t dispatch(uint64_t nr, const uint64_t a[31])
{
    thread_reap();
    switch (nr) {
    case VG_SYS_CALL:
        if (a[0] == VG_CORE_HANDLE)
            return core_call(a[1], a[2]);
        if (a[0] == VG_SECURITY_HANDLE)
            return ipc_security_query(a[1]);
        return a[0] > UINT32_MAX || a[4] > UINT32_MAX ? rcInvalidArgument
                                                       : ipc_call((uint32_t)a[0], a[1], a[2], a[3], (uint32_t)a[4]);
    case VG_SYS_RECV:
        return a[0] > UINT32_MAX || a[3] > UINT32_MAX ? rcInvalidArgument
                                                       : ipc_recv((uint32_t)a[0], a[1], a[2], (uint32_t)a[3]);
    case VG_SYS_REPLY:
        return a[0] > UINT32_MAX || a[4] > UINT32_MAX ? rcInvalidArgument
                                                       : ipc_reply((uint32_t)a[0], a[1], a[2], a[3], (uint32_t)a[4]);
    case VG_SYS_CALL_REG: /* x0 handle, x1-x7 the message, x9 timeout, x10 sync, x11 fallback */
        if (a[0] == VG_CORE_HANDLE) /* the kernel's endpoints: the message in the saved registers */
            return core_call_reg(arch_user_regs(thread_current()->kstack_top));
        return a[0] > UINT32_MAX || a[10] > UINT32_MAX
                   ? rcInvalidArgument
                   : ipc_call_reg((uint32_t)a[0], a[11], a[9], (uint32_t)a[10]);
    case VG_SYS_REPLY_RECV_REG: /* x0 handle, x1-x7 the response (x1 = 0: none), x9, x10, x11 fallback */
        return a[0] > UINT32_MAX || a[10] > UINT32_MAX
                   ? rcInvalidArgument
                   : ipc_reply_recv_reg((uint32_t)a[0], a[1] != 0, a[11], a[9], (uint32_t)a[10]);
    default: /* the architecture lets only SYSCALL_COUNT numbers through */
        return rcInvalidArgument;
    }
}
