/* The three system calls. Call on VG_CORE_HANDLE reaches the kernel's endpoints; the IPC channels of
 * other handles come with the handles-and-IPC work (until then every other handle value is invalid). */
#include <vigil/core.h>
#include <vigil/syscall.h>
#include "arch.h"
#include "thread.h"
#include "core/core.h"

int64_t syscall_dispatch(uint64_t nr, const uint64_t a[6])
{
    thread_reap();
    switch (nr) {
    case VG_SYS_CALL:
        if (a[0] == VG_CORE_HANDLE)
            return core_call(a[1], a[2]);
        return rcInvalidArgument;
    case VG_SYS_RECV:
    case VG_SYS_REPLY:
        return rcInvalidArgument;
    default:
        user_fault("system call with an unknown number (svc #0 takes 0 Call, 1 Recv, 2 Reply in x8)", nr,
                   0);
    }
}
