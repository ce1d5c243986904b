/* The codes each call may return, as the kernel documents them: docs/core-endpoints.md for kernel
 * methods and the Call-level errors of a kernel call; docs/handles.md for lookups (rcInvalidArgument,
 * rcHandleRevoked, rcNoCapability) and transfers (rcQuotaExceeded, rcNotConnected); the issue and
 * <vigil/syscall.h> for IPC (timeouts, interrupts, a peer gone, the KSM's rcSecurityDisallow; the
 * bounce of a message that does not fit the receiver's buffer). Methods the document does not list yet
 * (task RESUME, hal OBJECT_INFO, handle REVOKE, ipc.*) follow their header comments in lib/include. */
#include <stdarg.h>
#include "fuzz.h"

#define BIT(rc) (1ull << (unsigned)-(rc))
#define LOOKUP (BIT(rcInvalidArgument) | BIT(rcHandleRevoked) | BIT(rcNoCapability))

static const uint64_t ipc_codes[OP_CORE] = {
    [OP_CALL] = BIT(rcOk) | LOOKUP | BIT(rcNotConnected) | BIT(rcSourceFault) | BIT(rcTargetFault) |
                BIT(rcBufferTooSmall) | BIT(rcTimeout) | BIT(rcIpcInterrupt) | BIT(rcSecurityDisallow) |
                BIT(rcQuotaExceeded),
    [OP_RECV] = BIT(rcOk) | LOOKUP | BIT(rcInvalidThreadState) | BIT(rcSourceFault) | BIT(rcTargetFault) |
                BIT(rcBufferTooSmall) | BIT(rcTimeout) | BIT(rcIpcInterrupt) | BIT(rcNotConnected),
    [OP_REPLY] = BIT(rcOk) | LOOKUP | BIT(rcInvalidThreadState) | BIT(rcNotConnected) | BIT(rcSourceFault) |
                 BIT(rcTargetFault) | BIT(rcBufferTooSmall) | BIT(rcSecurityDisallow) | BIT(rcQuotaExceeded),
};

static int in(uint64_t set, rc_t rc)
{
    return rc <= 0 && rc > -64 && (set & BIT(rc));
}

int rc_documented_ipc(enum op op, rc_t rc)
{
    return op < OP_CORE && in(ipc_codes[op], rc);
}

int rc_documented_core_call(rc_t rc)
{
    return in(BIT(rcOk) | BIT(rcSourceFault) | BIT(rcTargetFault) | BIT(rcBufferTooSmall) | BIT(rcInvalidArgument) |
                  BIT(rcSecurityDisallow),
              rc);
}

#define OK BIT(rcOk)
#define INVAL BIT(rcInvalidArgument)
#define NOTFOUND BIT(rcResourceNotFound)
#define QUOTA (BIT(rcQuotaExceeded) | BIT(rcOutOfMemory))

static const uint64_t thread_codes[] = {
    [VG_THREAD_CREATE] = INVAL | QUOTA, /* the fuzzer only creates with an invalid argument */
    [VG_THREAD_EXIT] = 0,
    [VG_THREAD_JOIN] = OK | NOTFOUND | INVAL | BIT(rcBusy) | BIT(rcTimeout),
    [VG_THREAD_SLEEP] = OK,
    [VG_THREAD_YIELD] = OK,
    [VG_THREAD_SET_PRIORITY] = OK | INVAL | NOTFOUND,
    [VG_THREAD_SELF] = OK,
};
static const uint64_t task_codes[] = {
    [VG_TASK_START] = NOTFOUND | INVAL | QUOTA, /* never a program of the ROMFS */
    [VG_TASK_EXIT] = 0,
    [VG_TASK_WAIT] = NOTFOUND | BIT(rcTimeout), /* the fuzzer has no children */
    [VG_TASK_KILL] = NOTFOUND | INVAL,
    [VG_TASK_INFO] = OK | NOTFOUND,
    [VG_TASK_RESUME] = NOTFOUND | INVAL | BIT(rcInvalidOperation),
    [VG_TASK_GET_HANDLE] = NOTFOUND | INVAL, /* the fuzzer has no children */
};
static const uint64_t vmm_codes[] = {
    [VG_VMM_MAP] = OK | INVAL | BIT(rcAlreadyExists) | QUOTA,
    [VG_VMM_UNMAP] = OK | INVAL,
    [VG_VMM_PROTECT] = OK | INVAL,
};
static const uint64_t sync_codes[] = {
    [VG_SYNC_WAIT] = OK | BIT(rcFutexWouldBlock) | BIT(rcTimeout) | INVAL | BIT(rcSourceFault),
    [VG_SYNC_WAKE] = OK | INVAL,
};
static const uint64_t time_codes[] = {[VG_TIME_NOW] = OK};
static const uint64_t hal_codes[] = {[VG_HAL_DEBUG_WRITE] = OK, [VG_HAL_MEM_INFO] = OK, [VG_HAL_OBJECT_INFO] = OK};
static const uint64_t handle_codes[] = {
    [VG_HANDLE_CLOSE] = OK | INVAL | BIT(rcInvalidOperation),
    [VG_HANDLE_COPY] = OK | INVAL | BIT(rcNoCapability) | BIT(rcHandleRevoked) | BIT(rcQuotaExceeded),
    [VG_HANDLE_REVOKE] = OK | INVAL | BIT(rcHandleRevoked) | BIT(rcInvalidOperation),
};
static const uint64_t ipc_method_codes[] = {
    [VG_IPC_CREATE_CHANNEL] = OK | NOTFOUND | INVAL | BIT(rcAlreadyExists) | QUOTA,
    [VG_IPC_CONNECT] = OK | NOTFOUND,
    [VG_IPC_REGISTER] = OK | NOTFOUND | QUOTA,
    [VG_IPC_CREATE_SYNC] = OK | QUOTA,
    [VG_IPC_SET_INTERRUPT] = OK | LOOKUP,
    [VG_IPC_CLEAR_INTERRUPT] = OK | LOOKUP,
};

