/* Synchronous IPC: Call, Recv and Reply (docs/ipc.md). Every message is copied once into the kernel,
 * checked there (structure, then the KSM on exactly those bytes) and only then copied to the receiver,
 * so a denied or malformed message never reaches it and its sender cannot change what was checked.
 * Errors of the sender's message fail the sender; errors of the receiver's buffer fail the receiver. */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H

#include <stdint.h>
#include <vigil/rc.h>
#include "kobject.h"

struct thread;

/* An IPC interrupt object: threads waiting in CallEx/RecvEx with it are aborted with rcIpcInterrupt
 * while it is set. */
struct ipc_sync {
    struct kobject obj;          /* KOBJ_IPC_SYNC */
    bool interrupted;
    bool owned;                  /* a notification receiver's (kernel/notice.c), which holds a reference */
    struct thread *waiters;
};

rc_t ipc_call(uint32_t h, uint64_t user_req, uint64_t user_res, uint64_t timeout_ns, uint32_t sync);
rc_t ipc_recv(uint32_t h, uint64_t user_req, uint64_t timeout_ns, uint32_t sync);
/* With user_next_req non-zero, a successful reply is followed by a Recv on the same handle into it
 * (timeout and sync as for Recv); the answered client runs next if this Recv blocks. */
rc_t ipc_reply(uint32_t h, uint64_t user_res, uint64_t user_next_req, uint64_t timeout_ns, uint32_t sync);
/* The register ABI (<vigil/syscall.h>): the message is in the caller's saved registers x1-x7, and what
 * it receives is delivered there when it fits (a message that does not goes to the struct vg_msgbuf at
 * user address `fallback`, read only then; 0: none, and such a message fails with rcBufferTooSmall).
 * ReplyRecvReg without `reply` only receives. */
rc_t ipc_call_reg(uint32_t h, uint64_t fallback, uint64_t timeout_ns, uint32_t sync);
rc_t ipc_reply_recv_reg(uint32_t h, bool reply, uint64_t fallback, uint64_t timeout_ns, uint32_t sync);
/* The fastpath (kernel/ipc_fast.c), entered by the architecture for CallReg and ReplyRecvReg with the
 * caller's saved registers and, as arguments, its message registers x1-x7 (the same values as regs[1]
 * to regs[7]): it does not return when it delivered the message (the peer runs); when it
 * returns, nothing has changed and the general path takes the call. ipc_fast_resumed ends the system
 * call of a thread that blocked there and was woken through the general path (regs[0] gets its rc).
 * ipc_fastpath_on: false turns the fastpath off (the boot option `fastpath=off`). */
void ipc_fast_call(uint64_t *regs, uint64_t hdr, uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4,
                   uint64_t w5);
void ipc_fast_reply_recv(uint64_t *regs, uint64_t hdr, uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3,
                         uint64_t w4, uint64_t w5);
void ipc_fast_resumed(uint64_t *regs);
extern bool ipc_fastpath_on;
extern uint64_t ipc_fast_calls, ipc_fast_replies; /* delivered by the fastpath since boot */
/* A Call on VG_SECURITY_HANDLE: the caller asks the KSM about a request of its own security interface
 * (EDL `security`): the `security` event, decided and returned as Call's result; nothing is delivered. */
rc_t ipc_security_query(uint64_t user_req);
/* t is ending (killed, exited, its process ended): unlinks it from any IPC in progress, gives back
 * what its wait held, and the client it holds a request of gets rcNotConnected. */
void ipc_thread_abort(struct thread *t);
/* Ends the IPC wait of blocked thread t with rc and wakes it: it is unlinked from every IPC structure
 * (port queue, server, interrupt object) at once, so no later event can reach it. */
void ipc_wake(struct thread *t, rc_t rc);
/* The scheduler's timeout hook: when t is blocked in IPC, unlinks it as ipc_wake does (without the
 * wake, which the scheduler does); nothing for a thread that is not. */
void ipc_wait_cancelled(struct thread *t, rc_t rc);

void ipc_init(void);
rc_t ipc_sync_create(struct ipc_sync **out);
void ipc_sync_set(struct ipc_sync *s, bool interrupted);

#endif
