/* The kernel's endpoints (process class kl.core.Core), reached with vg_call on VG_CORE_HANDLE, the
 * channel every process has from birth. Each request is a message whose header carries the endpoint's
 * RIID and the method's MID; its constant part is the struct below (after the header); the response's
 * constant part starts with the header and an rc field. Strings and buffers travel in the arena.
 * docs/core-endpoints.md documents every method: arguments, results and error codes. */
#ifndef VIGIL_CORE_H
#define VIGIL_CORE_H

#include <stdint.h>
#include <vigil/msg.h>

#define VG_CORE_HANDLE 1u
/* Call on this value asks the security module about a request of the caller's own security interface
 * (EDL `security`): rcOk granted, rcSecurityDisallow denied, rcInvalidArgument malformed; no response.
 * KasperskyOS's NkKosSecurityTransport; nk_vg_security_transport_init gives generated proxies for it. */
#define VG_SECURITY_HANDLE 2u

/* RIIDs of kl.core.Core's endpoints, in the order of its EDL. */
enum vg_core_riid {
    VG_CORE_THREAD = 0, /* thread.Thread */
    VG_CORE_TASK = 1,   /* task.Task */
    VG_CORE_VMM = 2,    /* vmm.VMM */
    VG_CORE_SYNC = 3,   /* sync.Sync */
    VG_CORE_TIME = 4,   /* time.Time */
    VG_CORE_HAL = 5,    /* hal.HAL */
    VG_CORE_HANDLE_EP = 6, /* handle.Handle */
    VG_CORE_IPC = 7,    /* ipc.IPC */
    VG_CORE_NOTICE = 8, /* notice.Notice */
    VG_CORE_IO = 9,     /* io.IO: devices for user-space drivers */
    VG_CORE_RIID_COUNT
};

enum vg_thread_mid { VG_THREAD_CREATE, VG_THREAD_EXIT, VG_THREAD_JOIN, VG_THREAD_SLEEP, VG_THREAD_YIELD,
                     VG_THREAD_SET_PRIORITY, VG_THREAD_SELF };
enum vg_task_mid { VG_TASK_START, VG_TASK_EXIT, VG_TASK_WAIT, VG_TASK_KILL, VG_TASK_INFO, VG_TASK_RESUME,
                   VG_TASK_GET_HANDLE };
enum vg_vmm_mid { VG_VMM_MAP, VG_VMM_UNMAP, VG_VMM_PROTECT };
enum vg_sync_mid { VG_SYNC_WAIT, VG_SYNC_WAKE };
enum vg_time_mid { VG_TIME_NOW };
enum vg_hal_mid { VG_HAL_DEBUG_WRITE, VG_HAL_MEM_INFO, VG_HAL_OBJECT_INFO, VG_HAL_IPC_STATS };
enum vg_handle_mid { VG_HANDLE_CLOSE, VG_HANDLE_COPY, VG_HANDLE_REVOKE, VG_HANDLE_GET_SID };
enum vg_ipc_mid { VG_IPC_CREATE_CHANNEL, VG_IPC_CONNECT, VG_IPC_REGISTER, VG_IPC_CREATE_SYNC,
                  VG_IPC_SET_INTERRUPT, VG_IPC_CLEAR_INTERRUPT, VG_IPC_GET_RIID, VG_IPC_PEER, VG_IPC_LINK };
enum vg_notice_mid { VG_NOTICE_CREATE, VG_NOTICE_SUBSCRIBE, VG_NOTICE_UNSUBSCRIBE, VG_NOTICE_GET_EVENTS,
                     VG_NOTICE_SET_OBJECT_EVENT, VG_NOTICE_CREATE_USER_OBJECT, VG_NOTICE_CREATE_TIMER,
                     VG_NOTICE_ARM_TIMER };
enum vg_io_mid { VG_IO_OPEN_MMIO, VG_IO_MAP_MMIO, VG_IO_OPEN_IRQ, VG_IO_WAIT_IRQ, VG_IO_ACK_IRQ,
                 VG_IO_ALLOC_DMA };

/* vmm protections */
#define VG_PROT_READ  1u
#define VG_PROT_WRITE 2u
#define VG_PROT_EXEC  4u

#define VG_PRIORITY_MIN 0
#define VG_PRIORITY_NORMAL 15
#define VG_PRIORITY_MAX 31

/* One request layout and one response layout for every kernel method: up to four 64-bit arguments
 * and results. Which fields a method uses is fixed per method (docs/core-endpoints.md); unused ones
 * must be 0. Strings (names, arguments, environment, debug text) go in the arena, referenced by
 * vg_arena_ptr fields. */
struct vg_core_req {
    struct vg_msg_hdr hdr;
    uint64_t arg[4];
    struct vg_arena_ptr str[2];
};

struct vg_core_res {
    struct vg_msg_hdr hdr;
    int32_t rc;
    uint32_t pad;
    uint64_t val[2];
};

#endif