static const uint64_t notice_codes[] = {
    [VG_NOTICE_CREATE] = OK | QUOTA,
    [VG_NOTICE_SUBSCRIBE] = OK | LOOKUP | QUOTA,
    [VG_NOTICE_UNSUBSCRIBE] = OK | LOOKUP | NOTFOUND,
    [VG_NOTICE_GET_EVENTS] = OK | LOOKUP | BIT(rcTimeout) | BIT(rcNotConnected) | BIT(rcTargetFault),
    [VG_NOTICE_SET_OBJECT_EVENT] = OK | LOOKUP,
    [VG_NOTICE_CREATE_USER_OBJECT] = OK | QUOTA,
    [VG_NOTICE_CREATE_TIMER] = OK | QUOTA,
    [VG_NOTICE_ARM_TIMER] = OK | LOOKUP,
};

/* io.IO (docs/drivers.md): device names from a list of real ones and random ones, handles from the pool. */
#define DEVICE (OK | INVAL | BIT(rcDeviceNotFound) | BIT(rcNoCapability) | BIT(rcInvalidOperation) | BIT(rcBusy) | QUOTA)
static const uint64_t io_codes[] = {
    [VG_IO_OPEN_MMIO] = DEVICE,
    [VG_IO_MAP_MMIO] = OK | INVAL | BIT(rcAlreadyExists) | QUOTA,
    [VG_IO_OPEN_IRQ] = DEVICE,
    [VG_IO_WAIT_IRQ] = OK | INVAL | BIT(rcTimeout) | BIT(rcBusy) | BIT(rcNotConnected),
    [VG_IO_ACK_IRQ] = OK | INVAL | BIT(rcInvalidOperation),
    [VG_IO_ALLOC_DMA] = OK | INVAL | QUOTA,
};
#define N(a) (sizeof(a) / sizeof((a)[0]))
static const struct { const uint64_t *codes; unsigned n; } methods[VG_CORE_RIID_COUNT] = {
    [VG_CORE_THREAD] = {thread_codes, N(thread_codes)}, [VG_CORE_TASK] = {task_codes, N(task_codes)},
    [VG_CORE_VMM] = {vmm_codes, N(vmm_codes)},          [VG_CORE_SYNC] = {sync_codes, N(sync_codes)},
    [VG_CORE_TIME] = {time_codes, N(time_codes)},       [VG_CORE_HAL] = {hal_codes, N(hal_codes)},
    [VG_CORE_HANDLE_EP] = {handle_codes, N(handle_codes)}, [VG_CORE_IPC] = {ipc_method_codes, N(ipc_method_codes)},
    [VG_CORE_NOTICE] = {notice_codes, N(notice_codes)},
    [VG_CORE_IO] = {io_codes, N(io_codes)},
};

int rc_documented_method(unsigned riid, unsigned mid, rc_t rc)
{
    return riid < VG_CORE_RIID_COUNT && mid < methods[riid].n && in(methods[riid].codes[mid], rc);
}

void fuzz_record(struct fuzz_thread *t, enum op op, rc_t rc)
{
    t->done++;
    unsigned slot = rc <= 0 && rc > -(int)RC_SLOTS ? (unsigned)-rc : RC_SLOTS - 1;
    t->hist[op][slot]++;
}

void fuzz_violation(struct fuzz_thread *t, const char *fmt, ...)
{
    /* The first few are printed in full; the count tells the rest. */
    if (t->violations++ < 8) {
        char line[400];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(line, sizeof line, fmt, ap);
        va_end(ap);
        printf("FAIL fuzz_%s_t%d_call%llu: %s\n", proc.name, t->id, (unsigned long long)t->done, line);
    }
}
